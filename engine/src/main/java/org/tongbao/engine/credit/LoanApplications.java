package org.tongbao.engine.credit;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LongIntMap;

/**
 * Every SME loan application, by dense index in order of submission: applicant, product (and so
 * lender), amount, term, purpose, status, the day it was submitted and decided, and the loan
 * it became or the reason it was declined. Decided applications stay (their ids stay spent and
 * they remain readable), so the table is bounded by {@link #APPLICATIONS_MAX}: 80 bytes an
 * application with its id table, about 84 MB at the limit; storage doubles as it fills.
 *
 * <p>Two derived structures, never hashed: a list per lender in order of submission (for a
 * lender's pages), extended by {@link #add}, and the index of the oldest application that may
 * still be submitted (submission days never decrease, so lapsing walks forward from it and
 * advances it lazily).
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class LoanApplications {
    public static final int APPLICATIONS_MAX = 1 << 20;

    private final LongIntMap indexById = new LongIntMap(1024);
    /** Per lender index + 1: the first and last application of that lender. */
    private final LongIntMap firstOfLender = new LongIntMap(64);
    private final LongIntMap lastOfLender = new LongIntMap(64);
    private int count;
    private int oldestOpen;
    private long[] id = new long[16];
    private long[] amountFen = new long[16];
    private long[] loanId = new long[16];
    private int[] applicant = new int[16];
    private int[] product = new int[16];
    private int[] lender = new int[16];
    private int[] termMonths = new int[16];
    private int[] purpose = new int[16];
    private int[] status = new int[16];
    private int[] submittedDay = new int[16];
    private int[] decidedDay = new int[16];
    private int[] declineReason = new int[16];
    private int[] nextOfLender = new int[16];

    public int count() {
        return count;
    }

    public boolean isFull() {
        return count == APPLICATIONS_MAX;
    }

    /** Dense index of the application with this id, or -1 (also for 0: map keys are non-zero). */
    public int indexOf(final long applicationId) {
        return applicationId == 0 ? LongIntMap.MISSING : indexById.get(applicationId);
    }

    /** Adds an application submitted on {@code day}; days must not decrease from one add to the next. */
    public int add(final long applicationId, final int applicantIndex, final int productIndex, final int lenderIndex,
                   final long amount, final int term, final LoanPurpose loanPurpose, final int day) {
        Checks.check(count < APPLICATIONS_MAX && indexById.get(applicationId) == LongIntMap.MISSING,
                "loan application table");
        Checks.check(count == 0 || submittedDay[count - 1] <= day, "loan applications in order of submission");
        if (count == id.length) {
            grow();
        }
        final int a = count++;
        id[a] = applicationId;
        applicant[a] = applicantIndex;
        product[a] = productIndex;
        lender[a] = lenderIndex;
        amountFen[a] = amount;
        termMonths[a] = term;
        purpose[a] = loanPurpose.number();
        status[a] = LoanApplicationStatus.SUBMITTED.number();
        submittedDay[a] = day;
        decidedDay[a] = -1;
        loanId[a] = 0;
        declineReason[a] = 0;
        nextOfLender[a] = -1;
        indexById.put(applicationId, a);
        final int last = lastOfLender.get(lenderIndex + 1L);
        if (last == LongIntMap.MISSING) {
            firstOfLender.put(lenderIndex + 1L, a);
        } else {
            nextOfLender[last] = a;
        }
        lastOfLender.put(lenderIndex + 1L, a);
        return a;
    }

    private void grow() {
        final int size = id.length * 2;
        id = Arrays.copyOf(id, size);
        amountFen = Arrays.copyOf(amountFen, size);
        loanId = Arrays.copyOf(loanId, size);
        applicant = Arrays.copyOf(applicant, size);
        product = Arrays.copyOf(product, size);
        lender = Arrays.copyOf(lender, size);
        termMonths = Arrays.copyOf(termMonths, size);
        purpose = Arrays.copyOf(purpose, size);
        status = Arrays.copyOf(status, size);
        submittedDay = Arrays.copyOf(submittedDay, size);
        decidedDay = Arrays.copyOf(decidedDay, size);
        declineReason = Arrays.copyOf(declineReason, size);
        nextOfLender = Arrays.copyOf(nextOfLender, size);
    }

    /** Closes a submitted application on {@code day}: approved with its loan's id, or declined, withdrawn or lapsed. */
    public void decide(final int application, final LoanApplicationStatus outcome, final int day, final long loan,
                       final int reason) {
        Checks.check(status[application] == LoanApplicationStatus.SUBMITTED.number()
                && outcome != LoanApplicationStatus.SUBMITTED, "only a submitted application is decided");
        Checks.check((outcome == LoanApplicationStatus.APPROVED) == (loan != 0)
                && (outcome == LoanApplicationStatus.DECLINED) == (reason != 0), "decision fields");
        status[application] = outcome.number();
        decidedDay[application] = day;
        loanId[application] = loan;
        declineReason[application] = reason;
    }

    /** Sets a restored application's outcome (snapshots): any status, as written. */
    public void restoreOutcome(final int application, final int statusNumber, final int day, final long loan,
                               final int reason) {
        Checks.checkArgument(LoanApplicationStatus.isValidNumber(statusNumber), "loan application status " + statusNumber);
        status[application] = statusNumber;
        decidedDay[application] = day;
        loanId[application] = loan;
        declineReason[application] = reason;
    }

    /**
     * The index of the oldest application that may still be submitted, advanced past those
     * decided since: every application before it is decided.
     */
    public int oldestOpen() {
        while (oldestOpen < count && status[oldestOpen] != LoanApplicationStatus.SUBMITTED.number()) {
            oldestOpen++;
        }
        return oldestOpen;
    }

    /** The lender's first application in order of submission, or -1. */
    public int firstOfLender(final int lenderIndex) {
        return firstOfLender.get(lenderIndex + 1L);
    }

    /** The same lender's next application after {@code application}, or -1. */
    public int nextOfLender(final int application) {
        return nextOfLender[application];
    }

    public long id(final int application) {
        return id[application];
    }

    public int applicant(final int application) {
        return applicant[application];
    }

    public int product(final int application) {
        return product[application];
    }

    public int lender(final int application) {
        return lender[application];
    }

    public long amountFen(final int application) {
        return amountFen[application];
    }

    public int termMonths(final int application) {
        return termMonths[application];
    }

    public int purposeNumber(final int application) {
        return purpose[application];
    }

    public int statusNumber(final int application) {
        return status[application];
    }

    public boolean isSubmitted(final int application) {
        return status[application] == LoanApplicationStatus.SUBMITTED.number();
    }

    public int submittedDay(final int application) {
        return submittedDay[application];
    }

    public int decidedDay(final int application) {
        return decidedDay[application];
    }

    public long loanId(final int application) {
        return loanId[application];
    }

    public int declineReasonNumber(final int application) {
        return declineReason[application];
    }
}
