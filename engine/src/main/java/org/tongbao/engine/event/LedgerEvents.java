package org.tongbao.engine.event;

import java.util.Arrays;

/**
 * What one batch did, as rows in parallel primitive columns: the feed for KPI aggregates, the
 * history projection and replies. Reused from batch to batch; grows (by doubling) only when a
 * batch produces more rows than ever before, so steady state does not allocate.
 *
 * <p>Account columns hold dense account indexes (see {@code Ledger#accountId(int)}); for
 * account events the account is in the debit column and the credit column is -1.
 *
 * <p>Written by the ledger thread during {@code apply}; read by whoever the ledger thread hands
 * the batch to afterwards, never concurrently with the next {@code apply}.
 */
public final class LedgerEvents {
    private int count;
    private int[] type;
    private int[] commandIndex;
    private long[] id;
    private long[] reference;
    private int[] debitIndex;
    private int[] creditIndex;
    private long[] amountFen;
    private int[] code;
    private long[] userData;

    public LedgerEvents(final int initialCapacity) {
        type = new int[initialCapacity];
        commandIndex = new int[initialCapacity];
        id = new long[initialCapacity];
        reference = new long[initialCapacity];
        debitIndex = new int[initialCapacity];
        creditIndex = new int[initialCapacity];
        amountFen = new long[initialCapacity];
        code = new int[initialCapacity];
        userData = new long[initialCapacity];
    }

    public int count() {
        return count;
    }

    public void clear() {
        count = 0;
    }

    /** Drops rows from {@code newCount} on, as when a linked chain rolls back. */
    public void truncate(final int newCount) {
        count = newCount;
    }

    public void add(final EventType eventType, final int command, final long eventId, final long ref,
                    final int debit, final int credit, final long amount, final int eventCode, final long data) {
        if (count == type.length) {
            grow();
        }
        final int row = count++;
        type[row] = eventType.number();
        commandIndex[row] = command;
        id[row] = eventId;
        reference[row] = ref;
        debitIndex[row] = debit;
        creditIndex[row] = credit;
        amountFen[row] = amount;
        code[row] = eventCode;
        userData[row] = data;
    }

    public EventType type(final int row) {
        return EventType.ofNumber(type[row]);
    }

    public int typeNumber(final int row) {
        return type[row];
    }

    /** Index of the command in its batch, or -1 for events of the batch itself (expiries). */
    public int commandIndex(final int row) {
        return commandIndex[row];
    }

    /** The transfer's id, the command's id (post, void), or the account's id (account events). */
    public long id(final int row) {
        return id[row];
    }

    /**
     * What the row refers to: the pending transfer a post, void or expiry resolved; the
     * campaign, escrow or loan of a programmable movement; the sector of an enterprise profile;
     * 0 otherwise.
     */
    public long reference(final int row) {
        return reference[row];
    }

    public int debitIndex(final int row) {
        return debitIndex[row];
    }

    public int creditIndex(final int row) {
        return creditIndex[row];
    }

    public long amountFen(final int row) {
        return amountFen[row];
    }

    /** Transfer code number for transfer events; the new tier for TIER_CHANGED; the kind for ACCOUNT_OPENED. */
    public int code(final int row) {
        return code[row];
    }

    public long userData(final int row) {
        return userData[row];
    }

    private void grow() {
        final int capacity = Math.max(16, type.length * 2);
        type = Arrays.copyOf(type, capacity);
        commandIndex = Arrays.copyOf(commandIndex, capacity);
        id = Arrays.copyOf(id, capacity);
        reference = Arrays.copyOf(reference, capacity);
        debitIndex = Arrays.copyOf(debitIndex, capacity);
        creditIndex = Arrays.copyOf(creditIndex, capacity);
        amountFen = Arrays.copyOf(amountFen, capacity);
        code = Arrays.copyOf(code, capacity);
        userData = Arrays.copyOf(userData, capacity);
    }
}
