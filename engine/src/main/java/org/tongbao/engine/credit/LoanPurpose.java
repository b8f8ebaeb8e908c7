package org.tongbao.engine.credit;

/**
 * What an SME says a loan it applies for is for. Numbers are stable: they are journaled in the
 * LOAN_APPLY command and reported in LOAN_APPLIED events.
 */
public enum LoanPurpose {
    WORKING_CAPITAL(1),
    EQUIPMENT(2),
    TRADE_FINANCE(3),
    EXPANSION(4),
    REFINANCING(5),
    OTHER(6);

    private final int number;

    LoanPurpose(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static boolean isValidNumber(final int number) {
        return number >= 1 && number <= values().length;
    }

    public static LoanPurpose ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no loan purpose has number " + number);
        }
        return values()[number - 1];
    }
}
