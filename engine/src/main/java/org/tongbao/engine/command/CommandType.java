package org.tongbao.engine.command;

/** The kinds of command the ledger applies. Numbers are stable: they are journaled. */
public enum CommandType {
    OPEN_ACCOUNT(1),
    CHANGE_TIER(2),
    FREEZE(3),
    UNFREEZE(4),
    CLOSE(5),
    TRANSFER(10),
    POST_PENDING(11),
    VOID_PENDING(12),
    CAMPAIGN_CREATE(20),
    CAMPAIGN_RULE(21),
    CAMPAIGN_GRANT(22),
    CAMPAIGN_CLOSE(23),
    ESCROW_LOCK(30),
    ESCROW_RELEASE(31),
    ESCROW_REFUND(32),
    ENTERPRISE_PROFILE(40),
    LOAN_PRODUCT(41),
    LOAN_DISBURSE(42),
    LOAN_REPAY(43),
    LOAN_APPLY(44),
    LOAN_DECIDE(45),
    LOAN_WITHDRAW(46);

    private static final CommandType[] BY_NUMBER = new CommandType[64];

    static {
        for (final CommandType type : values()) {
            BY_NUMBER[type.number] = type;
        }
    }

    private final int number;

    CommandType(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The type with this number, or null for a number no type has. */
    public static CommandType ofNumberOrNull(final int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
