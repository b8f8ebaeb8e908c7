package org.tongbao.sim;

import java.util.List;

/**
 * Reference data of the city the simulator models (../shared/PILOT.md): districts with their
 * 2020 census population as weights, the operator banks with their share of wallets, merchant
 * categories with their share of purchases and typical ticket, enterprise sectors. Immutable;
 * any thread.
 */
public final class Suzhou {
    /** A district or county-level city: GB/T 2260 code, name, resident population in millions. */
    public record District(int code, String name, double populationMillions) {
    }

    /** An operator bank: its reserve account id, name, share of wallets. */
    public record Operator(long accountId, String name, double share) {
    }

    /**
     * A merchant category: ISO 18245 code, name, share of purchases, median ticket in CNY and the
     * spread (sigma) of its log-normal ticket distribution.
     */
    public record Category(int code, String name, double share, double medianYuan, double sigma) {
    }

    public static final List<District> DISTRICTS = List.of(
            new District(320505, "Huqiu (Suzhou New District)", 0.83),
            new District(320506, "Wuzhong", 1.39),
            new District(320507, "Xiangcheng", 0.89),
            new District(320508, "Gusu", 0.92),
            new District(320509, "Wujiang", 1.55),
            new District(320571, "Suzhou Industrial Park", 1.13),
            new District(320581, "Changshu", 1.68),
            new District(320582, "Zhangjiagang", 1.43),
            new District(320583, "Kunshan", 2.09),
            new District(320585, "Taicang", 0.83));

    public static final List<Operator> OPERATORS = List.of(
            new Operator(11, "ICBC", 0.16),
            new Operator(12, "Agricultural Bank of China", 0.13),
            new Operator(13, "Bank of China", 0.12),
            new Operator(14, "China Construction Bank", 0.14),
            new Operator(15, "Bank of Communications", 0.06),
            new Operator(16, "Postal Savings Bank", 0.08),
            new Operator(17, "China Merchants Bank", 0.07),
            new Operator(18, "WeBank", 0.06),
            new Operator(19, "MYbank", 0.06),
            new Operator(20, "Bank of Suzhou", 0.07),
            new Operator(21, "Suzhou Rural Commercial Bank", 0.05));

    public static final List<Category> CATEGORIES = List.of(
            new Category(5411, "groceries", 0.30, 45, 0.9),
            new Category(5812, "restaurants", 0.25, 60, 0.8),
            new Category(4111, "local transport", 0.15, 4, 0.5),
            new Category(5311, "department stores", 0.08, 250, 1.0),
            new Category(5541, "fuel", 0.07, 280, 0.5),
            new Category(5912, "pharmacies", 0.05, 70, 0.8),
            new Category(8062, "hospitals", 0.04, 300, 1.1),
            new Category(4900, "utilities", 0.04, 150, 0.7),
            new Category(8211, "schools", 0.02, 1_500, 0.9));

    /** Sector codes (GB/T 4754 sections) and names of the enterprises that borrow and trade. */
    public static final List<String> SECTORS = List.of(
            "manufacturing", "wholesale and retail", "construction", "transport and logistics",
            "information technology", "accommodation and catering", "agriculture", "business services",
            "scientific research", "culture and tourism");

    private Suzhou() {
    }

    private static final double[] DISTRICT_CUMULATIVE =
            cumulative(DISTRICTS.stream().mapToDouble(District::populationMillions).toArray());
    private static final double[] OPERATOR_CUMULATIVE =
            cumulative(OPERATORS.stream().mapToDouble(Operator::share).toArray());
    private static final double[] CATEGORY_CUMULATIVE =
            cumulative(CATEGORIES.stream().mapToDouble(Category::share).toArray());

    /** Index of the district whose cumulative population weight covers {@code u} in [0, 1). */
    static int districtAt(final double u) {
        return pick(u, DISTRICT_CUMULATIVE);
    }

    static int operatorAt(final double u) {
        return pick(u, OPERATOR_CUMULATIVE);
    }

    static int categoryAt(final double u) {
        return pick(u, CATEGORY_CUMULATIVE);
    }

    private static double[] cumulative(final double[] weights) {
        double total = 0;
        for (final double weight : weights) {
            total += weight;
        }
        final double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }
        return cumulative;
    }

    private static int pick(final double u, final double[] cumulative) {
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }
}
