package org.tongbao.kpi.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tongbao.kpi.KpiConfig;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricKind;

class TargetEvaluatorTest {
    private static final LocalDate START = LocalDate.of(2023, 1, 1);
    private static final int START_DAY = (int) START.toEpochDay();
    /** 100 days, both ends included: the linear pace is 1% of the target a day. */
    private static final LocalDate DEADLINE = START.plusDays(99);
    private static final long KUNSHAN = 320_583;

    private final TargetEvaluator evaluator = TargetEvaluator.defaults();

    /** 1,000 wallets opened in 100 days: after ten days the linear pace is 100. */
    private static Target walletsTarget() {
        return Target.count("wallets", Metric.WALLETS_OPENED, 1_000, START, DEADLINE);
    }

    /** Nine days of 10, then {@code lastDay}: an actual of 90 + lastDay after ten days. */
    private static DailySeries tenDaysEndingWith(final long lastDay) {
        final long[] values = new long[10];
        Arrays.fill(values, 10);
        values[9] = lastDay;
        return new DailySeries(START_DAY, values);
    }

    private static int dayOf(final int dayIndex) {
        return START_DAY + dayIndex;
    }

    @Test
    void computesActualPercentPaceRequiredRateAndRunRateForecastOfAFlow() {
        final long[] values = new long[10];
        Arrays.fill(values, 8);

        final TargetProgress progress = evaluator.evaluate(walletsTarget(), new DailySeries(START_DAY, values), dayOf(9));

        assertThat(progress.actual()).isEqualTo(80);
        assertThat(progress.percent()).isEqualTo(8.0);
        assertThat(progress.linearPace()).isEqualTo(100.0);
        assertThat(progress.requiredDailyRate()).isCloseTo(920.0 / 90, within(1e-12));
        assertThat(progress.forecastRunRate()).isEqualTo(800.0);
        assertThat(progress.asOfDay()).isEqualTo(dayOf(9));
    }

    @Test
    void pacesAPhasedTargetByItsMonthlyWeightsInsteadOfAStraightLine() {
        final double[] lateInTheYear = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 89};
        final Target phased = Target.count("wallets", Metric.WALLETS_OPENED, 1_000, START, LocalDate.of(2023, 12, 31))
                .phased(lateInTheYear);
        final long[] values = new long[31];
        Arrays.fill(values, 1);

        final TargetProgress progress = evaluator.evaluate(phased, new DailySeries(START_DAY, values), dayOf(30));

