package org.tongbao.kpi.metric;

import java.util.Map;
import org.tongbao.engine.payment.TransferCode;

/**
 * Readable names for raw dimension values: Suzhou's districts (GB/T 2260), the merchant
 * categories the pilot names (ISO 18245), enterprise sizes, sectors and transfer codes.
 * Unknown values show as their number ("district 310101", "sector 17"). Operators are shown by
 * their reserve's account id, campaigns by their id ("campaign 700001": the ledger keeps no
 * campaign name). Pure; any thread.
 */
public final class DimensionLabels {
    /** Suzhou's districts and county-level cities, as in PILOT.md. */
    public static final Map<Integer, String> DISTRICTS = Map.of(320505, "Huqiu", 320506, "Wuzhong", 320507, "Xiangcheng",
            320508, "Gusu", 320509, "Wujiang", 320581, "Changshu", 320582, "Zhangjiagang", 320583, "Kunshan", 320585,
            "Taicang", 320571, "Suzhou Industrial Park");

    /** The enterprise sectors of ENTERPRISE_PROFILED events (reference column): a small table for display. */
    public static final Map<Integer, String> SECTORS = Map.of(1, "manufacturing", 2, "retail", 3, "wholesale", 4,
            "logistics", 5, "information technology", 6, "construction", 7, "hospitality", 8, "agriculture", 9,
            "finance", 10, "services");

    private static final Map<Integer, String> CATEGORIES = Map.of(5411, "groceries", 5812, "restaurants", 5912,
            "pharmacies", 4111, "local transport", 5311, "department stores", 5541, "fuel", 8211, "schools", 8062,
            "hospitals", 4900, "utilities", 9311, "tax payments");

    private static final String[] SIZES = {"none", "micro", "small", "medium", "large"};

    private DimensionLabels() {
    }

    /** The label of raw value {@code value} of {@code dimension}. */
    public static String label(final Dimension dimension, final long value) {
        if (value == 0) {
            return "none";
        }
        return switch (dimension) {
            case DISTRICT -> DISTRICTS.getOrDefault((int) value, "district " + value);
            case MERCHANT_CATEGORY -> (value + " " + CATEGORIES.getOrDefault((int) value, "")).trim();
            case WALLET_TIER -> "tier " + value;
            case OPERATOR -> "operator " + value;
            case TRANSFER_CODE -> TransferCode.isValidNumber((int) value) ? TransferCode.ofNumber((int) value).name()
                    : "code " + value;
            case ENTERPRISE_SIZE -> value > 0 && value < SIZES.length ? SIZES[(int) value] : "size " + value;
            case SECTOR -> SECTORS.getOrDefault((int) value, "sector " + value);
            case CAMPAIGN -> "campaign " + value;
        };
    }

    /** The raw district code named {@code name} (case-insensitive), or the number itself, or -1. */
    public static int districtCode(final String name) {
        for (final Map.Entry<Integer, String> entry : DISTRICTS.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(name.trim())) {
                return entry.getKey();
            }
        }
        try {
            return Integer.parseInt(name.trim());
        } catch (final NumberFormatException e) {
            return -1;
        }
    }
}
