package org.tongbao.engine.credit;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.tongbao.engine.Checks;

/**
 * The repayment arithmetic of SME loans, in whole fen. The ledger calls these functions on
 * disbursement, on each due day and on early repayment; {@link #schedule} steps the very same
 * functions to show a borrower the schedule, so the two cannot disagree. Pure, deterministic and
 * stateless: no floating point; any thread.
 *
 * <h2>Rounding rules (the only place they are stated)</h2>
 * <ol>
 *   <li>Interest of a period: a month is 1/12 of a year whatever its length in days, so the
 *       period rate is {@code annualRateBp / 120,000}. Interest = balance &times; annualRateBp /
 *       120,000, rounded half up to the fen, computed on the balance before the period.</li>
 *   <li>Level of {@link Amortisation#EQUAL_INSTALMENT}: the annuity P&middot;r / (1 &minus;
 *       (1+r)<sup>&minus;n</sup>), computed as an exact fraction of integers and rounded half up to
 *       the fen once; at rate 0 it is P / n rounded half up.</li>
 *   <li>Level of {@link Amortisation#EQUAL_PRINCIPAL}: P / n rounded down, so every instalment
 *       before the last repays the level and the last one repays at least the level.</li>
 *   <li>The last instalment repays the whole remaining balance: it absorbs every remainder the
 *       rules above leave, and the principal parts sum exactly to the principal.</li>
 *   <li>Penalty interest on an overdue amount: overdue &times; penaltyRateBp &times; days /
 *       (10,000 &times; 365), actual days over a 365-day year, rounded half up to the fen.</li>
 * </ol>
 * Half up means an exact half fen goes up: amounts are never negative, so there is no sign to
 * round away from.
 */
public final class LoanMath {
    /** Most annual rate, in basis points: 100% a year. */
    public static final int RATE_BP_MAX = 10_000;
    /** Most principal of one loan: 1 trillion CNY. Times {@link #RATE_BP_MAX} it still fits a long. */
    public static final long PRINCIPAL_FEN_MAX = 100_000_000_000_000L;
    /** Longest term: 30 years of monthly instalments. */
    public static final int TERM_MONTHS_MAX = 360;
    /** Most overdue amount a penalty is charged on; the penalty at the maxima is then at most 1e18 fen. */
    public static final long OVERDUE_FEN_MAX = 100 * PRINCIPAL_FEN_MAX;
    /** Most days a penalty is charged for at once: 100 years. */
    public static final int PENALTY_DAYS_MAX = 36_500;
    /** Last repayment day of month: every month has it. */
    public static final int REPAYMENT_DAY_OF_MONTH_MAX = 28;
    /** Latest disbursement day: 9999-12-31 as an epoch day. */
    public static final int DISBURSEMENT_DAY_MAX = 2_932_896;

    /** Annual basis points over a month's rate: 12 months &times; 10,000 basis points. */
    private static final long PERIOD_RATE_DENOMINATOR = 120_000L;
    /** Basis points over a day's rate: 10,000 basis points &times; 365 days. */
    private static final long PENALTY_RATE_DENOMINATOR = 3_650_000L;

    private LoanMath() {
    }

    /** One month's interest on {@code principalFen}: principal &times; annualRateBp / 120,000, rounded half up. */
    public static long periodInterestFen(final long principalFen, final int annualRateBp) {
        checkPrincipal(principalFen);
        checkRate(annualRateBp);
        return (principalFen * annualRateBp + PERIOD_RATE_DENOMINATOR / 2) / PERIOD_RATE_DENOMINATOR;
    }

