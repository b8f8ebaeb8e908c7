package org.tongbao.engine.credit;

/**
 * Why a lender declined a loan application. Numbers are stable: they are journaled in the
 * LOAN_DECIDE command and reported in LOAN_APPLICATION_DECLINED events.
 */
public enum LoanDeclineReason {
    CREDIT_HISTORY(1),
    INSUFFICIENT_CASH_FLOW(2),
    INCOMPLETE_DOCUMENTS(3),
    OUTSIDE_RISK_APPETITE(4),
    COLLATERAL_INSUFFICIENT(5),
    OTHER(6);

    private final int number;

    LoanDeclineReason(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static boolean isValidNumber(final int number) {
        return number >= 1 && number <= values().length;
    }

    public static LoanDeclineReason ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no decline reason has number " + number);
        }
        return values()[number - 1];
    }
}
