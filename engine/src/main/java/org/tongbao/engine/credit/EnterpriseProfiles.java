package org.tongbao.engine.credit;

import java.util.Arrays;
import org.tongbao.engine.LongIntMap;

/**
 * The enterprise profile (size class and sector) of corporate and merchant wallets, set by an
 * ENTERPRISE_PROFILE command: a borrower must have one, and loan reports break down by it.
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class EnterpriseProfiles {
    /** Largest sector code (a 4-digit industry code of GB/T 4754, or the operator's own numbering). */
    public static final int SECTOR_MAX = 9_999;

    private final LongIntMap profileByAccount = new LongIntMap(1024);

    public int count() {
        return profileByAccount.size();
    }

    /** Sets the profile of the account at {@code accountIndex}. */
    public void set(final int accountIndex, final EnterpriseSize size, final int sector) {
        profileByAccount.put(accountIndex + 1L, size.number() | sector << 8);
    }

    public boolean has(final int accountIndex) {
        return profileByAccount.get(accountIndex + 1L) != LongIntMap.MISSING;
    }

    /** The size number (1-4), or 0 for an account without a profile. */
    public int sizeNumber(final int accountIndex) {
        final int profile = profileByAccount.get(accountIndex + 1L);
        return profile == LongIntMap.MISSING ? 0 : profile & 0xFF;
    }

    /** The sector code, or 0 for an account without a profile. */
    public int sector(final int accountIndex) {
        final int profile = profileByAccount.get(accountIndex + 1L);
        return profile == LongIntMap.MISSING ? 0 : profile >>> 8;
    }

    /** Account indexes with a profile, ascending: the canonical order for snapshots. */
    public int[] accountsSorted() {
        final int[] accounts = new int[profileByAccount.size()];
        int size = 0;
        for (int slot = 0; slot < profileByAccount.capacity(); slot++) {
            if (profileByAccount.keyAt(slot) != 0) {
                accounts[size++] = (int) (profileByAccount.keyAt(slot) - 1);
            }
        }
        Arrays.sort(accounts);
        return accounts;
    }
}
