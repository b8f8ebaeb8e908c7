package org.tongbao.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.kpi.KpiConfig;
import org.tongbao.kpi.TargetsFile;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.PilotProperties;
import org.tongbao.kpi.durable.KpiReadModel;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.DimensionLabels;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Unit;
import org.tongbao.kpi.registry.FintechRegistry;
import org.tongbao.kpi.registry.FintechSector;
import org.tongbao.kpi.target.Target;
import org.tongbao.kpi.target.TargetProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao kpi}: where each target stands. Rebuilds the KPI aggregates from the data
 * directory (the newest snapshot's KPI snapshot plus the journal tail, or the journal from
 * genesis), read-only, so it can run beside a server; evaluates the default targets (scaled to
 * the fraction of the city a simulated directory stands for, {@code DIR/pilot.properties}) at
 * the as-of day (default: the last batch's day) and prints a table, JSON or CSV.
 */
@Command(name = "kpi", mixinStandardHelpOptions = true,
        header = "Where each target stands: progress, pace, forecast, status.",
        description = {"Progress of every target: actual, %% of target, linear pace, the daily rate now required,",
            "forecasts at the deadline (run-rate and Holt-Winters with a weekly season) and status.",
            "--format json prints one document with a 'targets' array (name, actual, target, percent,",
            "status, forecast, ...); money in CNY. On a simulated data directory the city's targets are",
            "scaled to the simulated fraction of the city (DIR/pilot.properties)."})
final class KpiCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Option(names = "--data", required = true, description = "The data directory (journal and snapshots).")
    private Path data;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target (default: all).")
    private String target;

    @Option(names = "--by", paramLabel = "DIMENSION",
            description = "Also split each target's actual by district, category, tier, operator, code, size, sector or campaign.")
    private String by;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Evaluate at the end of this day, YYYY-MM-DD (default: the last batch's day).")
    private LocalDate asOf;

    @Option(names = "--registry", paramLabel = "FILE",
            description = "The fintech enterprise registry file (default: DIR/kpi/fintech-registry.tsv).")
    private Path registryFile;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("no data directory at " + data);
        }
        final String output = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "csv").contains(output)) {
            throw new IllegalArgumentException("--format must be table, json or csv, not " + format);
        }
        final Dimension dimension = by == null ? null : Dimension.byName(by);
        if (by != null && dimension == null) {
            throw new IllegalArgumentException("--by must be one of district, category, tier, operator, code, size, sector, campaign");
        }
        final PilotProperties pilot = PilotProperties.read(data);
        final KpiPlatform platform = rebuild(pilot);
        final int day = asOf != null ? (int) asOf.toEpochDay() : platform.lastDay();
        if (day < 0) {
            throw new IllegalArgumentException("the data directory holds no batches yet; pass --as-of DATE");
        }
        final List<TargetProgress> progress = selected(platform, day);
        final PrintStream out = System.out;
        switch (output) {
            case "json" -> out.println(json(platform, progress, dimension, day, pilot));
            case "csv" -> {
                if (pilot.scaled()) {
                    System.err.println(scaleNote(pilot));
                }
                csv(out, platform, progress, dimension);
            }
            default -> {
                table(out, platform, progress, dimension, day);
                if (pilot.scaled()) {
                    out.println(scaleNote(pilot) + " (this data directory simulates that much of it: "
                            + PilotProperties.FILE_NAME + ").");
                }
            }
        }
        return 0;
    }

    /** How the targets were scaled: "Targets scaled to 0.05% of the city". */
    static String scaleNote(final PilotProperties pilot) {
        return "Targets scaled to " + pilot.label();
    }

    private KpiPlatform rebuild(final PilotProperties pilot) {
        final Path registryPath = registryFile != null ? registryFile : data.resolve("kpi").resolve("fintech-registry.tsv");
        final KpiReadModel model = new KpiReadModel(pilot.apply(TargetsFile.apply(KpiConfig.defaults(), data)), new FintechRegistry(registryPath),
                false);
        Recovery.recover(new DataDirectory(data), LedgerConfigFile.read(data.resolve(LedgerConfigFile.FILE_NAME)), true,
                false, model);
        model.warnings().forEach(warning -> System.err.println("warning: " + warning));
        return model.platform();
    }

    private List<TargetProgress> selected(final KpiPlatform platform, final int day) {
        if (target == null) {
            return platform.progress(day);
        }
        final TargetProgress one = platform.progress(target, day);
        if (one == null) {
            throw new IllegalArgumentException("no target named " + target + "; targets: "
                    + platform.config().targets().stream().map(Target::name).toList());
        }
        return List.of(one);
    }

    /** The target's actual split by {@code dimension}: (label, amount in the metric's unit). */
    private static List<Object[]> split(final KpiPlatform platform, final TargetProgress progress, final Dimension dimension) {
        final Target t = progress.target();
        final int to = Math.min(progress.asOfDay(), t.deadlineDay());
        final List<Object[]> rows = new ArrayList<>();
        if (t.metric() == Metric.FINTECH_ENTERPRISES) {
            if (dimension == Dimension.SECTOR) {
                for (final FintechSector sector : FintechSector.values()) {
                    rows.add(new Object[] {sector.label(), platform.value(t.metric(), dimension, sector.number(), to, to)});
                }
            } else if (dimension == Dimension.DISTRICT) {
                platform.registry().byDistrict(to).forEach((district, count) ->
                        rows.add(new Object[] {DimensionLabels.label(Dimension.DISTRICT, district), count}));
            }
            return rows;
        }
        for (int slot = 0; slot < platform.aggregates().slotCount(dimension); slot++) {
            final long raw = platform.aggregates().slotValue(dimension, slot);
            final long amount = platform.value(t.metric(), dimension, raw, t.startDay(), to);
            if (amount != 0) {
                rows.add(new Object[] {platform.aggregates().slotLabel(dimension, slot), amount});
            }
        }
        return rows;
    }

    private static void table(final PrintStream out, final KpiPlatform platform, final List<TargetProgress> progress,
                              final Dimension dimension, final int day) {
        out.printf("KPI targets at the end of %s (Asia/Shanghai)%n", LocalDate.ofEpochDay(day));
        out.printf("%-16s %22s %22s %8s %22s %18s %22s %-13s %s%n", "target", "actual", "target", "percent", "linear pace",
                "required/day", "forecast", "method", "status");
        for (final TargetProgress p : progress) {
            final Unit unit = p.target().metric().unit();
            out.printf("%-16s %22s %22s %7.1f%% %22s %18s %22s %-13s %s%n", p.target().name(), amount(p.actual(), unit),
                    amount(p.target().amount(), unit), p.percent(), amount(p.linearPace(), unit),
                    amount(p.requiredDailyRate(), unit), amount(p.forecast(), unit), p.forecastMethod(), p.status().label());
            if (dimension != null) {
                for (final Object[] row : split(platform, p, dimension)) {
                    out.printf("  %-30s %22s%n", row[0], amount(((Number) row[1]).doubleValue(), unit));
                }
            }
        }
        out.println("Money in CNY. Status rule: achieved; ahead (>= 105% of linear pace); on pace (>= 95%);"
                + " behind (forecast >= 90% of target); at risk.");
    }

    private static String json(final KpiPlatform platform, final List<TargetProgress> progress, final Dimension dimension,
                               final int day, final PilotProperties pilot) {
        final ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("asOf", LocalDate.ofEpochDay(day).toString());
        root.put("scale", decimal(pilot.scale()));
        final ArrayNode targets = root.putArray("targets");
        for (final TargetProgress p : progress) {
            final Unit unit = p.target().metric().unit();
            final ObjectNode target = targets.addObject();
            target.put("name", p.target().name());
            target.put("metric", p.target().metric().name());
            target.put("unit", unit == Unit.FEN ? "CNY" : "count");
            target.put("actual", decimal(number(p.actual(), unit)));
            target.put("target", decimal(number(p.target().amount(), unit)));
            target.put("percent", decimal(round(p.percent())));
            target.put("status", p.status().label());
            target.put("forecast", decimal(number(p.forecast(), unit)));
            target.put("forecastMethod", p.forecastMethod());
            target.put("forecastRunRate", decimal(number(p.forecastRunRate(), unit)));
            target.put("forecastSeasonal", decimal(number(p.forecastSeasonal(), unit)));
            target.put("linearPace", decimal(number(p.linearPace(), unit)));
            target.put("requiredDailyRate", decimal(number(p.requiredDailyRate(), unit)));
            target.put("start", p.target().start().toString());
            target.put("deadline", p.target().deadline().toString());
            if (dimension != null) {
                final ObjectNode by = target.putObject("by");
                by.put("dimension", dimension.name());
                final ArrayNode values = by.putArray("values");
                for (final Object[] row : split(platform, p, dimension)) {
                    final ObjectNode value = values.addObject();
                    value.put("label", (String) row[0]);
                    value.put("actual", decimal(number(((Number) row[1]).doubleValue(), unit)));
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write the KPI document as JSON: " + e.getMessage(), e);
        }
    }

    /** A number as JSON writes it best: no trailing zeros, no exponent; null for NaN and infinities (JSON has none). */
    private static BigDecimal decimal(final double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros() : null;
    }

    private static void csv(final PrintStream out, final KpiPlatform platform, final List<TargetProgress> progress,
                            final Dimension dimension) {
        out.println("name,unit,actual,target,percent,linear_pace,required_daily_rate,forecast,forecast_method,status"
                + (dimension == null ? "" : ",dimension,value"));
        for (final TargetProgress p : progress) {
            final Unit unit = p.target().metric().unit();
            final String line = String.join(",", p.target().name(), unit == Unit.FEN ? "CNY" : "count",
                    plain(p.actual(), unit), plain(p.target().amount(), unit), String.format("%.2f", p.percent()),
                    plain(p.linearPace(), unit), plain(p.requiredDailyRate(), unit), plain(p.forecast(), unit),
                    p.forecastMethod(), p.status().label());
            out.println(line + (dimension == null ? "" : ",,"));
            if (dimension != null) {
                for (final Object[] row : split(platform, p, dimension)) {
                    out.println(String.join(",", p.target().name(), unit == Unit.FEN ? "CNY" : "count",
                            plain(((Number) row[1]).doubleValue(), unit), "", "", "", "", "", "", "", dimension.name(),
                            "\"" + ((String) row[0]).replace("\"", "\"\"") + "\""));
                }
            }
        }
    }

    private static double number(final double value, final Unit unit) {
        return unit == Unit.FEN ? Math.round(value) / 100.0 : round(value);
    }

    private static double round(final double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String plain(final double value, final Unit unit) {
        if (Double.isNaN(value)) {
            return "";
        }
        return unit == Unit.FEN ? String.format("%.2f", value / 100) : String.format("%.2f", value);
    }

    private static String amount(final double value, final Unit unit) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return unit == Unit.FEN ? String.format("%,.2f", value / 100) : String.format("%,.1f", value);
    }
}
