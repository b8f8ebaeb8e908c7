package org.tongbao.kpi.target;

import org.tongbao.kpi.forecast.HoltWinters;
import org.tongbao.kpi.forecast.RunRate;

/**
 * Computes a target's progress as of a day from a {@link MetricReader}: actual, percent, pace
 * (linear, or by the target's monthly phasing), required daily rate, run-rate and Holt-Winters forecasts at the deadline, and status.
 * Figures are measured from the baseline: zero for flows, the level the day before the start
 * otherwise. Stateless beyond its rule and model; any thread, as far as the reader allows.
 */
public final class TargetEvaluator {
    private final StatusRule rule;
    private final HoltWinters seasonal;

    public TargetEvaluator(final StatusRule rule, final HoltWinters seasonal) {
        this.rule = rule;
        this.seasonal = seasonal;
    }

    /** The default status rule and Holt-Winters parameters. */
    public static TargetEvaluator defaults() {
        return new TargetEvaluator(StatusRule.defaults(), HoltWinters.defaults());
    }

    /** The progress of {@code target} as of the epoch day {@code asOfDay}, read from {@code reader}. */
    public TargetProgress evaluate(final Target target, final MetricReader reader, final int asOfDay) {
        final int start = target.startDay();
        final int total = target.totalDays();
        final int elapsed = Math.max(0, Math.min(total, asOfDay - start + 1));
        final int lastCounted = start + elapsed - 1;
        final long baseline = target.isFlow() ? 0
                : reader.value(target.metric(), target.filterDimension(), target.filterValue(), start - 1, start - 1);
        final long actual = target.isFlow()
                ? reader.value(target.metric(), target.filterDimension(), target.filterValue(), start, lastCounted)
                : reader.value(target.metric(), target.filterDimension(), target.filterValue(), lastCounted, lastCounted);
        final long goal = target.amount();
        final double pace = !target.isPhased() ? baseline + (double) (goal - baseline) * elapsed / total
                : baseline + (goal - baseline) * target.expectedShare(elapsed);
        final int remaining = total - elapsed;
        final double required = actual >= goal ? 0 : remaining == 0 ? Double.NaN : (double) (goal - actual) / remaining;
        final double runRate = RunRate.forecast(baseline, actual, elapsed, total);
        final double holtWinters = seasonalForecast(target, reader, baseline, actual, elapsed, remaining);
        final double forecast = Double.isNaN(holtWinters) ? runRate : holtWinters;
        final TargetStatus status = rule.status(actual - baseline, pace - baseline, goal - baseline,
                forecast - baseline, elapsed > 0, asOfDay > target.deadlineDay());
        return new TargetProgress(target, asOfDay, actual, 100.0 * actual / goal, pace, required, runRate,
                holtWinters, status);
    }

    /**
     * The Holt-Winters forecast at the deadline: the actual plus the forecast daily changes over
     * the remaining days; NaN with less than {@link HoltWinters#MIN_DAYS} days elapsed.
     */
    private double seasonalForecast(final Target target, final MetricReader reader, final long baseline,
                                    final long actual, final int elapsed, final int remaining) {
        if (elapsed < HoltWinters.MIN_DAYS) {
            return Double.NaN;
        }
        final int start = target.startDay();
        final long[] values = reader.daily(target.metric(), target.filterDimension(), target.filterValue(), start,
                start + elapsed - 1);
        final double[] series = new double[values.length];
        long previous = baseline;
        for (int i = 0; i < values.length; i++) {
            series[i] = target.isFlow() ? values[i] : values[i] - previous;
            previous = values[i];
        }
        return actual + seasonal.forecastSum(series, remaining);
    }
}
