package org.tongbao.engine.incentive;

/** What a wallet holds from one campaign: left to spend, granted in all, and when it expires. */
public record EarmarkView(long campaignId, long amountFen, long grantedFen, long expiresAtMs) {
}
