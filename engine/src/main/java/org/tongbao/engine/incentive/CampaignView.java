package org.tongbao.engine.incentive;

/**
 * One campaign as a value, for reads outside the hot path (API, reports, tests). Status is
 * {@code OPEN}, {@code EXPIRED} (window ended, unspent earmarks back in the pool) or
 * {@code CLOSED} (pool returned to the funder). Amount rules without a value read 0.
 */
public record CampaignView(long id, long funderId, long budgetFen, long validFromMs, long validUntilMs, String status,
                           long poolFen, long grantedFen, long spentFen, long expiredFen, long returnedFen,
                           long minPurchaseFen, long maxPerPaymentFen, long walletCapFen) {
    /** Earmarked funds still held by wallets: granted less spent and expired. */
    public long outstandingFen() {
        return grantedFen - spentFen - expiredFen;
    }
}
