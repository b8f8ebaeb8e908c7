package org.tongbao.engine.account;

import org.tongbao.engine.Checks;
import org.tongbao.engine.Hashing;

/**
 * Every account of the ledger: a flat {@code long[]} of {@link AccountDescriptor#WORDS} words
 * per account (dense index = order of opening), plus an open-addressing id → index table.
 * A table slot is one {@code long}: the index (+1, so 0 means empty) in the low half and a
 * 32-bit tag from the id's hash in the high half. The tag settles almost every probe inside
 * the table, so a lookup touches the account's line once, when it has found it; the id itself
 * is compared there. Memory per account: 64 bytes of words plus 8 bytes per slot at a load
 * factor of at most one half, so 80-96 bytes.
 *
 * <p>Single-threaded: owned by the ledger thread. Accounts are never removed (a closed account
 * keeps its row), so indexes are stable for the ledger's lifetime.
 */
public final class Accounts {
    private static final long EMPTY = 0L;

    private final int accountsMax;
    private long[] words;
    private int capacity;
    private int count;
    private long[] table;
    private int tableMask;

    public Accounts(final int initialCapacity, final int accountsMax) {
        Checks.checkArgument(initialCapacity > 0 && initialCapacity <= accountsMax,
                "initial account capacity must be in 1..accountsMax");
        Checks.checkArgument((long) accountsMax * AccountDescriptor.WORDS < Integer.MAX_VALUE - 16,
                "accountsMax is above what one long[] can index: " + accountsMax);
        this.accountsMax = accountsMax;
        allocate(initialCapacity);
    }

    public int count() {
        return count;
    }

    public int accountsMax() {
        return accountsMax;
    }

    /** Dense index of the account with this id, or -1. */
    public int indexOf(final long accountId) {
        final long[] words = this.words;
        final long[] table = this.table;
        final long hash = Hashing.mix(accountId);
        final long tag = hash & 0xFFFF_FFFF_0000_0000L;
        int slot = (int) hash & tableMask;
        while (true) {
            final long entry = table[slot];
            if (entry == EMPTY) {
                return -1;
            }
            if ((entry & 0xFFFF_FFFF_0000_0000L) == tag) {
                final int index = (int) entry - 1;
                if (words[index * AccountDescriptor.WORDS] == accountId) {
                    return index;
                }
            }
            slot = (slot + 1) & tableMask;
        }
    }

    /** Reads the table slot where the lookup of {@code accountId} starts: a prefetch, the value is meaningless. */
    public long touchSlot(final long accountId) {
        return table[(int) Hashing.mix(accountId) & tableMask];
    }

    /** Appends a new account; the caller has checked that the id is free and that {@link #isFull()} is false. */
    public int append(final long accountId, final long attributes, final long links) {
        Checks.check(count < accountsMax, "accounts full");
        if (count == capacity) {
            grow();
        }
        final int index = count++;
        final int base = index * AccountDescriptor.WORDS;
        words[base + AccountDescriptor.ID] = accountId;
        words[base + AccountDescriptor.ATTRIBUTES] = attributes;
        words[base + AccountDescriptor.LINKS] = links;
        insert(accountId, index);
        return index;
    }

    public boolean isFull() {
        return count == accountsMax;
    }

    public long word(final int index, final int word) {
        return words[index * AccountDescriptor.WORDS + word];
    }

    public void setWord(final int index, final int word, final long value) {
        words[index * AccountDescriptor.WORDS + word] = value;
    }

    public long id(final int index) {
        return words[index * AccountDescriptor.WORDS];
    }

    /** Bytes held by this store (words and table), for memory reports. */
    public long footprintBytes() {
        return (long) words.length * Long.BYTES + (long) table.length * Long.BYTES;
    }

    private void allocate(final int newCapacity) {
        capacity = newCapacity;
        words = new long[newCapacity * AccountDescriptor.WORDS];
        table = new long[Hashing.tableSizeFor(newCapacity)];
        tableMask = table.length - 1;
    }

    private void grow() {
        final int newCapacity = (int) Math.min((long) capacity * 2, accountsMax);
        final long[] oldWords = words;
        final int oldCount = count;
        allocate(newCapacity);
        System.arraycopy(oldWords, 0, words, 0, oldCount * AccountDescriptor.WORDS);
        for (int index = 0; index < oldCount; index++) {
            insert(words[index * AccountDescriptor.WORDS], index);
        }
    }

    private void insert(final long accountId, final int index) {
        final long hash = Hashing.mix(accountId);
        int slot = (int) hash & tableMask;
        while (table[slot] != EMPTY) {
            slot = (slot + 1) & tableMask;
        }
        table[slot] = (hash & 0xFFFF_FFFF_0000_0000L) | (index + 1);
    }
}
