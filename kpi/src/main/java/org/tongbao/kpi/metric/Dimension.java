package org.tongbao.kpi.metric;

/**
 * The ways a metric can be split, one at a time. Each dimension has a bounded number of slots
 * ({@link #slotsMax()}): values are given slots in the order they are first seen, and values
 * past the bound share the last slot, labelled "other", so memory is bounded whatever the
 * data. Slot 0 of every dimension is "none" (no district, not a merchant, tier 0 for accounts
 * that are not wallets, no enterprise profile...).
 *
 * <p>{@link #ordinal()} order is part of the aggregates' snapshot format.
 */
public enum Dimension {
    /** GB/T 2260 district code of the attributed account. */
    DISTRICT(64),
    /** ISO 18245 merchant category code of the attributed account (0 = not a merchant). */
    MERCHANT_CATEGORY(512),
    /** KYC tier 1-4 of the attributed wallet (0 = not a wallet). */
    WALLET_TIER(6),
    /** Operator bank: the reserve the attributed account is held at, or the reserve itself. */
    OPERATOR(64),
    /** Transfer code number (0 = not a transfer, e.g. a wallet opened). */
    TRANSFER_CODE(64),
    /** Enterprise size from the attributed account's enterprise profile (0 = none, 1 micro .. 4 large). */
    ENTERPRISE_SIZE(6),
    /** Sector code from the attributed account's enterprise profile (0 = none). */
    SECTOR(64),
    /**
     * Incentive campaign id: the campaign a campaign movement (funding, grant, spend, expiry,
     * return) belongs to, and for the free-funds part of a payment that also spent campaign funds,
     * the campaign of the spend just before it; 0 = not a campaign movement. 510 campaigns get a
     * slot of their own, in the order first seen; later ones share "other".
     */
    CAMPAIGN(512);

    private final int slotsMax;

    Dimension(final int slotsMax) {
        this.slotsMax = slotsMax;
    }

    /** Most slots this dimension ever takes, "none" and "other" included. */
    public int slotsMax() {
        return slotsMax;
    }

    /** Sum of every dimension's slots: the widest a day row can get. */
    public static int slotsMaxTotal() {
        int total = 0;
        for (final Dimension dimension : values()) {
            total += dimension.slotsMax;
        }
        return total;
    }

    /** The dimension named {@code name} (case-insensitive; '-' or '_'; "category", "tier", "code", "size" accepted; "campaign"), or null. */
    public static Dimension byName(final String name) {
        final String wanted = name.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        return switch (wanted) {
            case "CATEGORY", "MCC" -> MERCHANT_CATEGORY;
            case "TIER" -> WALLET_TIER;
            case "CODE" -> TRANSFER_CODE;
            case "SIZE" -> ENTERPRISE_SIZE;
            default -> {
                for (final Dimension dimension : values()) {
                    if (dimension.name().equals(wanted)) {
                        yield dimension;
                    }
                }
                yield null;
            }
        };
    }
}
