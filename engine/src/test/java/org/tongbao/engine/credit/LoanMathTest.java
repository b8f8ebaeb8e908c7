package org.tongbao.engine.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tongbao.engine.credit.Amortisation.EQUAL_INSTALMENT;
import static org.tongbao.engine.credit.Amortisation.EQUAL_PRINCIPAL;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Loan schedules in whole fen: published calculator figures, rounding boundaries, bounds and seeded properties. */
class LoanMathTest {
    private static final long SEED = 20_240_601L;
    private static final int PRODUCTS = 3_000;
    private static final int DAY_2024_03_05 = (int) LocalDate.of(2024, 3, 5).toEpochDay();

    // ---- Published calculator figures -------------------------------------------------------

    /**
     * 1,000,000 CNY, 360 months, 4.90%: r = 490 / 120,000 = 0.0040833…, (1+r)^360 = 4.336236886…,
     * level = 100,000,000 × r × 4.336236886 / 3.336236886 = 530,726.7206 fen → 530,727 (5,307.27 CNY).
     * Month 1: interest 100,000,000 × 490 / 120,000 = 408,333.33 → 408,333; principal 530,727 − 408,333.
     * Rounding the level up by 0.28 fen repays a little principal early, so the last instalment is
     * 528,362 + 2,157 = 530,519 fen, and the total interest is 359 × 530,727 + 530,519 − 100,000,000
     * = 91,061,512 fen (910,615.12 CNY). Calculators print 910,616.19 CNY: 360 × the unrounded
     * level − principal, which no borrower can actually pay in whole fen.
     */
    @Test
    void paysAMillionYuanMortgageAt4Point9PercentOver30YearsWith5307Point27YuanAMonth() {
        final List<Instalment> schedule = LoanMath.schedule(100_000_000L, 490, 360, 0, EQUAL_INSTALMENT,
                DAY_2024_03_05, 20);

        assertThat(LoanMath.levelFen(EQUAL_INSTALMENT, 100_000_000L, 490, 360)).isEqualTo(530_727L);
        assertThat(schedule).hasSize(360);
        assertThat(schedule.get(0)).isEqualTo(new Instalment(1, day(2024, 4, 20), 122_394L, 408_333L, 99_877_606L));
        assertThat(schedule.subList(0, 359)).allSatisfy(instalment -> assertThat(instalment.totalFen()).isEqualTo(530_727L));
        assertThat(schedule.get(359)).isEqualTo(new Instalment(360, day(2054, 3, 20), 528_362L, 2_157L, 0L));
        assertThat(totalInterestFen(schedule)).isEqualTo(91_061_512L);
    }

    /**
     * The same loan, equal principal: level = floor(100,000,000 / 360) = floor(277,777.78) = 277,777;
     * month 1 pays 277,777 + 408,333 = 686,110 fen. Calculators print 6,861.11 CNY because they round
     * 277,777.78 + 408,333.33 as a whole; we round the principal part down so that every month repays
     * the same whole fen and the last absorbs the 280 fen remainder (277,777 + 280 = 278,057).
     * Each month the balance falls by 277,777, so the interest by 277,777 × 490 / 120,000 = 1,134.26
     * fen: 1,134 or 1,135 fen (11.34 CNY) after rounding.
     */
    @Test
    void paysTheSameMortgageWithEqualPrincipalFrom6861Point10YuanFalling11Point34YuanAMonth() {
        final List<Instalment> schedule = LoanMath.schedule(100_000_000L, 490, 360, 0, EQUAL_PRINCIPAL,
                DAY_2024_03_05, 20);

        assertThat(LoanMath.levelFen(EQUAL_PRINCIPAL, 100_000_000L, 490, 360)).isEqualTo(277_777L);
        assertThat(schedule.get(0)).isEqualTo(new Instalment(1, day(2024, 4, 20), 277_777L, 408_333L, 99_722_223L));
        assertThat(schedule.get(0).totalFen()).isEqualTo(686_110L);
        assertThat(schedule.get(1).interestFen()).isEqualTo(407_199L);
        for (int index = 1; index < 359; index++) {
            assertThat(schedule.get(index - 1).totalFen() - schedule.get(index).totalFen()).isBetween(1_134L, 1_135L);
        }
        assertThat(schedule.get(359)).isEqualTo(new Instalment(360, day(2054, 3, 20), 278_057L, 1_135L, 0L));
        // Calculators' 737,041.67 CNY is P·r·(n+1)/2; the rounded-down principal parts leave 2.04 CNY more owed.
        assertThat(totalInterestFen(schedule)).isEqualTo(73_704_371L);
    }

