package org.tongbao.engine.credit;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LongIntMap;

/**
 * Every SME loan, by dense index in order of disbursement, and the arithmetic of what each
 * owes. Money moves in the ledger; this table says how much and why.
 *
 * <p>What a loan owes, at any time:
 * <ul>
 *   <li>{@code balance}: principal not yet repaid, including principal already due;</li>
 *   <li>{@code duePrincipal}, {@code dueInterest}: instalment parts fallen due and not yet paid
 *       (arrears once the due day has passed);</li>
 *   <li>{@code penalty}: penalty interest accrued on arrears at the product's penalty rate, per
 *       day past due ({@link LoanMath#penaltyFen}).</li>
 * </ul>
 * On each due date the period's interest (on the principal not yet due) and principal part
 * ({@link LoanMath#principalPartFen}) fall due. A payment is applied in a fixed order: penalty,
 * then interest, then principal due, then (a manual repayment only) prepayment of principal
 * not yet due, after which the level instalment is recomputed over the periods left. Interest
 * is charged per period on the principal outstanding at the period's start; a prepayment does
 * not pay interest for the part of the period already run.
 *
 * <p>Days past due count from the due date of the oldest instalment that fell due while the
 * loan had no arrears, until the arrears are paid in full (a conservative measure: partial
 * payments do not reset it).
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class Loans {
    public static final int LOANS_MAX = 10_000_000;

    public static final int ACTIVE = 1;
    public static final int REPAID = 2;

    /** Parts of a payment, as filled by {@link #allocate}. */
    public static final int PENALTY = 0;
    public static final int INTEREST = 1;
    public static final int PRINCIPAL_DUE = 2;
    public static final int PREPAYMENT = 3;

    private final LongIntMap indexById = new LongIntMap(1024);
    private int count;
    private int activeCount;
    private long[] id = new long[16];
    private int[] product = new int[16];
    private int[] borrower = new int[16];
    private int[] lender = new int[16];
    private long[] principalFen = new long[16];
    private long[] balanceFen = new long[16];
    private long[] duePrincipalFen = new long[16];
    private long[] dueInterestFen = new long[16];
    private long[] penaltyFen = new long[16];
    private long[] levelFen = new long[16];
    private int[] nextPeriod = new int[16];
    private int[] disbursementDay = new int[16];
    private int[] arrearsSinceDay = new int[16];
    private int[] accruedToDay = new int[16];
    private int[] bucket = new int[16];
    private int[] status = new int[16];

    public int count() {
        return count;
    }

    public int activeCount() {
        return activeCount;
    }

    public boolean isFull() {
        return count == LOANS_MAX;
    }

    /** Dense index of the loan with this id, or -1 (also for 0: map keys are non-zero). */
    public int indexOf(final long loanId) {
        return loanId == 0 ? LongIntMap.MISSING : indexById.get(loanId);
    }

    /** Adds a loan just disbursed on {@code day}, its level instalment computed from the product. */
    public int add(final long loanId, final int productIndex, final LoanProducts products, final int borrowerIndex,
                   final long principal, final int day) {
        Checks.check(count < LOANS_MAX && indexById.get(loanId) == LongIntMap.MISSING, "loan table");
        if (count == id.length) {
            grow();
        }
        final int loan = count++;
        id[loan] = loanId;
        product[loan] = productIndex;
        borrower[loan] = borrowerIndex;
        lender[loan] = products.lender(productIndex);
        principalFen[loan] = principal;
        balanceFen[loan] = principal;
        nextPeriod[loan] = 1;
        disbursementDay[loan] = day;
        arrearsSinceDay[loan] = -1;
        accruedToDay[loan] = day;
        status[loan] = ACTIVE;
        final int amortising = products.termMonths(productIndex) - products.graceMonths(productIndex);
        levelFen[loan] = LoanMath.levelFen(products.amortisation(productIndex), principal,
                products.annualRateBp(productIndex), amortising);
        indexById.put(loanId, loan);
        activeCount++;
        return loan;
    }

    /**
     * Brings the loan up to {@code today}: makes every instalment whose due date is on or before
     * today fall due, in order, accruing penalty interest on the arrears of each stretch of days
     * before it falls due (so an instalment that fell due on a day without a batch is charged
     * from its due date, not from the next batch). Moves no money.
     */
    public void fallDue(final int loan, final LoanProducts products, final int today) {
        final int p = product[loan];
        final int term = products.termMonths(p);
        while (nextPeriod[loan] <= term) {
            final int dueDay = LoanMath.dueDay(disbursementDay[loan], products.repaymentDay(p), nextPeriod[loan]);
            if (dueDay > today) {
                break;
            }
            accruePenalty(loan, products, dueDay);
            final long notYetDue = balanceFen[loan] - duePrincipalFen[loan];
            final long interest = LoanMath.periodInterestFen(notYetDue, products.annualRateBp(p));
            final long principalPart = nextPeriod[loan] <= products.graceMonths(p) ? 0
                    : LoanMath.principalPartFen(products.amortisation(p), notYetDue, interest, levelFen[loan],
                            term - nextPeriod[loan] + 1);
            if (duePrincipalFen[loan] + dueInterestFen[loan] + penaltyFen[loan] == 0) {
                arrearsSinceDay[loan] = dueDay;
            }
            duePrincipalFen[loan] += principalPart;
            dueInterestFen[loan] += interest;
            nextPeriod[loan]++;
        }
        accruePenalty(loan, products, today);
    }

    /** Accrues penalty interest on the arrears from the last accrual up to {@code day}. */
    private void accruePenalty(final int loan, final LoanProducts products, final int day) {
        final long arrears = duePrincipalFen[loan] + dueInterestFen[loan];
        if (arrears > 0 && day > accruedToDay[loan]) {
            penaltyFen[loan] = Math.addExact(penaltyFen[loan], LoanMath.penaltyFen(arrears,
                    products.penaltyRateBp(product[loan]), Math.min(day - accruedToDay[loan], LoanMath.PENALTY_DAYS_MAX)));
        }
        accruedToDay[loan] = Math.max(accruedToDay[loan], day);
    }

    /** Everything a payment may cover now: penalty, interest due and the whole principal balance. */
    public long owedFen(final int loan) {
        return penaltyFen[loan] + dueInterestFen[loan] + balanceFen[loan];
    }

    /** What is due now: penalty, interest due and principal due. */
    public long dueFen(final int loan) {
        return penaltyFen[loan] + dueInterestFen[loan] + duePrincipalFen[loan];
    }

    /**
     * Applies a payment of {@code amount} (at most {@link #owedFen}; at most {@link #dueFen}
     * unless {@code prepay}) in the fixed order, writing its parts into {@code parts} (indexed
     * by {@link #PENALTY}, {@link #INTEREST}, {@link #PRINCIPAL_DUE}, {@link #PREPAYMENT}).
     * A prepayment recomputes the level instalment over the periods left.
     */
    public void allocate(final int loan, final long amount, final boolean prepay, final LoanProducts products,
                         final long[] parts) {
        Checks.check(amount >= 0 && amount <= (prepay ? owedFen(loan) : dueFen(loan)), "loan payment above what is owed");
        long left = amount;
        parts[PENALTY] = Math.min(left, penaltyFen[loan]);
        left -= parts[PENALTY];
        parts[INTEREST] = Math.min(left, dueInterestFen[loan]);
        left -= parts[INTEREST];
        parts[PRINCIPAL_DUE] = Math.min(left, duePrincipalFen[loan]);
        left -= parts[PRINCIPAL_DUE];
        parts[PREPAYMENT] = left;
        penaltyFen[loan] -= parts[PENALTY];
        dueInterestFen[loan] -= parts[INTEREST];
        duePrincipalFen[loan] -= parts[PRINCIPAL_DUE];
        balanceFen[loan] -= parts[PRINCIPAL_DUE] + parts[PREPAYMENT];
        if (dueFen(loan) == 0) {
            arrearsSinceDay[loan] = -1;
        }
        if (parts[PREPAYMENT] > 0) {
            recomputeLevel(loan, products);
        }
        if (balanceFen[loan] == 0 && dueFen(loan) == 0) {
            status[loan] = REPAID;
            activeCount--;
        }
    }

    private void recomputeLevel(final int loan, final LoanProducts products) {
        final int p = product[loan];
        final int notYetDue = products.termMonths(p) - nextPeriod[loan] + 1;
        final int graceLeft = Math.max(0, products.graceMonths(p) - (nextPeriod[loan] - 1));
        final int amortisingLeft = notYetDue - graceLeft;
        final long principalNotYetDue = balanceFen[loan] - duePrincipalFen[loan];
        if (amortisingLeft > 0 && principalNotYetDue > 0) {
            levelFen[loan] = LoanMath.levelFen(products.amortisation(p), principalNotYetDue, products.annualRateBp(p),
                    amortisingLeft);
        }
    }

    /** Days past due at {@code today}: 0 without arrears or on the due day itself. */
    public int daysPastDue(final int loan, final int today) {
        return dueFen(loan) == 0 || arrearsSinceDay[loan] < 0 ? 0 : Math.max(0, today - arrearsSinceDay[loan]);
    }

    /** Re-buckets the loan at {@code today}; returns whether its bucket changed. */
    public boolean updateBucket(final int loan, final int today) {
        final int now = Delinquency.of(daysPastDue(loan, today)).number();
        if (now == bucket[loan]) {
            return false;
        }
        bucket[loan] = now;
        return true;
    }

    public long id(final int loan) {
        return id[loan];
    }

    public int product(final int loan) {
        return product[loan];
    }

    public int borrower(final int loan) {
        return borrower[loan];
    }

    public int lender(final int loan) {
        return lender[loan];
    }

    public long principalFen(final int loan) {
        return principalFen[loan];
    }

    public long balanceFen(final int loan) {
        return balanceFen[loan];
    }

    public long duePrincipalFen(final int loan) {
        return duePrincipalFen[loan];
    }

    public long dueInterestFen(final int loan) {
        return dueInterestFen[loan];
    }

    public long penaltyFen(final int loan) {
        return penaltyFen[loan];
    }

    public long levelFen(final int loan) {
        return levelFen[loan];
    }

    public int nextPeriod(final int loan) {
        return nextPeriod[loan];
    }

    public int disbursementDay(final int loan) {
        return disbursementDay[loan];
    }

    public int arrearsSinceDay(final int loan) {
        return arrearsSinceDay[loan];
    }

    public int accruedToDay(final int loan) {
        return accruedToDay[loan];
    }

    public int bucket(final int loan) {
        return bucket[loan];
    }

    public int status(final int loan) {
        return status[loan];
    }

    /** Restores a loan's running state as written by a snapshot (after {@link #add}). */
    public void restore(final int loan, final long balance, final long duePrincipal, final long dueInterest,
                        final long penalty, final long level, final int period, final int arrearsSince,
                        final int accruedTo, final int restoredBucket, final int restoredStatus) {
        balanceFen[loan] = balance;
        duePrincipalFen[loan] = duePrincipal;
        dueInterestFen[loan] = dueInterest;
        penaltyFen[loan] = penalty;
        levelFen[loan] = level;
        nextPeriod[loan] = period;
        arrearsSinceDay[loan] = arrearsSince;
        accruedToDay[loan] = accruedTo;
        bucket[loan] = restoredBucket;
        if (status[loan] == ACTIVE && restoredStatus != ACTIVE) {
            activeCount--;
        }
        status[loan] = restoredStatus;
    }

    private void grow() {
        final int size = id.length * 2;
        id = Arrays.copyOf(id, size);
        product = Arrays.copyOf(product, size);
        borrower = Arrays.copyOf(borrower, size);
        lender = Arrays.copyOf(lender, size);
        principalFen = Arrays.copyOf(principalFen, size);
        balanceFen = Arrays.copyOf(balanceFen, size);
        duePrincipalFen = Arrays.copyOf(duePrincipalFen, size);
        dueInterestFen = Arrays.copyOf(dueInterestFen, size);
        penaltyFen = Arrays.copyOf(penaltyFen, size);
        levelFen = Arrays.copyOf(levelFen, size);
        nextPeriod = Arrays.copyOf(nextPeriod, size);
        disbursementDay = Arrays.copyOf(disbursementDay, size);
        arrearsSinceDay = Arrays.copyOf(arrearsSinceDay, size);
        accruedToDay = Arrays.copyOf(accruedToDay, size);
        bucket = Arrays.copyOf(bucket, size);
        status = Arrays.copyOf(status, size);
    }
}