    /**
     * The level of a loan of {@code principalFen} amortised over {@code periods} months: the total
     * of each instalment for {@link Amortisation#EQUAL_INSTALMENT}, the principal of each
     * instalment for {@link Amortisation#EQUAL_PRINCIPAL}. The last instalment may differ.
     */
    public static long levelFen(final Amortisation method, final long principalFen, final int annualRateBp,
            final int periods) {
        Checks.checkArgument(method != null, "amortisation method must be given");
        checkPrincipal(principalFen);
        checkRate(annualRateBp);
        checkPeriods(periods);
        if (method == Amortisation.EQUAL_PRINCIPAL) {
            return principalFen / periods;
        }
        if (annualRateBp == 0) {
            return (2 * principalFen + periods) / (2L * periods);
        }
        // P·r/(1 − (1+r)^−n) with r = b/D is exactly P·b·(D+b)^n / (D·((D+b)^n − D^n)).
        final BigInteger grown = BigInteger.valueOf(PERIOD_RATE_DENOMINATOR + annualRateBp).pow(periods);
        final BigInteger unchanged = BigInteger.valueOf(PERIOD_RATE_DENOMINATOR).pow(periods);
        final BigInteger numerator = BigInteger.valueOf(principalFen).multiply(BigInteger.valueOf(annualRateBp))
                .multiply(grown);
        final BigInteger denominator = BigInteger.valueOf(PERIOD_RATE_DENOMINATOR).multiply(grown.subtract(unchanged));
        return numerator.shiftLeft(1).add(denominator).divide(denominator.shiftLeft(1)).longValueExact();
    }

    /**
     * The principal due this period, given the balance before it, this period's interest, the
     * loan's level and the amortising periods left including this one. The last period
     * ({@code periodsLeft == 1}) repays the whole balance; before it,
     * {@link Amortisation#EQUAL_INSTALMENT} repays level &minus; interest and
     * {@link Amortisation#EQUAL_PRINCIPAL} the level, both clamped to [0, balance].
     */
    public static long principalPartFen(final Amortisation method, final long balanceFen, final long interestFen,
            final long levelFen, final int periodsLeft) {
        Checks.checkArgument(method != null, "amortisation method must be given");
        checkPrincipal(balanceFen);
        Checks.checkArgument(interestFen >= 0 && interestFen <= PRINCIPAL_FEN_MAX,
                "interest must be 0.." + PRINCIPAL_FEN_MAX + " fen");
        Checks.checkArgument(levelFen >= 0, "level must not be negative");
        checkPeriods(periodsLeft);
        if (periodsLeft == 1) {
            return balanceFen;
        }
        final long dueFen = method == Amortisation.EQUAL_INSTALMENT ? levelFen - interestFen : levelFen;
        return Math.min(Math.max(dueFen, 0), balanceFen);
    }

    /**
     * Penalty interest on {@code overdueFen} for {@code days} days at an annual
     * {@code penaltyRateBp}: overdue &times; penaltyRateBp &times; days / 3,650,000, rounded half
     * up. Exact without overflow or allocation for every argument within the bounds.
     */
    public static long penaltyFen(final long overdueFen, final int penaltyRateBp, final int days) {
        Checks.checkArgument(overdueFen >= 0 && overdueFen <= OVERDUE_FEN_MAX,
                "overdue amount must be 0.." + OVERDUE_FEN_MAX + " fen");
        checkRate(penaltyRateBp);
        Checks.checkArgument(days >= 0 && days <= PENALTY_DAYS_MAX, "penalty days must be 0.." + PENALTY_DAYS_MAX);
        // overdue = q·D + rest, so overdue·k = q·k·D + rest·k: only rest·k needs rounding.
        // q·k ≤ overdue·100 ≤ 1e18 and rest·k < 3.65e6 · 3.65e8: both fit a long.
        final long rateDays = (long) penaltyRateBp * days;
        final long whole = overdueFen / PENALTY_RATE_DENOMINATOR;
        final long rest = overdueFen % PENALTY_RATE_DENOMINATOR;
        return whole * rateDays + (rest * rateDays + PENALTY_RATE_DENOMINATOR / 2) / PENALTY_RATE_DENOMINATOR;
    }

