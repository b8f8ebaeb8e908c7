package org.tongbao.engine.payment;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Hashing;

/**
 * Open pending (two-phase) transfers: funds reserved on both sides until the transfer is
 * posted, voided or expires. Slots hold the pending transfer's fields in parallel primitive
 * arrays; an id → slot table finds them; an indexed min-heap on (expiry, id) yields what has
 * expired at a batch's time, in a deterministic order.
 *
 * <p>Bounded by {@code pendingMax} open transfers. Storage grows by doubling up to that plus
 * {@code spareSlots}: slots a linked chain has resolved stay unfreed until the chain ends (so
 * it can roll back), and the spare keeps them from blocking new pending transfers meanwhile.
 * About 64 bytes per slot. Single-threaded: owned by the ledger thread.
 */
public final class PendingTransfers {
    private static final int INITIAL_CAPACITY = 1024;

    private final int pendingMax;
    private final int slotsMax;
    private int capacity;
    private int count;

    private long[] ids;
    private int[] debitIndex;
    private int[] creditIndex;
    private long[] amountFen;
    private int[] code;
    private long[] expiresAtMs;
    private int[] chargedDay;
    private long[] userData;

    private int[] freeSlots;
    private int freeCount;

    private int[] table;
    private int tableMask;

    private int[] heap;
    private int[] heapPosition;
    private int heapSize;

    public PendingTransfers(final int pendingMax, final int spareSlots) {
        Checks.checkArgument(pendingMax > 0 && spareSlots >= 0, "pendingMax must be positive, spareSlots not negative");
        this.pendingMax = pendingMax;
        this.slotsMax = pendingMax + spareSlots;
        allocate(Math.min(INITIAL_CAPACITY, slotsMax));
    }

    public int count() {
        return count;
    }

    /** {@code pendingMax} pending transfers are open. */
    public boolean isFull() {
        return count >= pendingMax;
    }

    /** Slot of the open pending transfer {@code id}, or -1. */
    public int slotOf(final long id) {
        int position = (int) Hashing.mix(id) & tableMask;
        while (true) {
            final int entry = table[position];
            if (entry == 0) {
                return -1;
            }
            if (ids[entry - 1] == id) {
                return entry - 1;
            }
            position = (position + 1) & tableMask;
        }
    }

    /** Adds an open pending transfer; the caller has checked the id is new and the table not full. */
    public int add(final long id, final int debit, final int credit, final long amount, final int transferCode,
                   final long expiresAt, final int charged, final long data) {
        Checks.check(!isFull(), "pending transfers full");
        if (freeCount == 0) {
            grow();
        }
        final int slot = freeSlots[--freeCount];
        ids[slot] = id;
        debitIndex[slot] = debit;
        creditIndex[slot] = credit;
        amountFen[slot] = amount;
        code[slot] = transferCode;
        expiresAtMs[slot] = expiresAt;
        chargedDay[slot] = charged;
        userData[slot] = data;
        link(slot);
        count++;
        return slot;
    }

    /** Takes the slot out of the id table and the expiry heap; its fields stay readable until {@link #free}. */
    public void unlink(final int slot) {
        removeFromTable(slot);
        removeFromHeap(slot);
        count--;
    }

    /** Puts an unlinked (not yet freed) slot back, as when a linked chain rolls back. */
    public void relink(final int slot) {
        link(slot);
        count++;
    }

    /** Returns an unlinked slot to the free list. */
    public void free(final int slot) {
        freeSlots[freeCount++] = slot;
    }

    /** Slot of the open pending transfer that expires first, or -1 when none has expired by {@code nowMs}. */
    public int expiredBy(final long nowMs) {
        if (heapSize == 0) {
            return -1;
        }
        final int first = heap[0];
        return expiresAtMs[first] <= nowMs ? first : -1;
    }

    public long id(final int slot) {
        return ids[slot];
    }

    public int debitIndex(final int slot) {
        return debitIndex[slot];
    }

    public int creditIndex(final int slot) {
        return creditIndex[slot];
    }

    public long amountFen(final int slot) {
        return amountFen[slot];
    }

    public int code(final int slot) {
        return code[slot];
    }

    public long expiresAtMs(final int slot) {
        return expiresAtMs[slot];
    }

    /** Asia/Shanghai day whose payment-limit counters this transfer charged, or -1 if none. */
    public int chargedDay(final int slot) {
        return chargedDay[slot];
    }

    public long userData(final int slot) {
        return userData[slot];
    }

    /** Slots of every open pending transfer, ordered by id (for state hashing and snapshots). */
    public int[] slotsById() {
        final long[] sortedIds = new long[count];
        int n = 0;
        for (int i = 0; i < heapSize; i++) {
            sortedIds[n++] = ids[heap[i]];
        }
        Arrays.sort(sortedIds);
        final int[] slots = new int[count];
        for (int i = 0; i < count; i++) {
            slots[i] = slotOf(sortedIds[i]);
        }
        return slots;
    }

