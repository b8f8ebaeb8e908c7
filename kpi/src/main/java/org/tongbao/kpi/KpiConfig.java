package org.tongbao.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.tongbao.engine.Checks;
import org.tongbao.kpi.alert.DistrictShareRule;
import org.tongbao.kpi.alert.ThresholdRule;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.metric.Period;
import org.tongbao.kpi.target.StatusRule;
import org.tongbao.kpi.target.Target;

/**
 * The KPI platform's configuration, validated once: metric definitions (the volume code set),
 * the CNY per USD rate for targets set in USD, the targets, the status rule and the alert
 * rules. {@link #defaults()} holds the seed's targets from PILOT.md. Immutable; any thread.
 */
public record KpiConfig(MetricDefinitions definitions, BigDecimal cnyPerUsd, List<Target> targets, StatusRule statusRule,
                        List<ThresholdRule> thresholds, List<DistrictShareRule> districtShares) {
    /** The report's rate: about 6.7 CNY per USD. */
    public static final BigDecimal CNY_PER_USD_DEFAULT = new BigDecimal("6.7");

    public KpiConfig {
        Checks.checkArgument(definitions != null && statusRule != null, "definitions and status rule are required");
        Checks.checkArgument(cnyPerUsd != null && cnyPerUsd.signum() > 0, "the CNY per USD rate must be positive");
        targets = List.copyOf(targets);
        thresholds = List.copyOf(thresholds);
        districtShares = List.copyOf(districtShares);
        Checks.checkArgument(targets.stream().map(Target::name).distinct().count() == targets.size(),
                "target names must be unique");
    }

    /**
     * The seed's targets: 2 trillion CNY transaction volume in 2023 (≈ 300 billion USD); 200
     * billion CNY of SME loans disbursed in 2023 (≈ 30 billion USD, published locally in CNY);
     * 1,000 fintech enterprises registered by the end of 2025. Alerts: an overdue ratio above
     * 5%, and a district's share of this month's volume more than 20% below its population share.
     */
    public static KpiConfig defaults() {
        final LocalDate start2023 = LocalDate.of(2023, 1, 1);
        final LocalDate end2023 = LocalDate.of(2023, 12, 31);
        return new KpiConfig(MetricDefinitions.defaults(), CNY_PER_USD_DEFAULT, List.of(
                Target.cny("volume-2023", Metric.TRANSACTION_VOLUME, 2_000_000_000_000L, start2023, end2023),
                Target.cny("sme-loans-2023", Metric.SME_LOANS_DISBURSED, 200_000_000_000L, start2023, end2023),
                Target.count("fintech-2025", Metric.FINTECH_ENTERPRISES, 1_000, start2023, LocalDate.of(2025, 12, 31))),
                StatusRule.defaults(),
                List.of(new ThresholdRule("overdue-ratio", Metric.OVERDUE_RATIO, null, 0, Period.DAY, true, 0.05)),
                List.of(new DistrictShareRule("district-volume-share", Metric.TRANSACTION_VOLUME, Period.MONTH,
                        DistrictShareRule.SUZHOU_POPULATION, 20)));
    }

    /** The same configuration with other targets. */
    public KpiConfig withTargets(final List<Target> newTargets) {
        return new KpiConfig(definitions, cnyPerUsd, newTargets, statusRule, thresholds, districtShares);
    }

    /**
     * The same configuration for data that stands for {@code scale} of the city (a simulation
     * at a fraction of it, {@link PilotProperties}): every target's amount times the scale
     * ({@link Target#scaled}). Scale 1 returns this configuration.
     */
    public KpiConfig scaledTo(final double scale) {
        Checks.checkArgument(scale > 0 && scale <= 1, "the scale must be above 0 and at most 1, not " + scale);
        if (scale == 1) {
            return this;
        }
        final List<Target> scaled = new ArrayList<>(targets.size());
        for (final Target target : targets) {
            scaled.add(target.scaled(scale));
        }
        return withTargets(scaled);
    }

    /** A target set in USD on a money metric, converted at this configuration's rate. */
    public Target usdTarget(final String name, final Metric metric, final BigDecimal usd, final LocalDate start,
                            final LocalDate deadline) {
        return Target.usd(name, metric, usd, cnyPerUsd, start, deadline);
    }
}
