package org.tongbao.kpi.target;

import java.util.Locale;

/**
 * Where a target stands, best first: the declaration order is the ranking that alerts use to
 * tell a status that worsens ({@link #worseThan}). {@link StatusRule} decides which applies.
 * Immutable; any thread.
 */
public enum TargetStatus {
    /** The actual has reached the target. */
    ACHIEVED,
    /** At or above the rule's ahead ratio of the linear pace (105% by default). */
    AHEAD,
    /** At or above the rule's on-pace ratio of the linear pace (95% by default), or not started yet. */
    ON_PACE,
    /** Below pace, but the forecast at the deadline still reaches the rule's recoverable share of the target. */
    BEHIND,
    /** The deadline passed short of the target, or the forecast falls short of the recoverable share. */
    AT_RISK;

    /** True when this status ranks below {@code other}. */
    public boolean worseThan(final TargetStatus other) {
        return ordinal() > other.ordinal();
    }

    /** The status as people read it: lower case, words separated by spaces ("on pace"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
