package org.tongbao.kpi.target;

import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;

/**
 * Where {@link TargetEvaluator} reads a metric's figures from: a flow summed over days, or a
 * level at a day, optionally filtered to one dimension value. Days are epoch days
 * (Asia/Shanghai). {@code KpiPlatform} is the production implementation; implementations say
 * which threads may call them.
 */
public interface MetricReader {
    /**
     * The metric over {@code fromDay}..{@code toDay} inclusive, restricted to
     * {@code dimensionValue} of {@code dimension} (no filter when {@code dimension} is null): the
     * sum of the days for a flow, the level at {@code toDay} for a stock or a count.
     */
    long value(Metric metric, Dimension dimension, long dimensionValue, int fromDay, int toDay);

    /** {@link #value} of each day from {@code fromDay} to {@code toDay} inclusive, one element a day. */
    long[] daily(Metric metric, Dimension dimension, long dimensionValue, int fromDay, int toDay);
}
