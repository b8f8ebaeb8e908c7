package org.tongbao.engine.idempotency;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Hashing;

/**
 * Remembers the ids of recent commands with a fingerprint of their fields and their outcome,
 * so that a retried command is answered with its original result and a reused id with
 * different fields is refused.
 *
 * <p><b>Window.</b> Two generations of at most {@code generationCapacity} ids each. New ids go
 * into the current generation; when it is full, the previous generation is forgotten and the
 * current one becomes the previous. So the last {@code generationCapacity} ids are always
 * remembered, and at most twice that. Count-based rather than time-based, so memory is fixed
 * whatever the traffic and the behaviour depends only on the command history.
 *
 * <p><b>Memory.</b> Each generation is an open-addressing table of two longs per slot (id;
 * 54-bit fingerprint and 10-bit outcome), sized to the next power of two at least twice the
 * capacity: about {@code 2 × 2 × 16 = 64} bytes per remembered id across both generations.
 * Each generation also has a blocked Bloom filter of 8 bits per slot pair (1 MB per million
 * ids), so that a new id, the common case, is known absent from the previous generation
 * without a probe of its table: one cache miss per command saved.
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class IdempotencyWindow {
    /** Returned by {@link #find} for an id the window does not hold. */
    public static final long NOT_FOUND = -1L;

    private static final long EMPTY = 0L;
    private static final long OUTCOME_MASK = 0x3FFL;

    private final int generationCapacity;
    private long[] current;
    private long[] previous;
    private final int slotMask;
    private int currentCount;
    private int previousCount;
    private int lastProbeSlot = -1;
    private long[] currentFilter;
    private long[] previousFilter;
    private final int filterMask;

    public IdempotencyWindow(final int generationCapacity) {
        Checks.checkArgument(generationCapacity > 0, "idempotency generation capacity must be positive");
        this.generationCapacity = generationCapacity;
        final int slots = Hashing.tableSizeFor(generationCapacity);
        this.current = new long[slots * 2];
        this.previous = new long[slots * 2];
        this.slotMask = slots - 1;
        final int filterWords = Math.max(1, slots / 16);
        this.currentFilter = new long[filterWords];
        this.previousFilter = new long[filterWords];
        this.filterMask = filterWords - 1;
    }

    /** Ids always remembered: the most recent {@code generationCapacity}. */
    public int generationCapacity() {
        return generationCapacity;
    }

    public int size() {
        return currentCount + previousCount;
    }

    /**
     * The stored word (fingerprint and outcome) for {@code id}, or {@link #NOT_FOUND}. After a
     * miss, {@link #insertAfterMiss} stores the id where the probe ended, without probing again.
     */
    public long find(final long id) {
        Checks.check(id != EMPTY, "id 0 is reserved");
        if (currentCount == generationCapacity) {
            rotate();
        }
        final int slot = probe(current, id);
        if (current[slot * 2] == id) {
            lastProbeSlot = -1;
            return current[slot * 2 + 1];
        }
        lastProbeSlot = slot;
        if (previousCount > 0 && mayContain(previousFilter, id)) {
            final int previousSlot = probe(previous, id);
            if (previous[previousSlot * 2] == id) {
                lastProbeSlot = -1;
                return previous[previousSlot * 2 + 1];
            }
        }
        return NOT_FOUND;
    }

    /** The stored word for {@code id}, or {@link #NOT_FOUND}; unlike {@link #find}, changes nothing. */
    public long peek(final long id) {
        final int slot = probe(current, id);
        if (current[slot * 2] == id) {
            return current[slot * 2 + 1];
        }
        final int previousSlot = probe(previous, id);
        return previous[previousSlot * 2] == id ? previous[previousSlot * 2 + 1] : NOT_FOUND;
    }

    /** Reads where the probes for {@code id} run, in both generations: a prefetch, the value is meaningless. */
    public long touch(final long id) {
        final int home = (int) Hashing.mix(id) & slotMask;
        return current[home * 2] + current[((home + 4) & slotMask) * 2] + previousFilter[filterWord(filterHash(id))];
    }

    /** Stores {@code id} right after {@link #find} returned {@link #NOT_FOUND} for it. */
    public void insertAfterMiss(final long id, final long fingerprint, final int outcome) {
        final int slot = lastProbeSlot;
        Checks.check(slot >= 0 && current[slot * 2] == EMPTY, "insertAfterMiss without a preceding miss");
        current[slot * 2] = id;
        current[slot * 2 + 1] = pack(fingerprint, outcome);
        currentCount++;
        lastProbeSlot = -1;
        addToFilter(currentFilter, id);
    }

    /** Replaces the outcome stored for {@code id}; returns false when the window does not hold it. */
    public boolean setOutcome(final long id, final int outcome) {
        final int slot = probe(current, id);
        if (current[slot * 2] == id) {
            current[slot * 2 + 1] = pack(current[slot * 2 + 1], outcome);
            return true;
        }
        final int previousSlot = probe(previous, id);
        if (previous[previousSlot * 2] == id) {
            previous[previousSlot * 2 + 1] = pack(previous[previousSlot * 2 + 1], outcome);
            return true;
        }
        return false;
    }

    public static int outcome(final long stored) {
        return (int) (stored & OUTCOME_MASK);
    }

    public static boolean sameFingerprint(final long stored, final long fingerprint) {
        return (stored & ~OUTCOME_MASK) == (fingerprint & ~OUTCOME_MASK);
    }

    /** The ids of one generation (0 = current, 1 = previous) in ascending order, with their stored words. */
    public long[][] generation(final int which) {
        final long[] table = which == 0 ? current : previous;
        final int count = which == 0 ? currentCount : previousCount;
        final long[] ids = new long[count];
        int n = 0;
        for (int slot = 0; slot <= slotMask; slot++) {
            if (table[slot * 2] != EMPTY) {
                ids[n++] = table[slot * 2];
            }
        }
        Checks.check(n == count, "idempotency generation count drifted");
        Arrays.sort(ids);
        final long[] stored = new long[count];
        for (int i = 0; i < count; i++) {
            stored[i] = table[probe(table, ids[i]) * 2 + 1];
        }
        return new long[][] {ids, stored};
    }

    /** Rebuilds the window from {@link #generation} output, for snapshot restore. */
    public void restore(final long[][] currentGeneration, final long[][] previousGeneration) {
        Arrays.fill(current, EMPTY);
        Arrays.fill(previous, EMPTY);
        Arrays.fill(currentFilter, 0L);
        Arrays.fill(previousFilter, 0L);
        currentCount = fill(current, currentFilter, currentGeneration);
        previousCount = fill(previous, previousFilter, previousGeneration);
        Checks.checkArgument(currentCount <= generationCapacity && previousCount <= generationCapacity,
                "restored idempotency generation larger than its capacity");
    }

    /** Bytes held by both generations' tables. */
    public long footprintBytes() {
        return 2L * (current.length + currentFilter.length) * Long.BYTES;
    }

    private int fill(final long[] table, final long[] filter, final long[][] generation) {
        final long[] ids = generation[0];
        for (int i = 0; i < ids.length; i++) {
            final int slot = probe(table, ids[i]);
            Checks.checkArgument(table[slot * 2] == EMPTY, "duplicate id in restored idempotency window");
            table[slot * 2] = ids[i];
            table[slot * 2 + 1] = generation[1][i];
            addToFilter(filter, ids[i]);
        }
        return ids.length;
    }

    private void rotate() {
        final long[] forgotten = previous;
        Arrays.fill(forgotten, EMPTY);
        previous = current;
        previousCount = currentCount;
        current = forgotten;
        currentCount = 0;
        final long[] forgottenFilter = previousFilter;
        Arrays.fill(forgottenFilter, 0L);
        previousFilter = currentFilter;
        currentFilter = forgottenFilter;
    }

    /** The id's hash for the filters: independent of the bits that choose the table slot. */
    private static long filterHash(final long id) {
        return Hashing.mix(id) * 0x9E3779B97F4A7C15L;
    }

    /** Three bits of one 64-bit word. */
    private static long filterBits(final long filterHash) {
        return 1L << (filterHash & 63) | 1L << ((filterHash >>> 6) & 63) | 1L << ((filterHash >>> 12) & 63);
    }

    private int filterWord(final long filterHash) {
        return (int) (filterHash >>> 40) & filterMask;
    }

    private boolean mayContain(final long[] filter, final long id) {
        final long hash = filterHash(id);
        final long bits = filterBits(hash);
        return (filter[filterWord(hash)] & bits) == bits;
    }

    private void addToFilter(final long[] filter, final long id) {
        final long hash = filterHash(id);
        filter[filterWord(hash)] |= filterBits(hash);
    }

    /** Slot holding {@code id}, or the empty slot where its probe ends. */
    private int probe(final long[] table, final long id) {
        int slot = (int) Hashing.mix(id) & slotMask;
        while (true) {
            final long key = table[slot * 2];
            if (key == id || key == EMPTY) {
                return slot;
            }
            slot = (slot + 1) & slotMask;
        }
    }

    private static long pack(final long fingerprint, final int outcome) {
        return (fingerprint & ~OUTCOME_MASK) | (outcome & OUTCOME_MASK);
    }
}
