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
    VOID_PENDING(12);

    private static final CommandType[] BY_NUMBER = new CommandType[16];

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
