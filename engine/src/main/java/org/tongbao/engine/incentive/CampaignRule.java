package org.tongbao.engine.incentive;

/**
 * One spending rule or option of an incentive campaign, set by a CAMPAIGN_RULE command before
 * the campaign's first grant. Numbers are stable: they are journaled.
 *
 * <p>Where earmarked funds may be spent: a merchant qualifies when, for every kind of place
 * rule the campaign has (categories, districts, merchants), it matches at least one rule of
 * that kind; a campaign with no place rules may be spent at any merchant.
 */
public enum CampaignRule {
    /** Spendable at merchants of this merchant category code (value: 1-9999). */
    MERCHANT_CATEGORY(1, true),
    /** Spendable at merchants in this district (value: a 6-digit division code). */
    DISTRICT(2, true),
    /** Spendable at this merchant (value: the merchant account's id). */
    MERCHANT(3, true),
    /** Earmarked funds apply only to payments of at least this many fen ("spend 100, 20 off"). */
    MIN_PURCHASE(4, false),
    /** At most this many fen of one payment may come from the campaign. */
    MAX_PER_PAYMENT(5, false),
    /** At most this many fen may be granted to one wallet over the campaign's life. */
    WALLET_CAP(6, false);

    private static final CampaignRule[] BY_NUMBER = {null, MERCHANT_CATEGORY, DISTRICT, MERCHANT, MIN_PURCHASE,
        MAX_PER_PAYMENT, WALLET_CAP};

    private final int number;
    private final boolean place;

    CampaignRule(final int number, final boolean place) {
        this.number = number;
        this.place = place;
    }

    public int number() {
        return number;
    }

    /** Whether the rule says where funds may be spent (a set member) rather than setting an amount. */
    public boolean isPlace() {
        return place;
    }

    public static boolean isValidNumber(final int number) {
        return number > 0 && number < BY_NUMBER.length;
    }

    public static CampaignRule ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no campaign rule has number " + number);
        }
        return BY_NUMBER[number];
    }
}
