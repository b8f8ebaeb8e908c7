package org.tongbao.kpi.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tongbao.kpi.metric.DimensionLabels;
import org.tongbao.kpi.target.TargetProgress;
import org.tongbao.kpi.target.TargetStatus;

/**
 * The alert rules and the alerts they raised, newest last, at most {@link #ALERTS_MAX} (the
 * oldest are dropped). Each rule remembers what it saw at the previous check, so a condition
 * raises one alert when it starts, not one per check. Checks are driven by the platform
 * ({@code KpiPlatform.checkAlerts}); the API lists them and {@link AlertWebhook} delivers them.
 * Thread-safe (synchronised): checks and listing may come from different threads.
 */
public final class Alerts {
    public static final int ALERTS_MAX = 10_000;

    /** What a check needs to read. */
    public interface Values {
        /** The value of a threshold rule's metric at the end of {@code day}, period to date. */
        double value(ThresholdRule rule, int day);

        /** A district share rule's metric by district (raw code → value), period to date, at the end of {@code day}. */
        Map<Integer, Long> byDistrict(DistrictShareRule rule, int day);
    }

    private final List<ThresholdRule> thresholds;
    private final List<DistrictShareRule> shares;
    private final ArrayDeque<Alert> raised = new ArrayDeque<>();
    private final Map<String, TargetStatus> lastStatus = new HashMap<>();
    private final Set<String> active = new HashSet<>();

    public Alerts(final List<ThresholdRule> thresholds, final List<DistrictShareRule> shares) {
        this.thresholds = List.copyOf(thresholds);
        this.shares = List.copyOf(shares);
    }

    /** Runs every rule for the end of {@code day}; returns the alerts this check raised. */
    public synchronized List<Alert> check(final int day, final long nowMs, final List<TargetProgress> progress,
                                          final Values values) {
        final List<Alert> fresh = new ArrayList<>();
        for (final TargetProgress target : progress) {
            final String name = target.target().name();
            final TargetStatus before = lastStatus.put(name, target.status());
            if (before != null && target.status().worseThan(before)) {
                fresh.add(new Alert(day, nowMs, Alert.Kind.STATUS_WORSENED, name, String.format(
                        "status went from %s to %s: %.1f%% of target, forecast %.1f%% at the deadline (%s)", before.label(),
                        target.status().label(), target.percent(), 100 * target.forecast() / target.target().amount(),
                        target.forecastMethod())));
            }
        }
        for (final ThresholdRule rule : thresholds) {
            final double value = values.value(rule, day);
            final boolean crossed = rule.above() ? value > rule.threshold() : value < rule.threshold();
            if (transition("threshold:" + rule.name(), crossed)) {
                fresh.add(new Alert(day, nowMs, Alert.Kind.THRESHOLD_CROSSED, rule.name(), String.format(
                        "%s is %s, %s the threshold %s", rule.metric(), format(value), rule.above() ? "above" : "below",
                        format(rule.threshold()))));
            }
        }
        for (final DistrictShareRule rule : shares) {
            checkShares(rule, day, nowMs, values.byDistrict(rule, day), fresh);
        }
        for (final Alert alert : fresh) {
            if (raised.size() == ALERTS_MAX) {
                raised.removeFirst();
            }
            raised.addLast(alert);
        }
        return fresh;
    }

    private void checkShares(final DistrictShareRule rule, final int day, final long nowMs, final Map<Integer, Long> values,
                             final List<Alert> fresh) {
        long total = 0;
        for (final long value : values.values()) {
            total += value;
        }
        for (final int district : rule.weights().keySet().stream().sorted().toList()) {
            final double expected = rule.expectedShare(district);
            final double share = total == 0 ? expected : (double) values.getOrDefault(district, 0L) / total;
            final boolean lags = share < expected * (1 - rule.lagPercent() / 100);
            if (transition("share:" + rule.name() + ":" + district, lags)) {
                fresh.add(new Alert(day, nowMs, Alert.Kind.DISTRICT_SHARE_LAGS,
                        DimensionLabels.DISTRICTS.getOrDefault(district, "district " + district), String.format(
                                "%s share of %s is %.1f%%, expected %.1f%% (more than %.0f%% below)",
                                DimensionLabels.DISTRICTS.getOrDefault(district, "district " + district), rule.metric(),
                                100 * share, 100 * expected, rule.lagPercent())));
            }
        }
    }

    /** True when {@code condition} just became true for {@code key}. */
    private boolean transition(final String key, final boolean condition) {
        return condition ? active.add(key) : active.remove(key) && false;
    }

    /** Every alert kept, oldest first. */
    public synchronized List<Alert> list() {
        return List.copyOf(raised);
    }

    private static String format(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format("%,d", (long) value)
                : String.format("%.4f", value);
    }
}
