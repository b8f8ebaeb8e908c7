package org.tongbao.kpi.aggregate;

import java.util.Arrays;

/**
 * Enterprise profiles by account index (from ENTERPRISE_PROFILED events): size 1-4 and sector.
 * Open addressing over int keys with linear probing at load ≤ ½, doubling when needed (the
 * only allocation, amortised); 12 bytes a slot, so about 24-48 bytes per profiled enterprise:
 * 22-45 MB for the report's 930,000 businesses. Ledger thread only.
 */
final class ProfileTable {
    private int[] keys;
    private int[] sizes;
    private int[] sectors;
    private int count;

    ProfileTable(final int initialCapacity) {
        allocate(Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1);
    }

    private void allocate(final int capacity) {
        keys = new int[capacity];
        sizes = new int[capacity];
        sectors = new int[capacity];
        Arrays.fill(keys, -1);
        count = 0;
    }

    void put(final int account, final int size, final int sector) {
        if ((count + 1) * 2 > keys.length) {
            grow();
        }
        final int position = probe(account);
        if (keys[position] < 0) {
            keys[position] = account;
            count++;
        }
        sizes[position] = size;
        sectors[position] = sector;
    }

    /** Position of {@code account}, or -1. */
    int find(final int account) {
        final int position = probe(account);
        return keys[position] < 0 ? -1 : position;
    }

    int size(final int position) {
        return sizes[position];
    }

    int sector(final int position) {
        return sectors[position];
    }

    int count() {
        return count;
    }

    /** Every (account, size, sector), for the codec: in slot order, so deterministic for one history. */
    int[][] entries() {
        final int[][] out = new int[3][count];
        int i = 0;
        for (int position = 0; position < keys.length; position++) {
            if (keys[position] >= 0) {
                out[0][i] = keys[position];
                out[1][i] = sizes[position];
                out[2][i] = sectors[position];
                i++;
            }
        }
        return out;
    }

    private int probe(final int account) {
        final int mask = keys.length - 1;
        int position = (account * 0x9E3779B9) >>> 1 & mask;
        while (keys[position] >= 0 && keys[position] != account) {
            position = (position + 1) & mask;
        }
        return position;
    }

    private void grow() {
        final int[] oldKeys = keys;
        final int[] oldSizes = sizes;
        final int[] oldSectors = sectors;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                put(oldKeys[i], oldSizes[i], oldSectors[i]);
            }
        }
    }
}
