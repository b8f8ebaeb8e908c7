package org.tongbao.engine.incentive;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LongIntMap;

/**
 * Every incentive campaign, by dense index in order of creation: its pool account, funder,
 * budget, validity window, spending rules and running totals (granted, spent, expired,
 * returned). Campaign money itself lives in accounts (the pool's balance and the earmarked part
 * of wallet balances, see {@link Earmarks}); this table holds what the money may do.
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class Campaigns {
    /** Most campaigns a ledger holds over its life (closed ones keep their row for reports). */
    public static final int CAMPAIGNS_MAX = 65_536;
    /** Most place rules (categories, districts, merchants) over all campaigns. */
    public static final int PLACE_RULES_MAX = 4_000_000;

    public static final int OPEN = 1;
    public static final int EXPIRED = 2;
    public static final int CLOSED = 3;

    private final LongIntMap indexById = new LongIntMap(1024);
    private final LongIntMap placeRules = new LongIntMap(1024);
    private int count;
    private long[] id = new long[16];
    private int[] poolIndex = new int[16];
    private int[] funderIndex = new int[16];
    private long[] budgetFen = new long[16];
    private long[] validFromMs = new long[16];
    private long[] validUntilMs = new long[16];
    private long[] minPurchaseFen = new long[16];
    private long[] maxPerPaymentFen = new long[16];
    private long[] walletCapFen = new long[16];
    private int[] status = new int[16];
    private int[] placeRuleKinds = new int[16];
    private long[] grantedFen = new long[16];
    private long[] spentFen = new long[16];
    private long[] expiredFen = new long[16];
    private long[] returnedFen = new long[16];

    public int count() {
        return count;
    }

    public boolean isFull() {
        return count == CAMPAIGNS_MAX;
    }

    /** Dense index of the campaign with this id, or -1 (also for 0: map keys are non-zero). */
    public int indexOf(final long campaignId) {
        return campaignId == 0 ? LongIntMap.MISSING : indexById.get(campaignId);
    }

    public int add(final long campaignId, final int pool, final int funder, final long budget, final long fromMs,
                   final long untilMs) {
        Checks.check(count < CAMPAIGNS_MAX && indexById.get(campaignId) == LongIntMap.MISSING, "campaign table");
        if (count == id.length) {
            grow();
        }
        final int index = count++;
        id[index] = campaignId;
        poolIndex[index] = pool;
        funderIndex[index] = funder;
        budgetFen[index] = budget;
        validFromMs[index] = fromMs;
        validUntilMs[index] = untilMs;
        maxPerPaymentFen[index] = Long.MAX_VALUE;
        walletCapFen[index] = Long.MAX_VALUE;
        status[index] = OPEN;
        indexById.put(campaignId, index);
        return index;
    }

    // ---- rules ----

    /** Whether {@code rule} with {@code value} may still be added (place rules have a global bound). */
    public boolean placeRulesFull() {
        return placeRules.size() >= PLACE_RULES_MAX;
    }

    /** Adds a place rule; {@code value} is a category, a district, or a merchant's account index. */
    public void addPlaceRule(final int campaign, final CampaignRule rule, final int value) {
        placeRules.put(placeKey(campaign, rule, value), 1);
        placeRuleKinds[campaign] |= 1 << rule.number();
    }

    public void setAmountRule(final int campaign, final CampaignRule rule, final long valueFen) {
        switch (rule) {
            case MIN_PURCHASE -> minPurchaseFen[campaign] = valueFen;
            case MAX_PER_PAYMENT -> maxPerPaymentFen[campaign] = valueFen;
            case WALLET_CAP -> walletCapFen[campaign] = valueFen;
            default -> throw new IllegalArgumentException(rule + " is a place rule");
        }
    }

    /** Whether a merchant (its category, district and account index) qualifies under the campaign's place rules. */
    public boolean allowsMerchant(final int campaign, final int merchantCategory, final int district, final int merchant) {
        final int kinds = placeRuleKinds[campaign];
        return kinds == 0
                || matches(campaign, kinds, CampaignRule.MERCHANT_CATEGORY, merchantCategory)
                && matches(campaign, kinds, CampaignRule.DISTRICT, district)
                && matches(campaign, kinds, CampaignRule.MERCHANT, merchant);
    }

    private boolean matches(final int campaign, final int kinds, final CampaignRule rule, final int value) {
        return (kinds & (1 << rule.number())) == 0 || placeRules.get(placeKey(campaign, rule, value)) != LongIntMap.MISSING;
    }

    private static long placeKey(final int campaign, final CampaignRule rule, final int value) {
        return (long) rule.number() << 56 | (long) campaign << 32 | (value & 0xFFFF_FFFFL);
    }

    /**
     * Every place rule as {@code campaign << 40 | rule << 32 | value} (value as an unsigned
     * int), sorted: the canonical order for snapshots and the state hash.
     */
    public long[] placeRulesSorted() {
        final long[] rules = new long[placeRules.size()];
        int size = 0;
        for (int slot = 0; slot < placeRules.capacity(); slot++) {
            final long key = placeRules.keyAt(slot);
            if (key != 0) {
                rules[size++] = ((key >>> 32) & 0xFF_FFFFL) << 40 | (key >>> 56) << 32 | (key & 0xFFFF_FFFFL);
            }
        }
        Arrays.sort(rules);
        return rules;
    }

    // ---- state ----

    public long id(final int campaign) {
        return id[campaign];
    }

    public int poolIndex(final int campaign) {
        return poolIndex[campaign];
    }

    public int funderIndex(final int campaign) {
        return funderIndex[campaign];
    }

    public long budgetFen(final int campaign) {
        return budgetFen[campaign];
    }

    public long validFromMs(final int campaign) {
        return validFromMs[campaign];
    }

    public long validUntilMs(final int campaign) {
        return validUntilMs[campaign];
    }

    public long minPurchaseFen(final int campaign) {
        return minPurchaseFen[campaign];
    }

    public long maxPerPaymentFen(final int campaign) {
        return maxPerPaymentFen[campaign];
    }

    public long walletCapFen(final int campaign) {
        return walletCapFen[campaign];
    }

    public int status(final int campaign) {
        return status[campaign];
    }

    public void setStatus(final int campaign, final int newStatus) {
        status[campaign] = newStatus;
    }

    /** Whether earmarked funds of the campaign may be spent at {@code nowMs}. */
    public boolean isSpendable(final int campaign, final long nowMs) {
        return status[campaign] == OPEN && nowMs >= validFromMs[campaign] && nowMs < validUntilMs[campaign];
    }

    /** Rules are fixed once the first grant is made, so every holder is bound by the same rules. */
    public boolean rulesLocked(final int campaign) {
        return grantedFen[campaign] > 0 || status[campaign] != OPEN;
    }

    public long grantedFen(final int campaign) {
        return grantedFen[campaign];
    }

    public long spentFen(final int campaign) {
        return spentFen[campaign];
    }

    public long expiredFen(final int campaign) {
        return expiredFen[campaign];
    }

    public long returnedFen(final int campaign) {
        return returnedFen[campaign];
    }

    public void addGranted(final int campaign, final long amount) {
        grantedFen[campaign] += amount;
    }

    public void addSpent(final int campaign, final long amount) {
        spentFen[campaign] += amount;
    }

    public void addExpired(final int campaign, final long amount) {
        expiredFen[campaign] += amount;
    }

    public void addReturned(final int campaign, final long amount) {
        returnedFen[campaign] += amount;
    }

    /** Restores the totals and status written by a snapshot. */
    public void restoreTotals(final int campaign, final int restoredStatus, final long granted, final long spent,
                              final long expired, final long returned) {
        status[campaign] = restoredStatus;
        grantedFen[campaign] = granted;
        spentFen[campaign] = spent;
        expiredFen[campaign] = expired;
        returnedFen[campaign] = returned;
    }

    /** Earliest end of window among open campaigns, or Long.MAX_VALUE: batches before it need no expiry scan. */
    public long nextExpiryMs() {
        long next = Long.MAX_VALUE;
        for (int campaign = 0; campaign < count; campaign++) {
            if (status[campaign] == OPEN) {
                next = Math.min(next, validUntilMs[campaign]);
            }
        }
        return next;
    }

    private void grow() {
        final int size = id.length * 2;
        id = Arrays.copyOf(id, size);
        poolIndex = Arrays.copyOf(poolIndex, size);
        funderIndex = Arrays.copyOf(funderIndex, size);
        budgetFen = Arrays.copyOf(budgetFen, size);
        validFromMs = Arrays.copyOf(validFromMs, size);
        validUntilMs = Arrays.copyOf(validUntilMs, size);
        minPurchaseFen = Arrays.copyOf(minPurchaseFen, size);
        maxPerPaymentFen = Arrays.copyOf(maxPerPaymentFen, size);
        walletCapFen = Arrays.copyOf(walletCapFen, size);
        status = Arrays.copyOf(status, size);
        placeRuleKinds = Arrays.copyOf(placeRuleKinds, size);
        grantedFen = Arrays.copyOf(grantedFen, size);
        spentFen = Arrays.copyOf(spentFen, size);
        expiredFen = Arrays.copyOf(expiredFen, size);
        returnedFen = Arrays.copyOf(returnedFen, size);
    }
}
