package org.tongbao.bench.kpi;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;

/**
 * Latency of the questions a dashboard asks the KPI platform, answered from memory: target
 * progress, a metric split by a dimension for a period, a distinct count for a period. Mixed
 * at random, after a warm-up, on the calling thread while nothing else updates the aggregates.
 */
public final class KpiQueryBenchmark {
    private static final Metric[] FLOWS = {Metric.TRANSACTION_VOLUME, Metric.TRANSACTION_COUNT, Metric.WALLETS_OPENED};
    private static final Dimension[] DIMENSIONS = Dimension.values();
    private static final Period[] PERIODS = Period.values();

    private KpiQueryBenchmark() {
    }

    /** p99 in microseconds of {@code queries} queries (after as many again to warm up). */
    public static double p99Micros(final KpiPlatform platform, final int queries, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int day = platform.lastDay();
        final Histogram latencies = new Histogram(60_000_000_000L, 3);
        long sink = 0;
        for (int q = -queries; q < queries; q++) {
            final long startNs = System.nanoTime();
            sink += switch (random.nextInt(3)) {
                case 0 -> platform.progress(day).size();
                case 1 -> platform.breakdown(FLOWS[random.nextInt(FLOWS.length)], DIMENSIONS[random.nextInt(DIMENSIONS.length)],
                        PERIODS[random.nextInt(PERIODS.length)], day).rows().size();
                default -> (long) platform.value(Metric.ACTIVE_WALLETS, null, 0, PERIODS[random.nextInt(PERIODS.length)], day);
            };
            if (q >= 0) {
                latencies.recordValue(System.nanoTime() - startNs);
            }
        }
        if (sink == Long.MIN_VALUE) {
            throw new IllegalStateException("unreachable: keeps the queries from being optimised away");
        }
        return latencies.getValueAtPercentile(99) / 1e3;
    }
}
