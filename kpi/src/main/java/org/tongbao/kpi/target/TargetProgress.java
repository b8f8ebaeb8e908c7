package org.tongbao.kpi.target;

/**
 * A target's progress as of one day, as {@link TargetEvaluator} computed it. Amounts are in the
 * metric's unit (fen or a count). Immutable; any thread.
 *
 * @param target            the target
 * @param asOfDay           the epoch day the progress is as of
 * @param actual            the sum since the start for a flow, the level at the last counted day otherwise
 * @param percent           actual as a percentage of the target amount
 * @param linearPace        where the actual would be today on a straight line from the baseline to the target
 *                          (on the target's monthly phasing instead, when it has one)
 * @param requiredDailyRate the daily change needed from now to reach the target by the deadline: 0 once
 *                          achieved, NaN when no day remains
 * @param forecastRunRate   the value at the deadline if the average daily change so far continues
 * @param forecastSeasonal  the Holt-Winters forecast of the value at the deadline; NaN with less than two
 *                          weeks of history
 * @param status            the status by the {@link StatusRule}
 */
public record TargetProgress(Target target, int asOfDay, long actual, double percent, double linearPace,
                             double requiredDailyRate, double forecastRunRate, double forecastSeasonal,
                             TargetStatus status) {

    /** The forecast the status uses: Holt-Winters when available, else the run rate. */
    public double forecast() {
        return Double.isNaN(forecastSeasonal) ? forecastRunRate : forecastSeasonal;
    }

    /** The name of the method behind {@link #forecast()}: "holt-winters" or "run-rate". */
    public String forecastMethod() {
        return Double.isNaN(forecastSeasonal) ? "run-rate" : "holt-winters";
    }
}
