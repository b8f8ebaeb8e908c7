package org.tongbao.engine;

/**
 * An open-addressing map from non-zero {@code long} keys to non-negative {@code int} values,
 * with {@link #MISSING} for absent keys: no boxing, no allocation except when it doubles.
 * Removal shifts later entries back (no tombstones), so a table that churns stays as fast as
 * a fresh one. Iteration order is the table's, which depends only on the keys inserted and
 * removed, so it is deterministic.
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class LongIntMap {
    public static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    public LongIntMap(final int expectedEntries) {
        allocate(Hashing.tableSizeFor(expectedEntries));
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code key}, or {@link #MISSING} (always for 0, which is never a key). */
    public int get(final long key) {
        if (key == 0) {
            return MISSING;
        }
        int slot = (int) Hashing.mix(key) & mask;
        while (true) {
            final long found = keys[slot];
            if (found == key) {
                return values[slot];
            }
            if (found == 0) {
                return MISSING;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Sets the value for {@code key} (non-zero) to {@code value} (non-negative). */
    public void put(final long key, final int value) {
        Checks.checkArgument(key != 0 && value >= 0, "map keys are non-zero and values non-negative");
        int slot = (int) Hashing.mix(key) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == 0) {
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
        if (size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /** Removes {@code key}; returns its value, or {@link #MISSING} when it was absent. */
    public int remove(final long key) {
        if (key == 0) {
            return MISSING;
        }
        int slot = (int) Hashing.mix(key) & mask;
        while (keys[slot] != key) {
            if (keys[slot] == 0) {
                return MISSING;
            }
            slot = (slot + 1) & mask;
        }
        final int removed = values[slot];
        int hole = slot;
        int next = (hole + 1) & mask;
        while (keys[next] != 0) {
            final int home = (int) Hashing.mix(keys[next]) & mask;
            final boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = 0;
        size--;
        return removed;
    }

    /** Number of table slots, for walking with {@link #keyAt} and {@link #valueAt}. */
    public int capacity() {
        return keys.length;
    }

    /** The key in table slot {@code slot}, or 0 for an empty slot. */
    public long keyAt(final int slot) {
        return keys[slot];
    }

    public int valueAt(final int slot) {
        return values[slot];
    }

    /** Bytes held by the table. */
    public long footprintBytes() {
        return (long) keys.length * (Long.BYTES + Integer.BYTES);
    }

    private void allocate(final int tableSize) {
        keys = new long[tableSize];
        values = new int[tableSize];
        mask = tableSize - 1;
    }

    private void rehash(final int tableSize) {
        Checks.checkArgument(tableSize <= 1 << 30, "map too large");
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        allocate(tableSize);
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != 0) {
                int target = (int) Hashing.mix(oldKeys[slot]) & mask;
                while (keys[target] != 0) {
                    target = (target + 1) & mask;
                }
                keys[target] = oldKeys[slot];
                values[target] = oldValues[slot];
            }
        }
    }
}