    /**
     * Epoch day of the {@code period}-th due date: day {@code repaymentDayOfMonth} of the
     * {@code period}-th calendar month after the month of {@code disbursementDay}. A loan
     * disbursed on any day of March with repayment day 20 is first due on 20 April.
     */
    public static int dueDay(final int disbursementDay, final int repaymentDayOfMonth, final int period) {
        checkDisbursementDay(disbursementDay);
        checkRepaymentDay(repaymentDayOfMonth);
        checkPeriods(period);
        return Math.toIntExact(LocalDate.ofEpochDay(disbursementDay).withDayOfMonth(repaymentDayOfMonth)
                .plusMonths(period).toEpochDay());
    }

    /**
     * The whole schedule of a loan, one instalment a month. The first {@code graceMonths}
     * instalments pay interest only; the level is computed once, on the full principal over the
     * {@code termMonths − graceMonths} amortising months, and each instalment steps
     * {@link #periodInterestFen}, {@link #principalPartFen} and {@link #dueDay}.
     */
    public static List<Instalment> schedule(final long principalFen, final int annualRateBp, final int termMonths,
            final int graceMonths, final Amortisation method, final int disbursementDay,
            final int repaymentDayOfMonth) {
        Checks.checkArgument(principalFen >= 1 && principalFen <= PRINCIPAL_FEN_MAX,
                "principal must be 1.." + PRINCIPAL_FEN_MAX + " fen");
        checkRate(annualRateBp);
        checkPeriods(termMonths);
        Checks.checkArgument(graceMonths >= 0 && graceMonths < termMonths, "grace months must be 0..term - 1");
        Checks.checkArgument(method != null, "amortisation method must be given");
        checkDisbursementDay(disbursementDay);
        checkRepaymentDay(repaymentDayOfMonth);

        final long levelFen = levelFen(method, principalFen, annualRateBp, termMonths - graceMonths);
        final List<Instalment> instalments = new ArrayList<>(termMonths);
        long balanceFen = principalFen;
        for (int period = 1; period <= termMonths; period++) {
            final long interestFen = periodInterestFen(balanceFen, annualRateBp);
            final long principalPartFen = period <= graceMonths ? 0
                    : principalPartFen(method, balanceFen, interestFen, levelFen, termMonths - period + 1);
            balanceFen -= principalPartFen;
            instalments.add(new Instalment(period, dueDay(disbursementDay, repaymentDayOfMonth, period),
                    principalPartFen, interestFen, balanceFen));
        }
        Checks.check(balanceFen == 0, "a schedule must repay the whole principal");
        return List.copyOf(instalments);
    }

    private static void checkPrincipal(final long principalFen) {
        Checks.checkArgument(principalFen >= 0 && principalFen <= PRINCIPAL_FEN_MAX,
                "principal must be 0.." + PRINCIPAL_FEN_MAX + " fen");
    }

    private static void checkRate(final int rateBp) {
        Checks.checkArgument(rateBp >= 0 && rateBp <= RATE_BP_MAX, "annual rate must be 0.." + RATE_BP_MAX + " bp");
    }

    private static void checkPeriods(final int periods) {
        Checks.checkArgument(periods >= 1 && periods <= TERM_MONTHS_MAX, "periods must be 1.." + TERM_MONTHS_MAX);
    }

    private static void checkDisbursementDay(final int disbursementDay) {
        Checks.checkArgument(disbursementDay >= 0 && disbursementDay <= DISBURSEMENT_DAY_MAX,
                "disbursement day must be epoch day 0.." + DISBURSEMENT_DAY_MAX);
    }

    private static void checkRepaymentDay(final int repaymentDayOfMonth) {
        Checks.checkArgument(repaymentDayOfMonth >= 1 && repaymentDayOfMonth <= REPAYMENT_DAY_OF_MONTH_MAX,
                "repayment day of month must be 1.." + REPAYMENT_DAY_OF_MONTH_MAX);
    }
}
