package org.tongbao.kpi.alert;

import org.tongbao.engine.Checks;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;

/**
 * Raise an alert when a metric crosses a threshold: its value for the period (of kind
 * {@code period}) containing the checked day, to date, goes above ({@code above}) or below the
 * threshold, having not been so at the previous check. Values in the metric's unit (fen,
 * count, or a ratio). Optionally for one dimension value. Immutable; any thread.
 */
public record ThresholdRule(String name, Metric metric, Dimension dimension, long dimensionValue, Period period,
                            boolean above, double threshold) {
    public ThresholdRule {
        Checks.checkArgument(name != null && !name.isBlank() && metric != null && period != null,
                "a threshold rule needs a name, a metric and a period");
    }
}