    /**
     * 100,000 CNY, 12 months, 4.35%: r = 435 / 120,000, (1+r)^12 = 1.0443778468…, level =
     * 10,000,000 × r × 1.0443778 / 0.0443778 = 853,099.0036 → 853,099 fen (8,530.99 CNY, as
     * calculators print). Month 1: interest 10,000,000 × 435 / 120,000 = 36,250 exactly.
     */
    @Test
    void paysAHundredThousandYuanOverAYearAt4Point35PercentWith8530Point99YuanAMonth() {
        final List<Instalment> instalment = LoanMath.schedule(10_000_000L, 435, 12, 0, EQUAL_INSTALMENT,
                DAY_2024_03_05, 20);
        final List<Instalment> principal = LoanMath.schedule(10_000_000L, 435, 12, 0, EQUAL_PRINCIPAL,
                DAY_2024_03_05, 20);

        assertThat(instalment.get(0)).isEqualTo(new Instalment(1, day(2024, 4, 20), 816_849L, 36_250L, 9_183_151L));
        assertThat(instalment.subList(0, 11)).allSatisfy(line -> assertThat(line.totalFen()).isEqualTo(853_099L));
        assertThat(instalment.get(11)).isEqualTo(new Instalment(12, day(2025, 3, 20), 850_020L, 3_081L, 0L));
        assertThat(totalInterestFen(instalment)).isEqualTo(237_190L);
        // floor(10,000,000 / 12) = 833,333; the last repays 10,000,000 − 11 × 833,333 = 833,337.
        assertThat(principal.get(0)).isEqualTo(new Instalment(1, day(2024, 4, 20), 833_333L, 36_250L, 9_166_667L));
        assertThat(principal.get(11)).isEqualTo(new Instalment(12, day(2025, 3, 20), 833_337L, 3_021L, 0L));
        assertThat(totalInterestFen(principal)).isEqualTo(235_626L);
    }

    /**
     * 1,200 CNY, 3 months, 12% a year = 1% a month. Level = 120,000 × 0.01 × 1.01³ / (1.01³ − 1)
     * = 1,236.3612 / 0.030301 = 40,802.65 → 40,803 fen.
     * <pre>
     * month  balance  interest (1%, half up)  principal                 after
     *   1    120,000  1,200                   40,803 − 1,200 = 39,603   80,397
     *   2     80,397    803.97 → 804          40,803 −   804 = 39,999   40,398
     *   3     40,398    403.98 → 404          the whole balance 40,398       0
     * </pre>
     */
    @Test
    void computesAThreeMonthEqualInstalmentLoanLineByLine() {
        assertThat(LoanMath.schedule(120_000L, 1_200, 3, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 20)).containsExactly(
                new Instalment(1, day(2024, 4, 20), 39_603L, 1_200L, 80_397L),
                new Instalment(2, day(2024, 5, 20), 39_999L, 804L, 40_398L),
                new Instalment(3, day(2024, 6, 20), 40_398L, 404L, 0L));
    }

    /** Equal principal: 120,000 / 3 = 40,000 a month; interest 1% of 120,000, 80,000, 40,000. */
    @Test
    void computesAThreeMonthEqualPrincipalLoanLineByLine() {
        assertThat(LoanMath.schedule(120_000L, 1_200, 3, 0, EQUAL_PRINCIPAL, DAY_2024_03_05, 20)).containsExactly(
                new Instalment(1, day(2024, 4, 20), 40_000L, 1_200L, 80_000L),
                new Instalment(2, day(2024, 5, 20), 40_000L, 800L, 40_000L),
                new Instalment(3, day(2024, 6, 20), 40_000L, 400L, 0L));
    }

    /** One month of grace pays interest only; the level is then the 3-month level on the full principal. */
    @Test
    void paysOnlyInterestDuringGraceAndAmortisesTheFullPrincipalOverTheRemainingMonths() {
        assertThat(LoanMath.schedule(120_000L, 1_200, 4, 1, EQUAL_INSTALMENT, DAY_2024_03_05, 20)).containsExactly(
                new Instalment(1, day(2024, 4, 20), 0L, 1_200L, 120_000L),
                new Instalment(2, day(2024, 5, 20), 39_603L, 1_200L, 80_397L),
                new Instalment(3, day(2024, 6, 20), 39_999L, 804L, 40_398L),
                new Instalment(4, day(2024, 7, 20), 40_398L, 404L, 0L));
    }

