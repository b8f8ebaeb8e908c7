package org.tongbao.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tongbao.kpi.aggregate.KpiAggregates;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.metric.MetricKind;
import org.tongbao.kpi.metric.Period;

/**
 * The aggregates equal a recomputation from scratch ({@link NaiveKpi}) over random workloads:
 * every flow metric by every period kind and key, every stock by day, every distinct count by
 * every period, each for the total and every value of every dimension. Seeded: a failure
 * names its seed; {@code -Dtongbao.seed=N} reruns one.
 */
class AggregatesDifferentialTest {
    private static final int SEEDS = 12;
    private static final int BATCHES = 160;

    @Test
    void aggregatesEqualANaiveRecomputationOverRandomWorkloads() {
        final String pinned = System.getProperty("tongbao.seed");
        final long first = pinned == null ? 1 : Long.parseLong(pinned);
        final long last = pinned == null ? SEEDS : first;
        for (long seed = first; seed <= last; seed++) {
            checkSeed(seed, MetricDefinitions.defaults());
        }
    }

    @Test
    void aVolumeCodeSetFromConfigurationIsHonoured() {
        checkSeed(99, new MetricDefinitions(MetricDefinitions.defaults().volumeCodes()
                | 1L << org.tongbao.engine.payment.TransferCode.EXCHANGE_IN.number()
                | 1L << org.tongbao.engine.payment.TransferCode.CAMPAIGN_EXPIRY.number()));
    }

    private static void checkSeed(final long seed, final MetricDefinitions definitions) {
        final KpiAggregates aggregates = new KpiAggregates(definitions);
        final NaiveKpi naive = new NaiveKpi(definitions);
        new RandomEconomy(seed).run(BATCHES, (ledger, sequence, timestampMs, events) -> {
            aggregates.onBatch(ledger, sequence, timestampMs, events);
            naive.batch(ledger, sequence, timestampMs, events);
        });
        final Map<NaiveKpi.Key, Long> expected = naive.compute();
        final Map<NaiveKpi.Key, Long> actual = actual(aggregates);
        final Map<String, Long> actualByName = toStrings(actual);
        final Map<String, Long> expectedByName = toStrings(expected);
        final Map<String, String> differences = new TreeMap<>();
        for (final String key : union(actualByName.keySet(), expectedByName.keySet())) {
            final Long a = actualByName.get(key);
            final Long e = expectedByName.get(key);
            if (!java.util.Objects.equals(a, e) && differences.size() < 30) {
                differences.put(key, "aggregates " + a + ", naive " + e);
            }
        }
        assertThat(differences).as("seed %d: (metric period key dimension=value) where they differ", seed).isEmpty();
        assertThat(expected).as("seed %d exercises the metrics", seed).hasSizeGreaterThan(1_000);
    }

    /** Every non-zero value the aggregates answer. */
    static Map<NaiveKpi.Key, Long> actual(final KpiAggregates aggregates) {
        final Map<NaiveKpi.Key, Long> values = new HashMap<>();
        for (final Metric metric : Metric.values()) {
            if (metric.kind() == MetricKind.FLOW || metric.kind() == MetricKind.DISTINCT) {
                for (final Period period : Period.values()) {
                    for (int key = period.keyOf(aggregates.firstDay()); key <= period.keyOf(aggregates.lastDay()); key++) {
                        collect(aggregates, metric, period, key, values);
                    }
                }
            } else if (metric.kind() == MetricKind.STOCK) {
                for (int day = aggregates.firstDay(); day <= aggregates.lastDay(); day++) {
                    collect(aggregates, metric, Period.DAY, day, values);
                }
            }
        }
        return values;
    }

    private static void collect(final KpiAggregates aggregates, final Metric metric, final Period period, final int key,
                                final Map<NaiveKpi.Key, Long> values) {
        put(values, new NaiveKpi.Key(metric, period, key, null, 0), value(aggregates, metric, period, key, null, 0));
        for (final Dimension dimension : Dimension.values()) {
            for (int slot = 0; slot < aggregates.slotCount(dimension); slot++) {
                put(values, new NaiveKpi.Key(metric, period, key, dimension, aggregates.slotValue(dimension, slot)),
                        value(aggregates, metric, period, key, dimension, slot));
            }
        }
    }

    private static long value(final KpiAggregates aggregates, final Metric metric, final Period period, final int key,
                              final Dimension dimension, final int slot) {
        return switch (metric.kind()) {
            case FLOW -> aggregates.flow(metric, dimension, slot, period.firstDay(key), period.lastDay(key));
            case STOCK -> aggregates.stock(metric, dimension, slot, key);
            case DISTINCT -> aggregates.distinct(metric, period, key, dimension, slot);
            default -> throw new IllegalArgumentException(metric.toString());
        };
    }

    private static void put(final Map<NaiveKpi.Key, Long> values, final NaiveKpi.Key key, final long value) {
        if (value != 0) {
            values.merge(key, value, Long::sum);
        }
    }

    private static java.util.Set<String> union(final java.util.Set<String> a, final java.util.Set<String> b) {
        final java.util.Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, Long> toStrings(final Map<NaiveKpi.Key, Long> values) {
        final Map<String, Long> out = new HashMap<>();
        values.forEach((key, value) -> out.put(key.metric() + " " + key.period() + " " + key.periodKey() + " "
                + (key.dimension() == null ? "TOTAL" : key.dimension() + "=" + key.value()), value));
        return out;
    }
}
