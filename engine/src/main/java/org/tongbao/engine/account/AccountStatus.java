package org.tongbao.engine.account;

/** Lifecycle of an account. Numbers are stable: they are part of the state hash. */
public enum AccountStatus {
    ACTIVE(0),
    /** No money moves in or out until unfrozen (e.g. a judicial freeze). */
    FROZEN(1),
    /** Final: closed at zero balance with nothing pending. */
    CLOSED(2);

    private static final AccountStatus[] BY_NUMBER = {ACTIVE, FROZEN, CLOSED};

    private final int number;

    AccountStatus(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static AccountStatus ofNumber(final int number) {
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new IllegalArgumentException("no account status has number " + number);
        }
        return BY_NUMBER[number];
    }
}
