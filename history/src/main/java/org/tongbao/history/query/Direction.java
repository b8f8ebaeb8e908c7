package org.tongbao.history.query;

/** Which side of a wallet's transfers a statement lists. */
public enum Direction {
    /** Money in and out. */
    BOTH,
    /** Money in only (a merchant's receipts). */
    IN,
    /** Money out only. */
    OUT
}
