package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.MetricBreakdown;
import org.tongbao.kpi.alert.Alert;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.DimensionLabels;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;
import org.tongbao.kpi.metric.Unit;
import org.tongbao.kpi.registry.FintechSector;
import org.tongbao.kpi.target.Target;
import org.tongbao.kpi.target.TargetProgress;
import org.tongbao.server.http.auth.Role;

/**
 * The KPI platform for the city's dashboard: targets and their progress, any metric by one
 * dimension and period, daily series, alerts. Aggregates only, so the central bank, city
 * administrators and auditors read them. Figures are in the metric's unit, as the rest of the
 * API writes amounts: integers of fen for money, whole counts, ratios as fractions. Every read
 * runs on the ledger thread (where the aggregates change), between batches.
 */
final class KpiRoutes {
    /** Most days one series returns. */
    static final int SERIES_DAYS_MAX = 1_000;
    private static final Role[] READERS = {Role.CENTRAL_BANK, Role.CITY_ADMIN, Role.AUDITOR};

    private KpiRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.get("/v1/kpi/targets", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of("asOf"));
            final LocalDate asOf = date(ctx, "asOf");
            Json.write(ctx, 200, api.ledger.read(ledger -> {
                final KpiPlatform kpi = api.ledger.kpi();
                final int day = asOf != null ? (int) asOf.toEpochDay() : defaultDay(api, kpi);
                final ObjectNode body = Json.object();
                body.put("asOf", LocalDate.ofEpochDay(day).toString());
                body.put("scale", api.ledger.pilot().scale());
                body.put("scaleNote", scaleNote(api));
                final ArrayNode targets = body.putArray("targets");
                for (final TargetProgress progress : kpi.progress(day)) {
                    targets.add(progress(progress));
                }
                return body;
            }));
        }, READERS);
        routes.get("/v1/kpi/targets/{name}", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of("asOf"));
            final LocalDate asOf = date(ctx, "asOf");
            final String name = ctx.pathParam("name");
            final ObjectNode body = api.ledger.read(ledger -> {
                final KpiPlatform kpi = api.ledger.kpi();
                final TargetProgress progress = kpi.progress(name, asOf != null ? (int) asOf.toEpochDay()
                        : defaultDay(api, kpi));
                return progress == null ? null : progress(progress);
            });
            if (body == null) {
                throw Problem.of(404, "no-such-target", "No such target", "No target named '" + name + "'; targets: "
                        + api.ledger.kpi().config().targets().stream().map(Target::name).toList() + ".", null).exception();
            }
            Json.write(ctx, 200, body);
        }, READERS);
        routes.get("/v1/kpi/metrics/{metric}", ctx -> breakdown(ctx, api), READERS);
        routes.get("/v1/kpi/metrics/{metric}/series", ctx -> series(ctx, api), READERS);
        routes.get("/v1/kpi/alerts", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of("limit"));
            final int limit = api.limit(ctx);
            final long nowMs = api.ledger.nowMs();
            Json.write(ctx, 200, api.ledger.read(ledger -> {
                final KpiPlatform kpi = api.ledger.kpi();
                final int day = defaultDay(api, kpi);
                final List<Alert> raised = kpi.checkAlerts(day, nowMs);
                api.ledger.alertsRaised(raised);
                final List<Alert> all = kpi.alerts();
                final ObjectNode body = Json.object();
                body.put("checkedDay", LocalDate.ofEpochDay(day).toString());
                body.put("raised", raised.size());
                body.put("kept", all.size());
                final ArrayNode items = body.putArray("alerts");
                for (int i = all.size() - 1; i >= Math.max(0, all.size() - limit); i--) {
                    items.add(alert(all.get(i)));
                }
                return body;
            }));
        }, READERS);
    }

    private static void breakdown(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("by", "period", "asOf"));
        final Metric metric = metric(ctx);
        final Dimension dimension = dimension(ctx, "by");
        final Period period = period(ctx);
        final LocalDate asOf = date(ctx, "asOf");
        Json.write(ctx, 200, api.ledger.read(ledger -> {
            final KpiPlatform kpi = api.ledger.kpi();
            final int day = asOf != null ? (int) asOf.toEpochDay() : defaultDay(api, kpi);
            final ObjectNode body = Json.object();
            body.put("metric", metric.name());
            body.put("unit", unit(metric));
            body.put("period", period.name());
            body.put("asOf", LocalDate.ofEpochDay(day).toString());
            body.put("periodLabel", period.label(period.keyOf(day)));
            body.put("dimension", dimension == null ? null : dimension.name());
            final ArrayNode rows = body.putArray("rows");
            if (dimension == null) {
                figure(body, "total", metric, kpi.value(metric, null, 0, period, day));
                return body;
            }
            final MetricBreakdown breakdown = kpi.breakdown(metric, dimension, period, day);
            figure(body, "total", metric, breakdown.total());
            for (final MetricBreakdown.Row row : breakdown.rows()) {
                final ObjectNode item = rows.addObject();
                item.put("label", row.label());
                item.put("value", row.value());
                figure(item, "amount", metric, row.amount());
            }
            return body;
        }));
    }

    private static void series(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("from", "to", "by", "value"));
        final Metric metric = metric(ctx);
        final Dimension dimension = dimension(ctx, "by");
        final String valueText = ctx.queryParam("value");
        if ((dimension == null) != (valueText == null)) {
            throw Problem.of(400, "missing-field", "by and value go together",
                    "Give both 'by' (a dimension) and 'value' (one of its values), or neither for the total.",
                    dimension == null ? "by" : "value").exception();
        }
        final long value = dimension == null ? 0 : dimensionValue(metric, dimension, valueText);
        final LocalDate from = date(ctx, "from");
        final LocalDate to = date(ctx, "to");
        Json.write(ctx, 200, api.ledger.read(ledger -> {
            final KpiPlatform kpi = api.ledger.kpi();
            final int last = to != null ? (int) to.toEpochDay() : defaultDay(api, kpi);
            final int first = from != null ? (int) from.toEpochDay() : last - 29;
            if (first > last || last - first + 1 > SERIES_DAYS_MAX) {
                throw Problem.of(400, "number-out-of-range", "Bad range", "'from' must not be after 'to', and a series"
                        + " holds at most " + SERIES_DAYS_MAX + " days.", "from").exception();
            }
            final ObjectNode body = Json.object();
            body.put("metric", metric.name());
            body.put("unit", unit(metric));
            body.put("from", LocalDate.ofEpochDay(first).toString());
            body.put("to", LocalDate.ofEpochDay(last).toString());
            body.put("dimension", dimension == null ? null : dimension.name());
            if (dimension == null) {
                body.putNull("value");
                body.putNull("label");
            } else {
                body.put("value", value);
                body.put("label", label(metric, dimension, value));
            }
            final ArrayNode points = body.putArray("points");
            try {
                for (int day = first; day <= last; day++) {
                    final ObjectNode point = points.addObject();
                    point.put("date", LocalDate.ofEpochDay(day).toString());
                    figure(point, "value", metric, kpi.value(metric, dimension, value, Period.DAY, day));
                }
            } catch (final IllegalArgumentException e) {
                throw Problem.of(400, "unsupported-dimension", "Unsupported dimension", e.getMessage() + ".", "by")
                        .exception();
            }
            return body;
        }));
    }

    /**
     * The last complete day, which figures are as of unless a request names one: the last
     * batch's day once the ledger's clock has passed it (a finished simulation, a quiet night),
     * else the day before it, because a day under way would read as a slump to the forecasts
     * and the alert rules. (Batch time never runs ahead of the clock, see {@code nowMs}.)
     */
    /** Runs the alert rules for the default day (on the ledger thread) and hands what they raise to the webhook. */
    static void checkAlerts(final ApiContext api) {
        final long nowMs = api.ledger.nowMs();
        api.ledger.read(ledger -> {
            final KpiPlatform kpi = api.ledger.kpi();
            api.ledger.alertsRaised(kpi.checkAlerts(defaultDay(api, kpi), nowMs));
            return null;
        });
    }

    static int defaultDay(final ApiContext api, final KpiPlatform kpi) {
        final int today = ShanghaiCalendar.epochDay(api.ledger.nowMs());
        final int last = kpi.lastDay();
        return last >= 0 && last < today ? last : today - 1;
    }

    static String scaleNote(final ApiContext api) {
        return api.ledger.pilot().scaled() ? "targets scaled to " + api.ledger.pilot().label()
                : "targets for the whole city";
    }

    private static ObjectNode progress(final TargetProgress p) {
        final Target target = p.target();
        final ObjectNode n = Json.object();
        n.put("name", target.name());
        n.put("metric", target.metric().name());
        n.put("unit", unit(target.metric()));
        if (target.filterDimension() == null) {
            n.putNull("filter");
        } else {
            final ObjectNode filter = n.putObject("filter");
            filter.put("dimension", target.filterDimension().name());
            filter.put("value", target.filterValue());
            filter.put("label", DimensionLabels.label(target.filterDimension(), target.filterValue()));
        }
        n.put("start", target.start().toString());
        n.put("deadline", target.deadline().toString());
        n.put("asOf", LocalDate.ofEpochDay(p.asOfDay()).toString());
        n.put("target", target.amount());
        n.put("actual", p.actual());
        n.put("percent", Math.round(p.percent() * 100) / 100.0);
        whole(n, "linearPace", p.linearPace());
        whole(n, "requiredDailyRate", p.requiredDailyRate());
        whole(n, "forecast", p.forecast());
        n.put("forecastMethod", p.forecastMethod());
        whole(n, "forecastRunRate", p.forecastRunRate());
        whole(n, "forecastSeasonal", p.forecastSeasonal());
        n.put("status", p.status().name());
        n.put("statusLabel", p.status().label());
        return n;
    }

    private static ObjectNode alert(final Alert alert) {
        final ObjectNode n = Json.object();
        n.put("day", LocalDate.ofEpochDay(alert.day()).toString());
        n.put("raisedMs", alert.raisedMs());
        n.put("kind", alert.kind().name());
        n.put("subject", alert.subject());
        n.put("cause", alert.cause());
        return n;
    }

    /** A figure in the metric's unit: a whole number of fen or things, or a fraction for ratios. */
    private static void figure(final ObjectNode node, final String field, final Metric metric, final double value) {
        if (metric.unit() == Unit.RATIO) {
            node.put(field, value);
        } else {
            node.put(field, Math.round(value));
        }
    }

    /** A whole amount, or null when the figure does not exist (NaN: no forecast yet, no day left). */
    private static void whole(final ObjectNode node, final String field, final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value));
        }
    }

    private static String unit(final Metric metric) {
        return metric.unit().name().toLowerCase(Locale.ROOT);
    }

    private static Metric metric(final Context ctx) {
        final Metric metric = Metric.byName(ctx.pathParam("metric"));
        if (metric == null) {
            throw Problem.of(404, "no-such-metric", "No such metric", "No metric '" + ctx.pathParam("metric")
                    + "'; metrics: " + java.util.Arrays.stream(Metric.values()).map(m -> m.name().toLowerCase(Locale.ROOT)
                    .replace('_', '-')).toList() + ".", null).exception();
        }
        return metric;
    }

    private static Dimension dimension(final Context ctx, final String name) {
        final String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        final Dimension dimension = Dimension.byName(text);
        if (dimension == null) {
            throw Problem.of(400, "unknown-dimension", "Unknown dimension", "'" + name + "' must be one of district,"
                    + " category, tier, operator, code, size, sector, campaign.", name).exception();
        }
        return dimension;
    }

    private static Period period(final Context ctx) {
        final String text = ctx.queryParam("period");
        if (text == null) {
            return Period.MONTH;
        }
        for (final Period period : Period.values()) {
            if (period.name().equalsIgnoreCase(text.trim())) {
                return period;
            }
        }
        throw Problem.of(400, "unknown-period", "Unknown period", "'period' must be one of day, week, month, quarter,"
                + " year.", "period").exception();
    }

    static LocalDate date(final Context ctx, final String name) {
        final String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (final DateTimeParseException e) {
            throw Problem.of(400, "wrong-type", "Wrong type", "'" + name + "' must be a date, YYYY-MM-DD.", name)
                    .exception();
        }
    }

    /** A dimension's raw value: a number, or a district's name, a transfer code's name, a fintech sector's name. */
    private static long dimensionValue(final Metric metric, final Dimension dimension, final String text) {
        final String trimmed = text.trim();
        if (dimension == Dimension.DISTRICT && DimensionLabels.districtCode(trimmed) >= 0) {
            return DimensionLabels.districtCode(trimmed);
        }
        if (dimension == Dimension.TRANSFER_CODE) {
            for (final TransferCode code : TransferCode.values()) {
                if (code.name().equalsIgnoreCase(trimmed.replace('-', '_'))) {
                    return code.number();
                }
            }
        }
        if (dimension == Dimension.SECTOR && metric == Metric.FINTECH_ENTERPRISES && FintechSector.byName(trimmed) != null) {
            return FintechSector.byName(trimmed).number();
        }
        try {
            return Long.parseLong(trimmed);
        } catch (final NumberFormatException e) {
            throw Problem.of(400, "unknown-value", "Unknown value", "'value' must be a number or a name of a "
                    + dimension.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", not '" + text + "'.", "value")
                    .exception();
        }
    }

    private static String label(final Metric metric, final Dimension dimension, final long value) {
        if (metric == Metric.FINTECH_ENTERPRISES && dimension == Dimension.SECTOR) {
            final FintechSector sector = FintechSector.ofNumber((int) value);
            return sector == null ? "sector " + value : sector.label();
        }
        return DimensionLabels.label(dimension, value);
    }
}