    /** At rate 0 the level is P / n rounded half up: 100 / 8 = 12.5 → 13; the last repays 100 − 7 × 13 = 9. */
    @Test
    void splitsAnInterestFreeLoanIntoLevelsRoundedHalfUpWithTheRemainderLast() {
        final List<Instalment> schedule = LoanMath.schedule(100L, 0, 8, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 1);

        assertThat(LoanMath.levelFen(EQUAL_INSTALMENT, 100L, 0, 8)).isEqualTo(13L);
        assertThat(LoanMath.levelFen(EQUAL_INSTALMENT, 99L, 0, 8)).isEqualTo(12L);
        assertThat(schedule).extracting(Instalment::principalFen).containsExactly(13L, 13L, 13L, 13L, 13L, 13L, 13L, 9L);
        assertThat(schedule).extracting(Instalment::interestFen).containsOnly(0L);
    }

    // ---- Due days ---------------------------------------------------------------------------

    @Test
    void fallsDueOnTheRepaymentDayOfEachFollowingCalendarMonth() {
        for (final int disbursed : new int[] {day(2024, 3, 1), day(2024, 3, 20), day(2024, 3, 31)}) {
            assertThat(LoanMath.dueDay(disbursed, 20, 1)).isEqualTo(day(2024, 4, 20));
            assertThat(LoanMath.dueDay(disbursed, 20, 2)).isEqualTo(day(2024, 5, 20));
        }
        assertThat(LoanMath.dueDay(day(2023, 11, 30), 28, 2)).isEqualTo(day(2024, 1, 28));
        assertThat(LoanMath.dueDay(day(2024, 1, 31), 28, 1)).isEqualTo(day(2024, 2, 28));
        assertThat(LoanMath.dueDay(day(2024, 3, 5), 1, 360)).isEqualTo(day(2054, 3, 1));
        assertThat(LoanMath.DISBURSEMENT_DAY_MAX).isEqualTo(LocalDate.of(9999, 12, 31).toEpochDay());
    }

    // ---- Rounding boundaries ----------------------------------------------------------------

    @Test
    void roundsPeriodInterestHalfUpAtExactlyHalfAFen() {
        // principal × 1 bp / 120,000: 60,000 is exactly 0.5 fen and 180,000 exactly 1.5 fen.
        assertThat(LoanMath.periodInterestFen(59_999L, 1)).isZero();
        assertThat(LoanMath.periodInterestFen(60_000L, 1)).isEqualTo(1L);
        assertThat(LoanMath.periodInterestFen(179_999L, 1)).isEqualTo(1L);
        assertThat(LoanMath.periodInterestFen(180_000L, 1)).isEqualTo(2L);
        // 120 × 500 = 60,000: half a fen at 5% a year.
        assertThat(LoanMath.periodInterestFen(120L, 500)).isEqualTo(1L);
        assertThat(LoanMath.periodInterestFen(119L, 500)).isZero();
        assertThat(LoanMath.periodInterestFen(LoanMath.PRINCIPAL_FEN_MAX, LoanMath.RATE_BP_MAX))
                .isEqualTo(8_333_333_333_333L); // 1e14 / 12 = 8,333,333,333,333.33… → …333
    }

    @Test
    void roundsPenaltyHalfUpAtExactlyHalfAFen() {
        // overdue × bp × days / 3,650,000: 1,825 × 1,000 × 1 = 1,825,000 is exactly 0.5 fen.
        assertThat(LoanMath.penaltyFen(1_825L, 1_000, 1)).isEqualTo(1L);
        assertThat(LoanMath.penaltyFen(1_824L, 1_000, 1)).isZero();
        assertThat(LoanMath.penaltyFen(365L, 1_000, 15)).isEqualTo(2L); // exactly 1.5
        assertThat(LoanMath.penaltyFen(364L, 1_000, 15)).isEqualTo(1L); // 1.496
        // Past 3,650,000 fen the whole part is split off; the half still rounds up.
        assertThat(LoanMath.penaltyFen(3_650_000L + 1_825L, 1_000, 1)).isEqualTo(1_001L);
        assertThat(LoanMath.penaltyFen(LoanMath.OVERDUE_FEN_MAX, LoanMath.RATE_BP_MAX, LoanMath.PENALTY_DAYS_MAX))
                .isEqualTo(1_000_000_000_000_000_000L);
        assertThat(LoanMath.penaltyFen(LoanMath.OVERDUE_FEN_MAX, LoanMath.RATE_BP_MAX, 0)).isZero();
    }

