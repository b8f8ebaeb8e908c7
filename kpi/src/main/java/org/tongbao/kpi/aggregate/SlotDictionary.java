package org.tongbao.kpi.aggregate;

import java.util.Arrays;
import org.tongbao.engine.Checks;

/**
 * Gives each distinct value of one dimension a dense slot, in the order values are first
 * seen: slot 0 is key 0 ("none"); once {@code slotsMax − 1} slots are taken, every further value
 * shares the last slot ("other"), so the aggregates' width is bounded whatever the data.
 * Open addressing over a {@code long[]} sized once (twice the slots, a power of two): no
 * allocation after construction. Each slot also keeps a display value (e.g. an operator's
 * account id when the key is its index). Ledger thread only.
 */
final class SlotDictionary {
    static final long OTHER_DISPLAY = Long.MIN_VALUE;

    private final int slotsMax;
    private final long[] keys;
    private final int[] slotOfKey;
    private final int mask;
    private final long[] displayBySlot;
    private final long[] keyBySlot;
    private int count;

    SlotDictionary(final int slotsMax) {
        Checks.checkArgument(slotsMax >= 2, "a dimension needs at least the none and other slots");
        this.slotsMax = slotsMax;
        final int capacity = Integer.highestOneBit(slotsMax * 2 - 1) << 1;
        this.keys = new long[capacity];
        this.slotOfKey = new int[capacity];
        this.mask = capacity - 1;
        this.displayBySlot = new long[slotsMax];
        this.keyBySlot = new long[slotsMax];
        Arrays.fill(slotOfKey, -1);
        count = 1;
    }

    /** Slot of {@code key}, or -1 if it has none yet (key 0 is always slot 0). */
    int find(final long key) {
        if (key == 0) {
            return 0;
        }
        int position = position(key);
        while (slotOfKey[position] >= 0) {
            if (keys[position] == key) {
                return slotOfKey[position];
            }
            position = (position + 1) & mask;
        }
        return -1;
    }

    /** Slot of {@code key}, giving it the next one if new (or "other" when full); -1 means "call {@link #add}". */
    int slot(final long key) {
        final int found = find(key);
        if (found >= 0) {
            return found;
        }
        return count == slotsMax - 1 ? slotsMax - 1 : -1;
    }

    /** Gives {@code key} the next slot (there must be room and the key must be new); returns it. */
    int add(final long key, final long display) {
        Checks.check(count < slotsMax - 1 && find(key) < 0, "slot dictionary add without room or for a known key");
        int position = position(key);
        while (slotOfKey[position] >= 0) {
            position = (position + 1) & mask;
        }
        final int slot = count++;
        keys[position] = key;
        slotOfKey[position] = slot;
        keyBySlot[slot] = key;
        displayBySlot[slot] = display;
        if (count == slotsMax - 1) {
            keyBySlot[slotsMax - 1] = OTHER_DISPLAY;
            displayBySlot[slotsMax - 1] = OTHER_DISPLAY;
        }
        return slot;
    }

    /** Slots in use (those a row must hold): the "other" slot counts once the dictionary is full. */
    int slotsUsed() {
        return count == slotsMax - 1 ? slotsMax : count;
    }

    int slotsMax() {
        return slotsMax;
    }

    /** Display value of {@code slot}; {@link #OTHER_DISPLAY} for "other". */
    long display(final int slot) {
        return displayBySlot[slot];
    }

    long key(final int slot) {
        return keyBySlot[slot];
    }

    /** Slot whose display value is {@code display}, or -1 (a scan: query time only). */
    int slotOfDisplay(final long display) {
        for (int slot = 0; slot < slotsUsed(); slot++) {
            if (displayBySlot[slot] == display) {
                return slot;
            }
        }
        return -1;
    }

    private int position(final long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** Count of slots taken by keys, for the codec. */
    int keyCount() {
        return count;
    }
}
