package org.tongbao.engine.account;

/**
 * Memory layout of one account: eight 64-bit words, one cache line, in a flat {@code long[]}
 * owned by {@link Accounts}. Everything a transfer reads or writes for one side sits in that
 * one line, so a payment costs two account cache lines whatever the number of accounts.
 *
 * <pre>
 *  word  field                                   notes
 *  ----  --------------------------------------  -----------------------------------------
 *   0    accountId                               client-chosen, non-zero
 *   1    balanceFen                              below zero only for the central bank
 *   2    pendingDebitFen                         reserved by open outgoing pending transfers
 *   3    pendingCreditFen                        reserved by open incoming pending transfers
 *   4    dailySpentFen                           payments counted on spendDay
 *   5    annualSpentFen                          payments counted in spendDay's year
 *   6    attributes (packed, bit 0 = lowest):
 *          bits  0-3   kind        AccountKind number
 *          bits  4-6   tier        0 (not a wallet) or 1-4
 *          bits  7-8   status      AccountStatus number
 *          bit   9     hard        1 = hard wallet (card, wearable, device chip)
 *          bits 10-23  mcc         merchant category code 0-9999
 *          bits 24-43  district    0 or a 6-digit GB/T 2260 code
 *          bits 44-62  spendDay    Asia/Shanghai epoch day of the last counted payment
 *          bit  63     earmarks    1 = the wallet holds campaign earmarks (see Earmarks):
 *                                  payments from other wallets skip the earmark lookup
 *   7    links (packed):
 *          bits  0-31  operatorIndex   dense index of the operator reserve, -1 for none
 *          bits 32-63  parentIndex     dense index of the parent wallet, -1 for none
 * </pre>
 */
public final class AccountDescriptor {
    public static final int WORDS = 8;

    public static final int ID = 0;
    public static final int BALANCE = 1;
    public static final int PENDING_DEBIT = 2;
    public static final int PENDING_CREDIT = 3;
    public static final int DAILY_SPENT = 4;
    public static final int ANNUAL_SPENT = 5;
    public static final int ATTRIBUTES = 6;
    public static final int LINKS = 7;

    private static final int KIND_SHIFT = 0;
    private static final long KIND_MASK = 0xFL;
    private static final int TIER_SHIFT = 4;
    private static final long TIER_MASK = 0x7L;
    private static final int STATUS_SHIFT = 7;
    private static final long STATUS_MASK = 0x3L;
    private static final int HARD_SHIFT = 9;
    private static final int MCC_SHIFT = 10;
    private static final long MCC_MASK = 0x3FFFL;
    private static final int DISTRICT_SHIFT = 24;
    private static final long DISTRICT_MASK = 0xFFFFFL;
    private static final int SPEND_DAY_SHIFT = 44;
    private static final long SPEND_DAY_MASK = 0x7FFFFL;
    private static final int EARMARKS_SHIFT = 63;

    /** Largest epoch day the spendDay field holds (year 3405). */
    public static final long SPEND_DAY_MAX = SPEND_DAY_MASK;

    private AccountDescriptor() {
    }

    public static long attributes(final int kind, final int tier, final int status, final boolean hard,
                                  final int merchantCategory, final int district) {
        return ((long) kind & KIND_MASK) << KIND_SHIFT
                | ((long) tier & TIER_MASK) << TIER_SHIFT
                | ((long) status & STATUS_MASK) << STATUS_SHIFT
                | (hard ? 1L : 0L) << HARD_SHIFT
                | ((long) merchantCategory & MCC_MASK) << MCC_SHIFT
                | ((long) district & DISTRICT_MASK) << DISTRICT_SHIFT;
    }

    public static int kind(final long attributes) {
        return (int) ((attributes >>> KIND_SHIFT) & KIND_MASK);
    }

    public static int tier(final long attributes) {
        return (int) ((attributes >>> TIER_SHIFT) & TIER_MASK);
    }

    public static int status(final long attributes) {
        return (int) ((attributes >>> STATUS_SHIFT) & STATUS_MASK);
    }

    public static boolean hard(final long attributes) {
        return ((attributes >>> HARD_SHIFT) & 1L) != 0;
    }

    public static int merchantCategory(final long attributes) {
        return (int) ((attributes >>> MCC_SHIFT) & MCC_MASK);
    }

    public static int district(final long attributes) {
        return (int) ((attributes >>> DISTRICT_SHIFT) & DISTRICT_MASK);
    }

    public static int spendDay(final long attributes) {
        return (int) ((attributes >>> SPEND_DAY_SHIFT) & SPEND_DAY_MASK);
    }

    public static boolean holdsEarmarks(final long attributes) {
        return attributes < 0;
    }

    public static long withEarmarks(final long attributes, final boolean holds) {
        return holds ? attributes | 1L << EARMARKS_SHIFT : attributes & ~(1L << EARMARKS_SHIFT);
    }

    public static long withTier(final long attributes, final int tier) {
        return (attributes & ~(TIER_MASK << TIER_SHIFT)) | ((long) tier & TIER_MASK) << TIER_SHIFT;
    }

    public static long withStatus(final long attributes, final int status) {
        return (attributes & ~(STATUS_MASK << STATUS_SHIFT)) | ((long) status & STATUS_MASK) << STATUS_SHIFT;
    }

    public static long withSpendDay(final long attributes, final long spendDay) {
        return (attributes & ~(SPEND_DAY_MASK << SPEND_DAY_SHIFT)) | (spendDay & SPEND_DAY_MASK) << SPEND_DAY_SHIFT;
    }

    public static long links(final int operatorIndex, final int parentIndex) {
        return ((long) operatorIndex & 0xFFFF_FFFFL) | ((long) parentIndex << 32);
    }

    public static int operatorIndex(final long links) {
        return (int) links;
    }

    public static int parentIndex(final long links) {
        return (int) (links >> 32);
    }
}
