package org.tongbao.engine.incentive;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LongIntMap;

/**
 * Earmarked campaign funds held by wallets: one entry per (wallet, campaign), with what is
 * left to spend and what was granted in all (for the campaign's per-wallet cap).
 *
 * <p>Earmarked funds are part of the wallet's balance (so they count toward its balance cap
 * and conservation needs no extra term) but not of what it can pay freely: the ledger
 * subtracts {@link #earmarkedFen} from every available-funds check, and only an eligible
 * merchant payment may draw on them. Each wallet's entries form a list sorted by the
 * campaign's end of window (then campaign index), so a payment spends the funds that expire
 * first. An entry lives until its campaign expires or closes, even at zero, so the per-wallet
 * cap keeps counting.
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class Earmarks {
    /** Most (wallet, campaign) entries held at once. */
    public static final int ENTRIES_MAX = 50_000_000;

    private static final int NONE = -1;

    private final LongIntMap headByWallet = new LongIntMap(1024);
    private int[] wallet = new int[64];
    private int[] campaign = new int[64];
    private long[] sortKey = new long[64];
    private long[] amountFen = new long[64];
    private long[] grantedFen = new long[64];
    private int[] next = new int[64];
    private int highWater;
    private int freeHead = NONE;
    private int live;

    public boolean isEmpty() {
        return live == 0;
    }

    public int entryCount() {
        return live;
    }

    public boolean isFull() {
        return live >= ENTRIES_MAX;
    }

    /** First entry of the wallet's list, or -1. */
    public int first(final int walletIndex) {
        return live == 0 ? NONE : headByWallet.get(walletIndex + 1L);
    }

    /** The entry after {@code entry} in its wallet's list, or -1. */
    public int next(final int entry) {
        return next[entry];
    }

    /** The wallet's entry for {@code campaignIndex}, or -1. */
    public int find(final int walletIndex, final int campaignIndex) {
        for (int entry = first(walletIndex); entry != NONE; entry = next[entry]) {
            if (campaign[entry] == campaignIndex) {
                return entry;
            }
        }
        return NONE;
    }

    /** What the wallet holds earmarked, over all campaigns (0 for most wallets: one table probe). */
    public long earmarkedFen(final int walletIndex) {
        long total = 0;
        for (int entry = first(walletIndex); entry != NONE; entry = next[entry]) {
            total += amountFen[entry];
        }
        return total;
    }

    public int wallet(final int entry) {
        return wallet[entry];
    }

    public int campaign(final int entry) {
        return campaign[entry];
    }

    public long amountFen(final int entry) {
        return amountFen[entry];
    }

    public long grantedFen(final int entry) {
        return grantedFen[entry];
    }

    /** Creates the wallet's entry for a campaign, placed in the list by {@code expiresAtMs}. */
    public int create(final int walletIndex, final int campaignIndex, final long expiresAtMs) {
        Checks.check(!isFull() && find(walletIndex, campaignIndex) == NONE, "earmark entry");
        final int entry = allocate();
        wallet[entry] = walletIndex;
        campaign[entry] = campaignIndex;
        sortKey[entry] = expiresAtMs;
        amountFen[entry] = 0;
        grantedFen[entry] = 0;
        final long walletKey = walletIndex + 1L;
        int previous = NONE;
        int at = headByWallet.get(walletKey);
        while (at != NONE && !before(entry, at)) {
            previous = at;
            at = next[at];
        }
        next[entry] = at;
        if (previous == NONE) {
            headByWallet.put(walletKey, entry);
        } else {
            next[previous] = entry;
        }
        live++;
        return entry;
    }

    public void grant(final int entry, final long amount) {
        amountFen[entry] += amount;
        grantedFen[entry] += amount;
    }

    public void setAmount(final int entry, final long amount) {
        amountFen[entry] = amount;
    }

    public void setGranted(final int entry, final long amount) {
        grantedFen[entry] = amount;
    }

    /** Removes the entry from its wallet's list and frees it. */
    public void remove(final int entry) {
        final long walletKey = wallet[entry] + 1L;
        final int head = headByWallet.get(walletKey);
        if (head == entry) {
            if (next[entry] == NONE) {
                headByWallet.remove(walletKey);
            } else {
                headByWallet.put(walletKey, next[entry]);
            }
        } else {
            int at = head;
            while (next[at] != entry) {
                at = next[at];
            }
            next[at] = next[entry];
        }
        wallet[entry] = NONE;
        next[entry] = freeHead;
        freeHead = entry;
        live--;
    }

    /**
     * The live entries of {@code campaignIndex} (or of every campaign, for -1) sorted by wallet
     * index then campaign: a canonical order that does not depend on the history of the table's
     * slots, so expiry events and snapshots come out the same after a restore.
     */
    public int[] entriesSorted(final int campaignIndex) {
        final long[] keys = new long[live];
        int size = 0;
        for (int entry = 0; entry < highWater; entry++) {
            if (wallet[entry] != NONE && (campaignIndex < 0 || campaign[entry] == campaignIndex)) {
                keys[size++] = (long) wallet[entry] << 32 | campaign[entry];
            }
        }
        Arrays.sort(keys, 0, size);
        final int[] entries = new int[size];
        for (int i = 0; i < size; i++) {
            entries[i] = find((int) (keys[i] >>> 32), (int) keys[i]);
        }
        return entries;
    }

    /** Bytes held by the table. */
    public long footprintBytes() {
        return headByWallet.footprintBytes() + (long) wallet.length * (4 + 4 + 8 + 8 + 8 + 4);
    }

    private boolean before(final int entry, final int other) {
        return sortKey[entry] < sortKey[other] || sortKey[entry] == sortKey[other] && campaign[entry] < campaign[other];
    }

    private int allocate() {
        if (freeHead != NONE) {
            final int entry = freeHead;
            freeHead = next[entry];
            return entry;
        }
        if (highWater == wallet.length) {
            final int size = wallet.length * 2;
            wallet = Arrays.copyOf(wallet, size);
            campaign = Arrays.copyOf(campaign, size);
            sortKey = Arrays.copyOf(sortKey, size);
            amountFen = Arrays.copyOf(amountFen, size);
            grantedFen = Arrays.copyOf(grantedFen, size);
            next = Arrays.copyOf(next, size);
        }
        return highWater++;
    }
}
