package org.tongbao.kpi;

import java.util.List;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;

/**
 * A metric split by one dimension for one period (to date): one row per value seen, with its
 * label. Values are in the metric's unit (fen, count; ratios as fractions). Immutable.
 */
public record MetricBreakdown(Metric metric, Dimension dimension, Period period, String periodLabel, double total,
                              List<Row> rows) {
    /** One dimension value. {@code value} is the raw value (district code, category, tier, operator id...). */
    public record Row(String label, long value, double amount) {
    }
}
