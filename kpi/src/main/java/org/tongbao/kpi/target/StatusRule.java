package org.tongbao.kpi.target;

import org.tongbao.engine.Checks;

/**
 * The rule that turns a target's progress into a {@link TargetStatus}; first match wins:
 * achieved (progress ≥ target); at risk (deadline passed); on pace (nothing elapsed yet);
 * ahead (progress ≥ {@code aheadRatio} × linear pace); on pace (≥ {@code onPaceRatio} × pace);
 * behind (forecast ≥ {@code recoverableRatio} × target); at risk. Immutable; any thread.
 *
 * @param aheadRatio       share of the linear pace from which a target is ahead (≥ 1)
 * @param onPaceRatio      share of the linear pace from which a target is on pace (in (0, 1])
 * @param recoverableRatio share of the target the forecast must reach for a target behind pace
 *                         to be merely behind rather than at risk (in (0, 1])
 */
public record StatusRule(double aheadRatio, double onPaceRatio, double recoverableRatio) {
    public StatusRule {
        Checks.checkArgument(aheadRatio >= 1 && onPaceRatio > 0 && onPaceRatio <= 1 && recoverableRatio > 0
                && recoverableRatio <= 1, "status ratios: ahead ≥ 1, 0 < on pace ≤ 1, 0 < recoverable ≤ 1");
    }

    /** Ahead from 105% of pace, on pace from 95%, behind while the forecast reaches 90% of the target. */
    public static StatusRule defaults() {
        return new StatusRule(1.05, 0.95, 0.9);
    }

    /**
     * The status of a target whose figures are all measured from its baseline (the level the day
     * before its start; zero for flows): {@code progress} so far, the linear {@code pace} for
     * today, the {@code targetProgress} still to make at the start, and the
     * {@code forecastProgress} expected by the deadline.
     */
    public TargetStatus status(final double progress, final double pace, final double targetProgress,
                               final double forecastProgress, final boolean started, final boolean deadlinePassed) {
        if (progress >= targetProgress) {
            return TargetStatus.ACHIEVED;
        }
        if (deadlinePassed) {
            return TargetStatus.AT_RISK;
        }
        if (!started) {
            return TargetStatus.ON_PACE;
        }
        if (progress >= aheadRatio * pace) {
            return TargetStatus.AHEAD;
        }
        if (progress >= onPaceRatio * pace) {
            return TargetStatus.ON_PACE;
        }
        return forecastProgress >= recoverableRatio * targetProgress ? TargetStatus.BEHIND : TargetStatus.AT_RISK;
    }
}
