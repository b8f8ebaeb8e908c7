package org.tongbao.engine.credit;

/**
 * Where a loan application stands. Only {@code SUBMITTED} changes: to {@code APPROVED} (the
 * loan is disbursed), {@code DECLINED}, {@code WITHDRAWN} by the applicant's operator, or
 * {@code LAPSED} when no decision came within the configured number of days. Numbers are
 * stable: they are in the state hash and snapshots.
 */
public enum LoanApplicationStatus {
    SUBMITTED(1),
    APPROVED(2),
    DECLINED(3),
    WITHDRAWN(4),
    LAPSED(5);

    private final int number;

    LoanApplicationStatus(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static boolean isValidNumber(final int number) {
        return number >= 1 && number <= values().length;
    }

    public static LoanApplicationStatus ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no loan application status has number " + number);
        }
        return values()[number - 1];
    }
}
