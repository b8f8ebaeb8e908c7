package org.tongbao.kpi.metric;

/** How a metric is kept and how it rolls up from days to longer periods. */
public enum MetricKind {
    /** Counted per day; a period's value is the sum of its days. */
    FLOW,
    /** A level at the end of each day; a period's value is the level at its last day (or the as-of day). */
    STOCK,
    /** Exact distinct accounts, counted per calendar period (day, week, month, quarter, year) as it happens. */
    DISTINCT,
    /** Computed at query time from other metrics (e.g. a ratio, or a level from cumulative flows). */
    DERIVED,
    /** Kept by the fintech enterprise registry, not by the ledger's events. */
    REGISTRY
}
