package org.tongbao.kpi.alert;

/**
 * An alert raised by a rule: when (the day checked, and the time it was raised), which rule,
 * what it is about, and why, in a sentence a city administrator can read. Immutable; any thread.
 *
 * @param day     Asia/Shanghai epoch day the condition was found at (its end)
 * @param raisedMs when the check ran (batch or wall-clock time of the caller)
 */
public record Alert(int day, long raisedMs, Kind kind, String subject, String cause) {
    /** Which rule raised it. */
    public enum Kind {
        /** A target's status got worse (e.g. on pace → behind). */
        STATUS_WORSENED,
        /** A metric crossed a configured threshold. */
        THRESHOLD_CROSSED,
        /** A district's share of a metric fell below its expected share by more than the allowed lag. */
        DISTRICT_SHARE_LAGS
    }
}
