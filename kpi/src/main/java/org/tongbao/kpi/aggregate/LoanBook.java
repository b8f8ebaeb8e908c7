package org.tongbao.kpi.aggregate;

/**
 * Each loan's current overdue amount and the packed slots it is counted under (so a change
 * is taken off exactly where it was added). Loan ids are the events' reference column;
 * open addressing over long keys at load ≤ ½, doubling when needed; 24 bytes a slot. A repaid
 * loan stays with amount 0 (loans are few beside payments). Ledger thread only.
 */
final class LoanBook {
    private long[] keys;
    private long[] amounts;
    private long[] packedSlots;
    private boolean[] used;
    private int count;

    LoanBook(final int initialCapacity) {
        allocate(Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1);
    }

    private void allocate(final int capacity) {
        keys = new long[capacity];
        amounts = new long[capacity];
        packedSlots = new long[capacity];
        used = new boolean[capacity];
        count = 0;
    }

    /** Position of {@code loan}, adding it (amount 0) if new. */
    int positionOf(final long loan) {
        if ((count + 1) * 2 > keys.length) {
            grow();
        }
        final int position = probe(loan);
        if (!used[position]) {
            used[position] = true;
            keys[position] = loan;
            count++;
        }
        return position;
    }

    long amount(final int position) {
        return amounts[position];
    }

    long packedSlots(final int position) {
        return packedSlots[position];
    }

    void set(final int position, final long amount, final long slots) {
        amounts[position] = amount;
        packedSlots[position] = slots;
    }

    int count() {
        return count;
    }

    /** Every (loan, amount, packed slots), for the codec. */
    long[][] entries() {
        final long[][] out = new long[3][count];
        int i = 0;
        for (int position = 0; position < keys.length; position++) {
            if (used[position]) {
                out[0][i] = keys[position];
                out[1][i] = amounts[position];
                out[2][i] = packedSlots[position];
                i++;
            }
        }
        return out;
    }

    private int probe(final long loan) {
        final int mask = keys.length - 1;
        int position = (int) ((loan * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (used[position] && keys[position] != loan) {
            position = (position + 1) & mask;
        }
        return position;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final long[] oldAmounts = amounts;
        final long[] oldSlots = packedSlots;
        final boolean[] oldUsed = used;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                set(positionOf(oldKeys[i]), oldAmounts[i], oldSlots[i]);
            }
        }
    }
}