    private void link(final int slot) {
        int position = (int) Hashing.mix(ids[slot]) & tableMask;
        while (table[position] != 0) {
            position = (position + 1) & tableMask;
        }
        table[position] = slot + 1;
        heap[heapSize] = slot;
        heapPosition[slot] = heapSize;
        heapSize++;
        siftUp(heapSize - 1);
    }

    private void removeFromTable(final int slot) {
        int hole = (int) Hashing.mix(ids[slot]) & tableMask;
        while (table[hole] != slot + 1) {
            hole = (hole + 1) & tableMask;
        }
        table[hole] = 0;
        // Backward-shift deletion keeps every remaining probe sequence unbroken.
        int position = (hole + 1) & tableMask;
        while (table[position] != 0) {
            final int home = (int) Hashing.mix(ids[table[position] - 1]) & tableMask;
            if (((position - home) & tableMask) >= ((position - hole) & tableMask)) {
                table[hole] = table[position];
                table[position] = 0;
                hole = position;
            }
            position = (position + 1) & tableMask;
        }
    }

    private void removeFromHeap(final int slot) {
        final int position = heapPosition[slot];
        heapSize--;
        if (position != heapSize) {
            final int last = heap[heapSize];
            heap[position] = last;
            heapPosition[last] = position;
            siftDown(position);
            siftUp(heapPosition[last]);
        }
        heapPosition[slot] = -1;
    }

    private boolean before(final int a, final int b) {
        final long expiryA = expiresAtMs[a];
        final long expiryB = expiresAtMs[b];
        return expiryA < expiryB || (expiryA == expiryB && ids[a] < ids[b]);
    }

    private void siftUp(final int start) {
        int position = start;
        final int slot = heap[position];
        while (position > 0) {
            final int parent = (position - 1) >>> 1;
            if (!before(slot, heap[parent])) {
                break;
            }
            heap[position] = heap[parent];
            heapPosition[heap[position]] = position;
            position = parent;
        }
        heap[position] = slot;
        heapPosition[slot] = position;
    }

    private void siftDown(final int start) {
        int position = start;
        final int slot = heap[position];
        while (true) {
            final int left = 2 * position + 1;
            if (left >= heapSize) {
                break;
            }
            final int right = left + 1;
            final int child = right < heapSize && before(heap[right], heap[left]) ? right : left;
            if (!before(heap[child], slot)) {
                break;
            }
            heap[position] = heap[child];
            heapPosition[heap[position]] = position;
            position = child;
        }
        heap[position] = slot;
        heapPosition[slot] = position;
    }

    private void allocate(final int newCapacity) {
        capacity = newCapacity;
        ids = new long[newCapacity];
        debitIndex = new int[newCapacity];
        creditIndex = new int[newCapacity];
        amountFen = new long[newCapacity];
        code = new int[newCapacity];
        expiresAtMs = new long[newCapacity];
        chargedDay = new int[newCapacity];
        userData = new long[newCapacity];
        freeSlots = new int[newCapacity];
        heap = new int[newCapacity];
        heapPosition = new int[newCapacity];
        Arrays.fill(heapPosition, -1);
        table = new int[Hashing.tableSizeFor(newCapacity)];
        tableMask = table.length - 1;
        freeCount = 0;
        for (int slot = newCapacity - 1; slot >= 0; slot--) {
            freeSlots[freeCount++] = slot;
        }
    }

    private void grow() {
        final int oldCapacity = capacity;
        final int[] oldHeapPosition = heapPosition;
        final long[] oldIds = ids;
        final int[] oldDebit = debitIndex;
        final int[] oldCredit = creditIndex;
        final long[] oldAmount = amountFen;
        final int[] oldCode = code;
        final long[] oldExpires = expiresAtMs;
        final int[] oldCharged = chargedDay;
        final long[] oldData = userData;
        allocate((int) Math.min((long) oldCapacity * 2, slotsMax));
        System.arraycopy(oldIds, 0, ids, 0, oldCapacity);
        System.arraycopy(oldDebit, 0, debitIndex, 0, oldCapacity);
        System.arraycopy(oldCredit, 0, creditIndex, 0, oldCapacity);
        System.arraycopy(oldAmount, 0, amountFen, 0, oldCapacity);
        System.arraycopy(oldCode, 0, code, 0, oldCapacity);
        System.arraycopy(oldExpires, 0, expiresAtMs, 0, oldCapacity);
        System.arraycopy(oldCharged, 0, chargedDay, 0, oldCapacity);
        System.arraycopy(oldData, 0, userData, 0, oldCapacity);
        freeCount = 0;
        for (int slot = capacity - 1; slot >= oldCapacity; slot--) {
            freeSlots[freeCount++] = slot;
        }
        heapSize = 0;
        for (int slot = 0; slot < oldCapacity; slot++) {
            if (oldHeapPosition[slot] >= 0) {
                link(slot);
            }
        }
    }
}