    @Test
    void agreesWithExactBigIntegerPenaltiesOverSeededRandomArguments() {
        final SplittableRandom random = new SplittableRandom(SEED);
        final BigInteger denominator = BigInteger.valueOf(3_650_000L);
        for (int trial = 0; trial < 100_000; trial++) {
            final long overdueFen = random.nextLong(LoanMath.OVERDUE_FEN_MAX / pow10(random.nextInt(17)) + 1);
            final int rateBp = random.nextInt(LoanMath.RATE_BP_MAX + 1);
            final int days = random.nextInt(LoanMath.PENALTY_DAYS_MAX + 1);
            final BigInteger product = BigInteger.valueOf(overdueFen).multiply(BigInteger.valueOf((long) rateBp * days));
            final long expectedFen = product.shiftLeft(1).add(denominator).divide(denominator.shiftLeft(1)).longValueExact();

            assertThat(LoanMath.penaltyFen(overdueFen, rateBp, days))
                    .as("seed %d trial %d: penaltyFen(%d, %d, %d)", SEED, trial, overdueFen, rateBp, days)
                    .isEqualTo(expectedFen);
        }
    }

    // ---- Bounds -----------------------------------------------------------------------------

    @Test
    void numbersAmortisationMethodsStablyAndRejectsUnknownNumbers() {
        assertThat(Amortisation.ofNumber(1)).isEqualTo(EQUAL_INSTALMENT);
        assertThat(Amortisation.ofNumber(2)).isEqualTo(EQUAL_PRINCIPAL);
        for (final Amortisation method : Amortisation.values()) {
            assertThat(Amortisation.isValidNumber(method.number())).isTrue();
            assertThat(Amortisation.ofNumber(method.number())).isEqualTo(method);
        }
        for (final int number : new int[] {0, 3, -1, Integer.MAX_VALUE}) {
            assertThat(Amortisation.isValidNumber(number)).isFalse();
            assertThatThrownBy(() -> Amortisation.ofNumber(number)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsArgumentsOutsideTheBounds() {
        final long principalMax = LoanMath.PRINCIPAL_FEN_MAX;
        final int rateMax = LoanMath.RATE_BP_MAX;
        final int termMax = LoanMath.TERM_MONTHS_MAX;
        final List<Runnable> calls = List.of(
                () -> LoanMath.periodInterestFen(-1, 100),
                () -> LoanMath.periodInterestFen(principalMax + 1, 100),
                () -> LoanMath.periodInterestFen(100, -1),
                () -> LoanMath.periodInterestFen(100, rateMax + 1),
                () -> LoanMath.levelFen(null, 100, 100, 12),
                () -> LoanMath.levelFen(EQUAL_INSTALMENT, principalMax + 1, 100, 12),
                () -> LoanMath.levelFen(EQUAL_INSTALMENT, 100, rateMax + 1, 12),
                () -> LoanMath.levelFen(EQUAL_INSTALMENT, 100, 100, 0),
                () -> LoanMath.levelFen(EQUAL_PRINCIPAL, 100, 100, termMax + 1),
                () -> LoanMath.principalPartFen(null, 100, 1, 10, 2),
                () -> LoanMath.principalPartFen(EQUAL_INSTALMENT, -1, 1, 10, 2),
                () -> LoanMath.principalPartFen(EQUAL_INSTALMENT, 100, -1, 10, 2),
                () -> LoanMath.principalPartFen(EQUAL_INSTALMENT, 100, 1, -1, 2),
                () -> LoanMath.principalPartFen(EQUAL_INSTALMENT, 100, 1, 10, 0),
                () -> LoanMath.principalPartFen(EQUAL_PRINCIPAL, 100, 1, 10, termMax + 1),
                () -> LoanMath.penaltyFen(-1, 100, 1),
                () -> LoanMath.penaltyFen(LoanMath.OVERDUE_FEN_MAX + 1, 100, 1),
                () -> LoanMath.penaltyFen(100, rateMax + 1, 1),
                () -> LoanMath.penaltyFen(100, 100, -1),
                () -> LoanMath.penaltyFen(100, 100, LoanMath.PENALTY_DAYS_MAX + 1),
                () -> LoanMath.dueDay(-1, 20, 1),
                () -> LoanMath.dueDay(LoanMath.DISBURSEMENT_DAY_MAX + 1, 20, 1),
                () -> LoanMath.dueDay(DAY_2024_03_05, 0, 1),
                () -> LoanMath.dueDay(DAY_2024_03_05, 29, 1),
                () -> LoanMath.dueDay(DAY_2024_03_05, 20, 0),
                () -> LoanMath.dueDay(DAY_2024_03_05, 20, termMax + 1),
                () -> LoanMath.schedule(0, 100, 12, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(principalMax + 1, 100, 12, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, rateMax + 1, 12, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, 100, 0, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, 100, termMax + 1, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, 100, 12, 12, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, 100, 12, -1, EQUAL_INSTALMENT, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, 100, 12, 0, null, DAY_2024_03_05, 20),
                () -> LoanMath.schedule(100, 100, 12, 0, EQUAL_INSTALMENT, -1, 20),
                () -> LoanMath.schedule(100, 100, 12, 0, EQUAL_INSTALMENT, DAY_2024_03_05, 29),
                () -> new Instalment(0, 0, 0, 0, 0),
                () -> new Instalment(1, 0, -1, 0, 0),
                () -> new Instalment(1, 0, 0, -1, 0),
                () -> new Instalment(1, 0, 0, 0, -1));
        for (int index = 0; index < calls.size(); index++) {
            assertThatThrownBy(calls.get(index)::run).as("call %d", index).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void acceptsArgumentsAtTheBounds() {
        final List<Instalment> schedule = LoanMath.schedule(LoanMath.PRINCIPAL_FEN_MAX, LoanMath.RATE_BP_MAX,
                LoanMath.TERM_MONTHS_MAX, LoanMath.TERM_MONTHS_MAX - 1, EQUAL_INSTALMENT, LoanMath.DISBURSEMENT_DAY_MAX,
                LoanMath.REPAYMENT_DAY_OF_MONTH_MAX);

        // 1e14 × (1 + 1/12) = 108,333,333,333,333.33 → …333: one month at 100% a year.
        assertThat(schedule.get(LoanMath.TERM_MONTHS_MAX - 1).totalFen()).isEqualTo(108_333_333_333_333L);
        assertThat(LoanMath.levelFen(EQUAL_INSTALMENT, 0, LoanMath.RATE_BP_MAX, 1)).isZero();
        assertThat(LoanMath.schedule(1, 0, 1, 0, EQUAL_PRINCIPAL, 0, 1))
                .containsExactly(new Instalment(1, day(1970, 2, 1), 1L, 0L, 0L));
    }

    // ---- Properties over seeded random products ---------------------------------------------

    @Test
    void computesTheAnnuityLevelAsTheDecimal128FormulaRoundedHalfUp() {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int trial = 0; trial < PRODUCTS; trial++) {
            final Product product = Product.random(random);
            if (product.annualRateBp() == 0) {
                continue;
            }
            final int periods = product.termMonths() - product.graceMonths();
            final MathContext context = MathContext.DECIMAL128;
            final BigDecimal rate = BigDecimal.valueOf(product.annualRateBp()).divide(BigDecimal.valueOf(120_000), context);
            final BigDecimal grown = BigDecimal.ONE.add(rate).pow(periods, context);
            final BigDecimal level = BigDecimal.valueOf(product.principalFen()).multiply(rate, context)
                    .multiply(grown, context).divide(grown.subtract(BigDecimal.ONE), context);

            assertThat(LoanMath.levelFen(EQUAL_INSTALMENT, product.principalFen(), product.annualRateBp(), periods))
                    .as("seed %d trial %d: %s", SEED, trial, product)
                    .isEqualTo(level.setScale(0, RoundingMode.HALF_UP).longValueExact());
        }
    }

    @Test
    void repaysExactlyThePrincipalInEverySeededRandomSchedule() {
        final SplittableRandom random = new SplittableRandom(SEED);
        int levelInstalmentsSeen = 0;
        for (int trial = 0; trial < PRODUCTS; trial++) {
            final Product product = Product.random(random);
            final String description = "seed " + SEED + " trial " + trial + ": " + product;
            final List<Instalment> schedule = product.schedule(description);
            final long levelFen = LoanMath.levelFen(product.method(), product.principalFen(), product.annualRateBp(),
                    product.termMonths() - product.graceMonths());

            assertThat(schedule).as(description).hasSize(product.termMonths());
            assertThat(schedule.get(schedule.size() - 1).principalAfterFen()).as(description).isZero();
            long balanceFen = product.principalFen();
            long principalSumFen = 0;
            for (final Instalment instalment : schedule) {
                final String line = description + " instalment " + instalment;
                final boolean last = instalment.number() == product.termMonths();
                assertThat(instalment.principalFen()).as(line).isNotNegative();
                assertThat(instalment.interestFen()).as(line)
                        .isEqualTo(LoanMath.periodInterestFen(balanceFen, product.annualRateBp()))
                        .isNotNegative();
                assertThat(instalment.principalAfterFen()).as(line)
                        .isEqualTo(balanceFen - instalment.principalFen())
                        .isNotNegative();
                if (instalment.number() <= product.graceMonths()) {
                    assertThat(instalment.principalFen()).as(line).isZero();
                } else if (!last && product.method() == EQUAL_INSTALMENT && product.annualRateBp() > 0) {
                    if (balanceFen >= levelFen - instalment.interestFen()) {
                        assertThat(instalment.totalFen()).as(line).isEqualTo(levelFen);
                        levelInstalmentsSeen++;
                    } else {
                        assertThat(instalment.principalAfterFen()).as(line + " (repaid early by rounding)").isZero();
                    }
                } else if (!last && product.method() == EQUAL_PRINCIPAL) {
                    assertThat(instalment.principalFen()).as(line).isEqualTo(Math.min(levelFen, balanceFen));
                } else if (last && product.method() == EQUAL_PRINCIPAL) {
                    assertThat(instalment.principalFen()).as(line).isGreaterThanOrEqualTo(levelFen);
                }
                balanceFen = instalment.principalAfterFen();
                principalSumFen += instalment.principalFen();
            }
            assertThat(principalSumFen).as(description).isEqualTo(product.principalFen());
        }
        assertThat(levelInstalmentsSeen).as("level instalments checked").isGreaterThan(PRODUCTS);
    }

    @Test
    void fallsDueOnTheRepaymentDayOfConsecutiveMonthsInEverySeededRandomSchedule() {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int trial = 0; trial < PRODUCTS; trial++) {
            final Product product = Product.random(random);
            final String description = "seed " + SEED + " trial " + trial + ": " + product;
            LocalDate previous = LocalDate.ofEpochDay(product.disbursementDay()).withDayOfMonth(product.repaymentDayOfMonth());
            for (final Instalment instalment : product.schedule(description)) {
                final LocalDate due = LocalDate.ofEpochDay(instalment.dueDay());
                assertThat(due).as(description + " instalment " + instalment.number()).isEqualTo(previous.plusMonths(1));
                assertThat(instalment.dueDay()).as(description).isGreaterThan((int) previous.toEpochDay());
                previous = due;
            }
        }
    }

    /** A random loan product: sizes spread over every order of magnitude, rates from 0 to the maximum. */
    private record Product(long principalFen, int annualRateBp, int termMonths, int graceMonths, Amortisation method,
            int disbursementDay, int repaymentDayOfMonth) {
        static Product random(final SplittableRandom random) {
            final long principalFen = 1 + random.nextLong(LoanMath.PRINCIPAL_FEN_MAX / pow10(random.nextInt(15)));
            final int annualRateBp = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1 + random.nextInt(50);
                case 2 -> 300 + random.nextInt(2_101);
                default -> random.nextInt(LoanMath.RATE_BP_MAX + 1);
            };
            final int termMonths = 1 + random.nextInt(random.nextBoolean() ? 36 : LoanMath.TERM_MONTHS_MAX);
            final int graceMonths = random.nextInt(4) == 0 ? random.nextInt(termMonths) : 0;
            final Amortisation method = random.nextBoolean() ? EQUAL_INSTALMENT : EQUAL_PRINCIPAL;
            return new Product(principalFen, annualRateBp, termMonths, graceMonths, method,
                    random.nextInt(LoanMath.DISBURSEMENT_DAY_MAX + 1), 1 + random.nextInt(28));
        }

        /** The schedule, or an assertion failure naming {@code description} (seed and trial) if it cannot be made. */
        List<Instalment> schedule(final String description) {
            try {
                return LoanMath.schedule(principalFen, annualRateBp, termMonths, graceMonths, method, disbursementDay,
                        repaymentDayOfMonth);
            } catch (final RuntimeException e) {
                throw new AssertionError(description, e);
            }
        }
    }

    private static long pow10(final int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    private static int day(final int year, final int month, final int dayOfMonth) {
        return (int) LocalDate.of(year, month, dayOfMonth).toEpochDay();
    }

    private static long totalInterestFen(final List<Instalment> schedule) {
        long totalFen = 0;
        for (final Instalment instalment : schedule) {
            totalFen += instalment.interestFen();
        }
        return totalFen;
    }
}
