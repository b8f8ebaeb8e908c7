package org.tongbao.engine;

/** Hash mixing shared by the engine's open-addressing tables. Pure functions; any thread. */
public final class Hashing {
    private Hashing() {
    }

    /** The 64-bit finaliser of MurmurHash3: spreads sequential ids evenly over a table. */
    public static long mix(final long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Power of two at least twice {@code entries} (load factor at most one half), at least 16. */
    public static int tableSizeFor(final long entries) {
        final long wanted = Math.max(16L, entries * 2);
        final long size = Long.highestOneBit(wanted - 1) << 1;
        Checks.checkArgument(size <= 1 << 30, "hash table too large for " + entries + " entries");
        return (int) size;
    }
}
