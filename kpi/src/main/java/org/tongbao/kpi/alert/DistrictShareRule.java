package org.tongbao.kpi.alert;

import java.util.Map;
import org.tongbao.engine.Checks;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;

/**
 * Raise an alert when a district's share of a metric (period to date) falls below its
 * expected share by more than {@code lagPercent} percent of that share: share < expected ×
 * (1 − lag ÷ 100). Expected shares are the weights normalised to sum to 1 (default: the
 * districts' resident populations from PILOT.md). Raised once per crossing, again only after
 * the share has recovered. Immutable; any thread.
 *
 * @param weights district code → weight (any positive numbers)
 */
public record DistrictShareRule(String name, Metric metric, Period period, Map<Integer, Double> weights,
                                double lagPercent) {
    /** Suzhou's districts and resident population in millions (2020 census), as in PILOT.md. */
    public static final Map<Integer, Double> SUZHOU_POPULATION = Map.of(320505, 0.83, 320506, 1.39, 320507, 0.89,
            320508, 0.92, 320509, 1.55, 320581, 1.68, 320582, 1.43, 320583, 2.09, 320585, 0.83, 320571, 1.13);

    public DistrictShareRule {
        Checks.checkArgument(name != null && metric != null && period != null && !weights.isEmpty(),
                "a district share rule needs a name, a metric, a period and weights");
        Checks.checkArgument(lagPercent > 0 && lagPercent < 100, "the allowed lag is a percentage between 0 and 100");
        weights = Map.copyOf(weights);
    }

    /** The expected share of {@code district} (0 when it has no weight). */
    public double expectedShare(final int district) {
        double total = 0;
        for (final double weight : weights.values()) {
            total += weight;
        }
        return weights.getOrDefault(district, 0.0) / total;
    }
}
