package org.tongbao.kpi;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.target.Target;

/**
 * The city's own targets, from {@code DIR/kpi/targets.properties} when the file exists (else
 * the seed's defaults stay). One block of keys per target, named by its prefix:
 *
 * <pre>
 *  cny-per-usd = 6.7                          # optional: the rate for targets set in USD
 *  kunshan-volume.metric = TRANSACTION_VOLUME
 *  kunshan-volume.cny = 300000000000          # or .usd = 45000000000, or .count = 1000
 *  kunshan-volume.start = 2023-01-01
 *  kunshan-volume.deadline = 2023-12-31
 *  kunshan-volume.filter = DISTRICT=320583    # optional: one dimension and its value
 *  kunshan-volume.phasing = 6,6,8,8,8,8,8,8,9,9,11,11   # optional: monthly weights, Jan-Dec
 * </pre>
 *
 * A file that cannot be read whole is refused at start with the file, the key and what is
 * wrong; a target is never half-read. Stateless; any thread.
 */
public final class TargetsFile {
    public static final Path RELATIVE_PATH = Path.of("kpi", "targets.properties");

    private TargetsFile() {
    }

    /** {@code base} with the targets of the data directory's file, or unchanged when there is none. */
    public static KpiConfig apply(final KpiConfig base, final Path dataDirectory) {
        final Path file = dataDirectory.resolve(RELATIVE_PATH);
        if (!Files.exists(file)) {
            return base;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the targets file " + file, e);
        }
        final BigDecimal rate = properties.containsKey("cny-per-usd")
                ? decimal(file, properties, "cny-per-usd") : base.cnyPerUsd();
        final TreeSet<String> names = new TreeSet<>();
        for (final String key : properties.stringPropertyNames()) {
            if (key.endsWith(".metric")) {
                names.add(key.substring(0, key.length() - ".metric".length()));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(file + " names no target: each needs NAME.metric, an amount"
                    + " (NAME.cny, NAME.usd or NAME.count), NAME.start and NAME.deadline");
        }
        final List<Target> targets = new ArrayList<>();
        for (final String name : names) {
            targets.add(target(file, properties, name, rate));
        }
        return new KpiConfig(base.definitions(), rate, targets, base.statusRule(), base.thresholds(),
                base.districtShares());
    }

    private static Target target(final Path file, final Properties properties, final String name, final BigDecimal rate) {
        final Metric metric = metric(file, properties.getProperty(name + ".metric").trim());
        final LocalDate start = date(file, properties, name + ".start");
        final LocalDate deadline = date(file, properties, name + ".deadline");
        if (!deadline.isAfter(start)) {
            throw new IllegalArgumentException(file + ": " + name + ".deadline must be after " + name + ".start");
        }
        final Target target;
        if (properties.containsKey(name + ".cny")) {
            target = Target.cny(name, metric, whole(file, properties, name + ".cny"), start, deadline);
        } else if (properties.containsKey(name + ".usd")) {
            target = Target.usd(name, metric, decimal(file, properties, name + ".usd"), rate, start, deadline);
        } else if (properties.containsKey(name + ".count")) {
            target = Target.count(name, metric, whole(file, properties, name + ".count"), start, deadline);
        } else {
            throw new IllegalArgumentException(file + ": target " + name + " needs an amount: " + name + ".cny, "
                    + name + ".usd or " + name + ".count");
        }
        final Target phased = properties.containsKey(name + ".phasing")
                ? target.phased(phasing(file, name, properties.getProperty(name + ".phasing"))) : target;
        final String filter = properties.getProperty(name + ".filter");
        if (filter == null) {
            return phased;
        }
        final String[] parts = filter.split("=", 2);
        try {
            return phased.filtered(Dimension.valueOf(parts[0].trim()), Long.parseLong(parts[1].trim()));
        } catch (final RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + name + ".filter must be DIMENSION=VALUE with a dimension of "
                    + List.of(Dimension.values()) + ", e.g. DISTRICT=320583; not '" + filter + "'", e);
        }
    }

    private static double[] phasing(final Path file, final String name, final String text) {
        final String[] parts = text.split(",");
        final double[] weights = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                weights[i] = Double.parseDouble(parts[i].trim());
                if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                    throw new NumberFormatException(parts[i]);
                }
            }
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + name + ".phasing takes twelve weights (not negative),"
                    + " January to December, e.g. 6,6,8,8,8,8,8,8,9,9,11,11; not '" + text + "'", e);
        }
        if (weights.length != 12) {
            throw new IllegalArgumentException(file + ": " + name + ".phasing takes twelve weights, January to December;"
                    + " it has " + weights.length);
        }
        return weights;
    }

    private static Metric metric(final Path file, final String name) {
        try {
            return Metric.valueOf(name);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": no metric named " + name + "; metrics: "
                    + List.of(Metric.values()), e);
        }
    }

    private static LocalDate date(final Path file, final Properties properties, final String key) {
        final String text = properties.getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException(file + " lacks " + key + " (a date, YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException(file + ": " + key + " is not a date (YYYY-MM-DD): " + text, e);
        }
    }

    private static BigDecimal decimal(final Path file, final Properties properties, final String key) {
        final String text = properties.getProperty(key).trim().replace("_", "");
        try {
            final BigDecimal value = new BigDecimal(text);
            if (value.signum() <= 0) {
                throw new IllegalArgumentException(file + ": " + key + " must be positive, not " + text);
            }
            return value;
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + key + " is not a number: " + text, e);
        }
    }

    private static long whole(final Path file, final Properties properties, final String key) {
        try {
            return decimal(file, properties, key).longValueExact();
        } catch (final ArithmeticException e) {
            throw new IllegalArgumentException(file + ": " + key + " must be a whole number of at most 19 digits", e);
        }
    }
}
