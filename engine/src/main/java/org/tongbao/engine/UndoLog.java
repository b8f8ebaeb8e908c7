package org.tongbao.engine;

/**
 * Undo entries for the linked chain being applied: every mutation a chain member makes is
 * recorded with what it replaced, so a failing member rolls the whole chain back. Bounded:
 * a chain is at most one batch, and each command records a fixed number of entries.
 * Single-threaded: used by the ledger thread only.
 */
final class UndoLog {
    static final int ACCOUNT_WORD = 1;
    static final int PENDING_ADDED = 2;
    static final int PENDING_REMOVED = 3;
    static final int WINDOW_OUTCOME = 4;
    static final int TOTAL = 5;

    private final int[] kind;
    private final long[] key;
    private final long[] value;
    private int count;

    UndoLog(final int capacity) {
        kind = new int[capacity];
        key = new long[capacity];
        value = new long[capacity];
    }

    void record(final int entryKind, final long entryKey, final long oldValue) {
        if (count == kind.length) {
            throw new IllegalStateException("undo log full: a linked chain recorded more than " + kind.length + " changes");
        }
        kind[count] = entryKind;
        key[count] = entryKey;
        value[count] = oldValue;
        count++;
    }

    int count() {
        return count;
    }

    int kind(final int entry) {
        return kind[entry];
    }

    long key(final int entry) {
        return key[entry];
    }

    long value(final int entry) {
        return value[entry];
    }

    void clear() {
        count = 0;
    }
}
