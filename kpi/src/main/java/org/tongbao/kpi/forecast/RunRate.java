package org.tongbao.kpi.forecast;

/**
 * The run-rate forecast: the average daily change so far, continued to the deadline. For a
 * flow (a sum over the target period) that is {@code actual ÷ elapsedDays × totalDays}; for a
 * level it is {@code level + (level − baseline) ÷ elapsedDays × remainingDays}, which is the
 * same formula with the baseline taken off and put back. Pure; any thread.
 */
public final class RunRate {
    private RunRate() {
    }

    /**
     * Forecast at the deadline of a quantity that moved from {@code baseline} to {@code actual}
     * over {@code elapsedDays} of {@code totalDays}; {@code actual} when nothing has elapsed yet.
     */
    public static double forecast(final long baseline, final long actual, final int elapsedDays, final int totalDays) {
        if (elapsedDays <= 0) {
            return actual;
        }
        final double perDay = (double) (actual - baseline) / elapsedDays;
        return actual + perDay * Math.max(0, totalDays - elapsedDays);
    }
}
