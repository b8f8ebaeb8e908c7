package org.tongbao.engine.event;

/** What a {@link LedgerEvents} row records. Numbers are stable. */
public enum EventType {
    /** A single-phase transfer moved money. */
    TRANSFER(1),
    /** A pending transfer reserved funds on both sides. */
    PENDING_CREATED(2),
    /** A pending transfer was posted (amount = the posted part; the rest was released). */
    PENDING_POSTED(3),
    /** A pending transfer was voided (amount = released). */
    PENDING_VOIDED(4),
    /** A pending transfer timed out at the batch's time (amount = released). */
    PENDING_EXPIRED(5),
    ACCOUNT_OPENED(10),
    TIER_CHANGED(11),
    ACCOUNT_FROZEN(12),
    ACCOUNT_UNFROZEN(13),
    ACCOUNT_CLOSED(14);

    private static final EventType[] BY_NUMBER = new EventType[16];

    static {
        for (final EventType type : values()) {
            BY_NUMBER[type.number] = type;
        }
    }

    private final int number;

    EventType(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Whether the event moved money between balances (not just reserved or released it). */
    public boolean movesMoney() {
        return this == TRANSFER || this == PENDING_POSTED;
    }

    public static EventType ofNumber(final int number) {
        return BY_NUMBER[number];
    }
}