        // January carries 1 of the 100 weights: 10 wallets by its end, where a straight line says 84.9.
        assertThat(progress.linearPace()).isCloseTo(10.0, within(1e-9));
        assertThat(progress.actual()).isEqualTo(31);
        assertThat(progress.status()).isEqualTo(TargetStatus.AHEAD);
    }

    @Test
    void usesTheRunRateWhenThereAreLessThanTwoWeeksOfHistory() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), tenDaysEndingWith(10), dayOf(9));

        assertThat(progress.forecastSeasonal()).isNaN();
        assertThat(progress.forecast()).isEqualTo(progress.forecastRunRate());
        assertThat(progress.forecastMethod()).isEqualTo("run-rate");
    }

    @Test
    void isAchievedOnceTheActualReachesTheTargetEvenBeforeTheDeadline() {
        final long[] values = new long[10];
        Arrays.fill(values, 100);

        final TargetProgress progress = evaluator.evaluate(walletsTarget(), new DailySeries(START_DAY, values), dayOf(9));

        assertThat(progress.actual()).isEqualTo(1_000);
        assertThat(progress.status()).isEqualTo(TargetStatus.ACHIEVED);
        assertThat(progress.requiredDailyRate()).isZero();
    }

    @Test
    void isAheadAtExactly105PercentOfThePace() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), tenDaysEndingWith(15), dayOf(9));

        assertThat(progress.actual()).isEqualTo(105);
        assertThat(progress.status()).isEqualTo(TargetStatus.AHEAD);
    }

    @Test
    void isOnPaceJustBelow105PercentOfThePace() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), tenDaysEndingWith(14), dayOf(9));

        assertThat(progress.actual()).isEqualTo(104);
        assertThat(progress.status()).isEqualTo(TargetStatus.ON_PACE);
    }

    @Test
    void isOnPaceAtExactly95PercentOfThePace() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), tenDaysEndingWith(5), dayOf(9));

        assertThat(progress.actual()).isEqualTo(95);
        assertThat(progress.status()).isEqualTo(TargetStatus.ON_PACE);
    }

    @Test
    void isBehindBelow95PercentWhileTheForecastStillReaches90PercentOfTheTarget() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), tenDaysEndingWith(4), dayOf(9));

        assertThat(progress.actual()).isEqualTo(94);
        assertThat(progress.forecast()).isCloseTo(940.0, within(1e-9));
        assertThat(progress.status()).isEqualTo(TargetStatus.BEHIND);
    }

    @Test
    void isStillBehindWhenTheForecastReachesExactly90PercentOfTheTarget() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), tenDaysEndingWith(0), dayOf(9));

        assertThat(progress.actual()).isEqualTo(90);
        assertThat(progress.forecast()).isEqualTo(900.0);
        assertThat(progress.status()).isEqualTo(TargetStatus.BEHIND);
    }

    @Test
    void isAtRiskWhenTheForecastFallsShortOf90PercentOfTheTarget() {
        final long[] values = new long[10];
        Arrays.fill(values, 8);

        final TargetProgress progress = evaluator.evaluate(walletsTarget(), new DailySeries(START_DAY, values), dayOf(9));

        assertThat(progress.forecast()).isEqualTo(800.0);
        assertThat(progress.status()).isEqualTo(TargetStatus.AT_RISK);
    }

    @Test
    void isAtRiskOnceTheDeadlineHasPassedShortOfTheTarget() {
        final long[] values = new long[120];
        Arrays.fill(values, 10);
        values[0] = 9;

        final TargetProgress progress = evaluator.evaluate(walletsTarget(), new DailySeries(START_DAY, values),
                walletsTarget().deadlineDay() + 1);

        assertThat(progress.actual()).isEqualTo(999);
        assertThat(progress.linearPace()).isEqualTo(1_000.0);
        assertThat(progress.requiredDailyRate()).isNaN();
        assertThat(progress.status()).isEqualTo(TargetStatus.AT_RISK);
    }

    @Test
    void isOnPaceBeforeItsStart() {
        final TargetProgress progress = evaluator.evaluate(walletsTarget(), new DailySeries(START_DAY, new long[0]),
                START_DAY - 1);

        assertThat(progress.actual()).isZero();
        assertThat(progress.linearPace()).isZero();
        assertThat(progress.requiredDailyRate()).isEqualTo(10.0);
        assertThat(progress.status()).isEqualTo(TargetStatus.ON_PACE);
    }

    @Test
    void measuresALevelFromTheDayBeforeTheStart() {
        final long[] levels = new long[11];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = 100 + 2L * i;
        }
        final Target target = Target.count("fintech", Metric.FINTECH_ENTERPRISES, 300, START, DEADLINE);

        final TargetProgress progress = evaluator.evaluate(target, new DailySeries(START_DAY - 1, levels), dayOf(9));

        assertThat(progress.actual()).isEqualTo(120);
        assertThat(progress.percent()).isEqualTo(40.0);
        assertThat(progress.linearPace()).isEqualTo(120.0);
        assertThat(progress.forecastRunRate()).isEqualTo(300.0);
        assertThat(progress.status()).isEqualTo(TargetStatus.ON_PACE);
    }

    @Test
    void convertsAUsdTargetToFenAtTheDefaultRateOf6Point7() {
        assertThat(KpiConfig.CNY_PER_USD_DEFAULT).isEqualByComparingTo("6.7");

        final Target target = KpiConfig.defaults().usdTarget("volume-usd", Metric.TRANSACTION_VOLUME,
                new BigDecimal("1000000"), START, DEADLINE);

        assertThat(target.amount()).isEqualTo(670_000_000L);
        assertThat(target.usdAmount()).isEqualByComparingTo("1000000");
        assertThat(target.usdRate()).isEqualByComparingTo("6.7");
        assertThat(Target.usd("cents", Metric.TRANSACTION_VOLUME, new BigDecimal("1.23"), new BigDecimal("6.7"), START,
                DEADLINE).amount()).isEqualTo(824L);
        assertThat(Target.cny("volume", Metric.TRANSACTION_VOLUME, 1_000, START, DEADLINE).amount()).isEqualTo(100_000L);
    }

    @Test
    void readsAFilteredTargetFromItsDimensionValueOnly() {
        final long[] kunshan = new long[10];
        Arrays.fill(kunshan, 30);
        final long[] total = new long[10];
        Arrays.fill(total, 500);
        final MetricReader reader = new FilteredSeries(Dimension.DISTRICT, KUNSHAN,
                new DailySeries(START_DAY, kunshan), new DailySeries(START_DAY, total));
        final Target target = Target.cny("kunshan-volume", Metric.TRANSACTION_VOLUME, 10, START, DEADLINE)
                .filtered(Dimension.DISTRICT, KUNSHAN);

        final TargetProgress progress = evaluator.evaluate(target, reader, dayOf(9));

        assertThat(target.filterDimension()).isEqualTo(Dimension.DISTRICT);
        assertThat(target.filterValue()).isEqualTo(KUNSHAN);
        assertThat(target.amount()).isEqualTo(1_000L);
        assertThat(progress.actual()).isEqualTo(300);
        assertThat(progress.percent()).isEqualTo(30.0);
        assertThat(progress.status()).isEqualTo(TargetStatus.AHEAD);
    }

    @Test
    void forecastsAWeeklyPatternWithHoltWintersCloserThanTheRunRate() {
        final long[] week = {70, 10, 10, 10, 10, 10, 40};
        final long[] values = new long[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = week[i % 7];
        }
        final Target target = Target.count("weekly", Metric.TRANSACTION_COUNT, 2_000, START, START.plusDays(69));
        final double truth = 10 * 160;

        final TargetProgress progress = evaluator.evaluate(target, new DailySeries(START_DAY, values), dayOf(29));

        assertThat(progress.actual()).isEqualTo(720);
        assertThat(progress.forecastRunRate()).isCloseTo(720.0 / 30 * 70, within(1e-9));
        assertThat(progress.forecastSeasonal()).isCloseTo(truth, within(1e-6));
        assertThat(Math.abs(progress.forecastSeasonal() - truth)).isLessThan(Math.abs(progress.forecastRunRate() - truth));
        assertThat(progress.forecast()).isEqualTo(progress.forecastSeasonal());
        assertThat(progress.forecastMethod()).isEqualTo("holt-winters");
    }

    /** Daily values from {@code firstDay}: summed over days for flows, the last day's level otherwise. */
    private record DailySeries(int firstDay, long[] values) implements MetricReader {
        @Override
        public long value(final Metric metric, final Dimension dimension, final long dimensionValue, final int fromDay,
                          final int toDay) {
            if (metric.kind() != MetricKind.FLOW) {
                return at(toDay);
            }
            long sum = 0;
            for (int day = fromDay; day <= toDay; day++) {
                sum += at(day);
            }
            return sum;
        }

        @Override
        public long[] daily(final Metric metric, final Dimension dimension, final long dimensionValue, final int fromDay,
                            final int toDay) {
            final long[] out = new long[Math.max(0, toDay - fromDay + 1)];
            for (int day = fromDay; day <= toDay; day++) {
                out[day - fromDay] = value(metric, dimension, dimensionValue, day, day);
            }
            return out;
        }

        private long at(final int day) {
            final int index = day - firstDay;
            return index >= 0 && index < values.length ? values[index] : 0;
        }
    }

    /** One series for one dimension value, another for everything else. */
    private record FilteredSeries(Dimension dimension, long dimensionValue, MetricReader filtered,
                                  MetricReader unfiltered) implements MetricReader {
        @Override
        public long value(final Metric metric, final Dimension askedDimension, final long askedValue, final int fromDay,
                          final int toDay) {
            return pick(askedDimension, askedValue).value(metric, askedDimension, askedValue, fromDay, toDay);
        }

        @Override
        public long[] daily(final Metric metric, final Dimension askedDimension, final long askedValue, final int fromDay,
                            final int toDay) {
            return pick(askedDimension, askedValue).daily(metric, askedDimension, askedValue, fromDay, toDay);
        }

        private MetricReader pick(final Dimension askedDimension, final long askedValue) {
            return askedDimension == dimension && askedValue == dimensionValue ? filtered : unfiltered;
        }
    }
}
