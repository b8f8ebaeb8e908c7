package org.tongbao.kpi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.kpi.aggregate.KpiAggregates;
import org.tongbao.kpi.alert.Alert;
import org.tongbao.kpi.alert.Alerts;
import org.tongbao.kpi.alert.DistrictShareRule;
import org.tongbao.kpi.alert.ThresholdRule;
import org.tongbao.kpi.forecast.HoltWinters;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.DimensionLabels;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricKind;
import org.tongbao.kpi.metric.Period;
import org.tongbao.kpi.registry.FintechRegistry;
import org.tongbao.kpi.registry.FintechSector;
import org.tongbao.kpi.target.MetricReader;
import org.tongbao.kpi.target.Target;
import org.tongbao.kpi.target.TargetEvaluator;
import org.tongbao.kpi.target.TargetProgress;

/**
 * The KPI platform's Java API, as the HTTP server exposes it: feed it batches
 * ({@link #onBatch}), ask it for target progress, metric values and breakdowns by dimension
 * and period, alerts, and the fintech registry. Days are Asia/Shanghai epoch days.
 *
 * <p>Thread-safety: {@link #onBatch} and every query over the aggregates run on one thread
 * (the sequencer's, through {@code Sequencer.query}, or any thread once batches have stopped);
 * the registry and the alert list are thread-safe on their own.
 */
public final class KpiPlatform implements MetricReader {
    private final KpiConfig config;
    private final KpiAggregates aggregates;
    private final FintechRegistry registry;
    private final TargetEvaluator evaluator;
    private final Alerts alerts;

    public KpiPlatform(final KpiConfig config, final FintechRegistry registry) {
        this(config, new KpiAggregates(config.definitions()), registry);
    }

    /** A platform over existing aggregates (e.g. restored from a snapshot). */
    public KpiPlatform(final KpiConfig config, final KpiAggregates aggregates, final FintechRegistry registry) {
        Checks.checkArgument(aggregates.definitions().equals(config.definitions()),
                "the aggregates were built with other metric definitions");
        this.config = config;
        this.aggregates = aggregates;
        this.registry = registry;
        this.evaluator = new TargetEvaluator(config.statusRule(), HoltWinters.defaults());
        this.alerts = new Alerts(config.thresholds(), config.districtShares());
    }

    public KpiConfig config() {
        return config;
    }

    public KpiAggregates aggregates() {
        return aggregates;
    }

    public FintechRegistry registry() {
        return registry;
    }

    /** Adds a committed batch ({@code ledger} as it is right after it). */
    public void onBatch(final Ledger ledger, final long sequence, final long timestampMs, final LedgerEvents events) {
        aggregates.onBatch(ledger, sequence, timestampMs, events);
    }

    /** The last day with data (the last batch's day), or -1 before any batch. */
    public int lastDay() {
        return aggregates.hasData() ? aggregates.lastDay() : -1;
    }

    /** Progress of every target at the end of {@code asOfDay}. */
    public List<TargetProgress> progress(final int asOfDay) {
        final List<TargetProgress> out = new ArrayList<>();
        for (final Target target : config.targets()) {
            out.add(evaluator.evaluate(target, this, asOfDay));
        }
        return out;
    }

    /** Progress of the target named {@code name}, or null when there is none. */
    public TargetProgress progress(final String name, final int asOfDay) {
        for (final Target target : config.targets()) {
            if (target.name().equalsIgnoreCase(name)) {
                return evaluator.evaluate(target, this, asOfDay);
            }
        }
        return null;
    }

    /**
     * A metric for the period of kind {@code period} that contains {@code asOfDay}, to date:
     * flows summed from the period's first day to {@code asOfDay}; levels at {@code asOfDay};
     * distinct counts for the period; ratios as fractions. {@code dimension} null = the total.
     */
    public double value(final Metric metric, final Dimension dimension, final long dimensionValue, final Period period,
                        final int asOfDay) {
        final int key = period.keyOf(asOfDay);
        final int from = period.firstDay(key);
        return switch (metric) {
            case OVERDUE_RATIO -> {
                final long outstanding = value(Metric.LOANS_OUTSTANDING, dimension, dimensionValue, asOfDay, asOfDay);
                yield outstanding <= 0 ? 0
                        : (double) value(Metric.LOANS_OVERDUE, dimension, dimensionValue, asOfDay, asOfDay) / outstanding;
            }
            case SALES_PER_INCENTIVE_YUAN -> {
                final long spent = value(Metric.INCENTIVES_SPENT, dimension, dimensionValue, from, asOfDay);
                yield spent == 0 ? 0
                        : (double) value(Metric.MERCHANT_SALES_DRIVEN, dimension, dimensionValue, from, asOfDay) / spent;
            }
            default -> metric.kind() == MetricKind.DISTINCT
                    ? aggregates.distinct(metric, period, key, dimension, slot(dimension, dimensionValue))
                    : value(metric, dimension, dimensionValue, from, asOfDay);
        };
    }

