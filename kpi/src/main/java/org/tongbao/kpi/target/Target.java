package org.tongbao.kpi.target;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.tongbao.engine.Checks;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricKind;
import org.tongbao.kpi.metric.Unit;

/**
 * A KPI target: a metric, an optional dimension filter, an amount in the metric's unit, a start
 * and a deadline (both days included). Money targets are kept in fen; a target set in USD keeps
 * its USD amount and rate for display beside the converted amount. Immutable; any thread.
 *
 * @param name            the target's name, unique in a configuration ({@code volume-2023})
 * @param metric          an amount or a count, not a ratio nor a distinct count
 * @param filterDimension the dimension the target is restricted to; null for the whole pilot
 * @param filterValue     the value of {@code filterDimension} counted (ignored without one)
 * @param amount          the target amount: fen for money, a number for counts; positive
 * @param start           the first day counted
 * @param deadline        the last day counted
 * @param usdAmount       the amount as set in USD; null for a target set in CNY or as a count
 * @param usdRate         the CNY per USD rate the USD amount was converted at; null likewise
 * @param monthlyPhasing  twelve weights, January to December, by which the amount is expected
 *                        to accrue (each month's weight spread over its days, every year of the
 *                        span alike); null for a straight line from start to deadline
 */
public record Target(String name, Metric metric, Dimension filterDimension, long filterValue, long amount,
                     LocalDate start, LocalDate deadline, BigDecimal usdAmount, BigDecimal usdRate,
                     double[] monthlyPhasing) {
    private static final BigDecimal FEN_PER_YUAN = BigDecimal.valueOf(100L);

    public Target {
        Checks.checkArgument(name != null && !name.isBlank(), "a target needs a name");
        Checks.checkArgument(metric != null && metric.unit() != Unit.RATIO, "a target's metric must be an amount or a count");
        Checks.checkArgument(metric.kind() != MetricKind.DISTINCT, "targets on distinct counts are not supported yet");
        Checks.checkArgument(amount > 0, "a target's amount must be positive");
        Checks.checkArgument(start != null && deadline != null && !deadline.isBefore(start),
                "a target's deadline must not be before its start");
        if (monthlyPhasing != null) {
            Checks.checkArgument(monthlyPhasing.length == 12, "monthly phasing takes twelve weights, January to December");
            for (final double weight : monthlyPhasing) {
                Checks.checkArgument(weight >= 0 && Double.isFinite(weight), "monthly phasing weights are not negative");
            }
            monthlyPhasing = monthlyPhasing.clone();
            Checks.checkArgument(expectedShare(start, deadline, monthlyPhasing, (int) (deadline.toEpochDay()
                    - start.toEpochDay() + 1)) > 0, "monthly phasing must give some weight to the target's days");
        }
    }

    /** A money target of {@code yuan} CNY on an amount metric. */
    public static Target cny(final String name, final Metric metric, final long yuan, final LocalDate start,
                             final LocalDate deadline) {
        Checks.checkArgument(metric.unit() == Unit.FEN, metric + " is not an amount of money");
        return new Target(name, metric, null, 0, Math.multiplyExact(yuan, 100L), start, deadline, null, null, null);
    }

    /**
     * A money target of {@code usd} US dollars on an amount metric, converted at {@code cnyPerUsd}
     * and rounded half-even to the fen.
     */
    public static Target usd(final String name, final Metric metric, final BigDecimal usd, final BigDecimal cnyPerUsd,
                             final LocalDate start, final LocalDate deadline) {
        Checks.checkArgument(metric.unit() == Unit.FEN, metric + " is not an amount of money");
        Checks.checkArgument(cnyPerUsd.signum() > 0, "the CNY per USD rate must be positive");
        final long fen = usd.multiply(cnyPerUsd).multiply(FEN_PER_YUAN).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return new Target(name, metric, null, 0, fen, start, deadline, usd, cnyPerUsd, null);
    }

    /** A target of {@code count} things on a count metric. */
    public static Target count(final String name, final Metric metric, final long count, final LocalDate start,
                               final LocalDate deadline) {
        Checks.checkArgument(metric.unit() == Unit.COUNT, metric + " is not a count");
        return new Target(name, metric, null, 0, count, start, deadline, null, null, null);
    }

    /** The same target restricted to {@code value} of {@code dimension}. */
    public Target filtered(final Dimension dimension, final long value) {
        return new Target(name, metric, dimension, value, amount, start, deadline, usdAmount, usdRate, monthlyPhasing);
    }

    /** The monthly phasing weights (a copy), or null. */
    @Override
    public double[] monthlyPhasing() {
        return monthlyPhasing == null ? null : monthlyPhasing.clone();
    }

    /** The same target expected to accrue by {@code weights}, January to December (see {@link #monthlyPhasing}). */
    public Target phased(final double[] weights) {
        return new Target(name, metric, filterDimension, filterValue, amount, start, deadline, usdAmount, usdRate,
                weights);
    }

    /**
     * The share of the amount expected by the end of the first {@code elapsedDays} days: the
     * straight line {@code elapsed / total}, or the phased weights of those days over all.
     */
    public double expectedShare(final int elapsedDays) {
        if (monthlyPhasing == null) {
            return (double) elapsedDays / totalDays();
        }
        final double total = expectedShare(start, deadline, monthlyPhasing, totalDays());
        return expectedShare(start, deadline, monthlyPhasing, elapsedDays) / total;
    }

    /** Sum of the day weights of the first {@code days} days from {@code from} (not past {@code to}). */
    private static double expectedShare(final LocalDate from, final LocalDate to, final double[] weights, final int days) {
        double sum = 0;
        LocalDate day = from;
        for (int i = 0; i < days && !day.isAfter(to); i++) {
            sum += weights[day.getMonthValue() - 1] / day.lengthOfMonth();
            day = day.plusDays(1);
        }
        return sum;
    }

    /**
     * The same target for a fraction of the city: the amount (and the USD amount) times
     * {@code scale}, money rounded half up to the fen, counts to whole things, never below 1.
     */
    public Target scaled(final double scale) {
        Checks.checkArgument(scale > 0 && scale <= 1, "a target's scale must be above 0 and at most 1");
        final BigDecimal factor = BigDecimal.valueOf(scale);
        final long scaledAmount = Math.max(1, BigDecimal.valueOf(amount).multiply(factor)
                .setScale(0, RoundingMode.HALF_UP).longValueExact());
        return new Target(name, metric, filterDimension, filterValue, scaledAmount, start, deadline,
                usdAmount == null ? null : usdAmount.multiply(factor), usdRate, monthlyPhasing);
    }

    /** Whether the target accrues by monthly weights rather than on a straight line. */
    public boolean isPhased() {
        return monthlyPhasing != null;
    }

    /** True when the metric is a flow (summed since the start) rather than a level. */
    public boolean isFlow() {
        return metric.kind() == MetricKind.FLOW;
    }

    /** The start as an epoch day. */
    public int startDay() {
        return (int) start.toEpochDay();
    }

    /** The deadline as an epoch day. */
    public int deadlineDay() {
        return (int) deadline.toEpochDay();
    }

    /** Days from the start to the deadline, both included. */
    public int totalDays() {
        return deadlineDay() - startDay() + 1;
    }
}