    /** {@link #value} for the total and for every value of {@code dimension} seen so far. */
    public MetricBreakdown breakdown(final Metric metric, final Dimension dimension, final Period period,
                                     final int asOfDay) {
        final List<MetricBreakdown.Row> rows = new ArrayList<>();
        for (final long raw : dimensionValues(metric, dimension)) {
            final String label = metric == Metric.FINTECH_ENTERPRISES && dimension == Dimension.SECTOR
                    ? FintechSector.ofNumber((int) raw).label() : DimensionLabels.label(dimension, raw);
            rows.add(new MetricBreakdown.Row(raw == Long.MIN_VALUE ? "other" : label, raw,
                    value(metric, dimension, raw, period, asOfDay)));
        }
        return new MetricBreakdown(metric, dimension, period, period.label(period.keyOf(asOfDay)),
                value(metric, null, 0, period, asOfDay), rows);
    }

    private List<Long> dimensionValues(final Metric metric, final Dimension dimension) {
        final List<Long> values = new ArrayList<>();
        if (metric.kind() == MetricKind.REGISTRY) {
            if (dimension == Dimension.SECTOR) {
                for (final FintechSector sector : FintechSector.values()) {
                    values.add((long) sector.number());
                }
            } else if (dimension == Dimension.DISTRICT) {
                registry.byDistrict(Integer.MAX_VALUE).keySet().forEach(district -> values.add((long) district));
            }
            return values;
        }
        for (int slot = 0; slot < aggregates.slotCount(dimension); slot++) {
            values.add(aggregates.slotValue(dimension, slot));
        }
        return values;
    }

    /** Runs the alert rules for the end of {@code day} (targets, thresholds, district shares); returns new alerts. */
    public List<Alert> checkAlerts(final int day, final long nowMs) {
        return alerts.check(day, nowMs, progress(day), new Alerts.Values() {
            @Override
            public double value(final ThresholdRule rule, final int asOf) {
                return KpiPlatform.this.value(rule.metric(), rule.dimension(), rule.dimensionValue(), rule.period(), asOf);
            }

            @Override
            public Map<Integer, Long> byDistrict(final DistrictShareRule rule, final int asOf) {
                final Map<Integer, Long> out = new HashMap<>();
                for (final int district : rule.weights().keySet()) {
                    out.put(district, (long) KpiPlatform.this.value(rule.metric(), Dimension.DISTRICT, district,
                            rule.period(), asOf));
                }
                return out;
            }
        });
    }

    /** Every alert raised so far, oldest first. */
    public List<Alert> alerts() {
        return alerts.list();
    }

    // ------------------------------------------------------------------------------------
    // MetricReader: amounts and counts over days
    // ------------------------------------------------------------------------------------

    @Override
    public long value(final Metric metric, final Dimension dimension, final long dimensionValue, final int fromDay,
                      final int toDay) {
        final int slot = slot(dimension, dimensionValue);
        return switch (metric.kind()) {
            case FLOW -> aggregates.flow(metric, dimension, slot, fromDay, toDay);
            case STOCK -> aggregates.stock(metric, dimension, slot, toDay);
            case REGISTRY -> registryCount(dimension, dimensionValue, toDay);
            case DERIVED -> {
                Checks.checkArgument(metric == Metric.LOANS_OUTSTANDING, metric + " is a ratio: use value(.., Period, ..)");
                final int first = aggregates.hasData() ? aggregates.firstDay() : toDay;
                yield aggregates.flow(Metric.SME_LOANS_DISBURSED, dimension, slot, first, toDay)
                        - aggregates.flow(Metric.LOAN_PRINCIPAL_REPAID, dimension, slot, first, toDay);
            }
            case DISTINCT -> throw new IllegalArgumentException(metric + " counts per calendar period: use value(.., Period, ..)");
        };
    }

    @Override
    public long[] daily(final Metric metric, final Dimension dimension, final long dimensionValue, final int fromDay,
                        final int toDay) {
        final long[] out = new long[Math.max(0, toDay - fromDay + 1)];
        for (int day = fromDay; day <= toDay; day++) {
            out[day - fromDay] = value(metric, dimension, dimensionValue, day, day);
        }
        return out;
    }

    private long registryCount(final Dimension dimension, final long value, final int day) {
        if (dimension == null) {
            return registry.count(day);
        }
        return switch (dimension) {
            case SECTOR -> {
                final FintechSector sector = FintechSector.ofNumber((int) value);
                yield sector == null ? 0 : registry.countInSector(sector, day);
            }
            case DISTRICT -> registry.countInDistrict((int) value, day);
            default -> throw new IllegalArgumentException("fintech enterprises are counted by sector or district, not "
                    + dimension);
        };
    }

    /** The aggregates' slot of a raw dimension value (0 for the total; -1 when never seen). */
    private int slot(final Dimension dimension, final long value) {
        return dimension == null ? 0 : aggregates.slotOf(dimension, value);
    }
}
