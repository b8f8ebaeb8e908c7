package org.tongbao.sim;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;

/**
 * What a simulated year must reproduce at scale 1, and how activity is spread over its days.
 *
 * <p>2022 is the reported year of ../shared/PILOT.md: 340 billion CNY of transactions, 930,000
 * businesses and government bodies transacting, 30.54 million wallets opened (the whole pilot
 * is opened within the year: the simulator starts from an empty ledger), 40 billion CNY of
 * incentives granted, 18.7 billion CNY of SME loans and 371 fintech enterprises.
 *
 * <p>2023 is a plan on course for the 2023 targets (2 trillion CNY of transactions, 200 billion
 * CNY of SME loans) and for 1,000 fintech enterprises by 2025 (640 by the end of 2023), with
 * 46.54 million wallets and 1.4 million businesses by its end (2022's carried over), but not
 * evenly: Taicang and Zhangjiagang run at 70% and 80% of their population's share.
 *
 * <p>Seasonality, as a weight per day: weekends carry more retail and less business traffic;
 * the pilot grows through the year (activity at the end of the year is twice that at its
 * start); retail peaks in the ten days before the Spring Festival, around the 618 and
 * Double 11 shopping festivals, and businesses pause in the Spring Festival week. Immutable.
 */
public record PilotYear(int year, long volumeYuan, long businesses, long walletsOpened, long incentivesYuan,
                        long loansYuan, int fintechEnterprises, LocalDate springFestival, double firstDayShare,
                        double[] volumeShares) {

    /**
     * The years the simulator knows. {@code firstDayShare}: the part of the year's wallets and
     * businesses already there on 1 January (earlier adopters; for 2023, all of 2022's).
     * {@code volumeShares}: the planned volume (loans apart) by kind: P2P, merchant, B2B, tax
     * and fees, government subsidies. In 2023 the growth is in business payments, so retail
     * spending per wallet stays within what tier limits allow.
     */
    public static PilotYear of(final int year) {
        return switch (year) {
            case 2022 -> new PilotYear(2022, 340_000_000_000L, 930_000, 30_540_000, 40_000_000_000L, 18_700_000_000L,
                    371, LocalDate.of(2022, 2, 1), 0.25, new double[] {0.16, 0.14, 0.62, 0.06, 0.02});
            case 2023 -> new PilotYear(2023, 2_000_000_000_000L, 1_400_000, 46_540_000, 60_000_000_000L,
                    200_000_000_000L, 640, LocalDate.of(2023, 1, 22), 0.66, new double[] {0.05, 0.05, 0.80, 0.08, 0.02});
            default -> throw new IllegalArgumentException("the simulator knows the years 2022 and 2023, not " + year);
        };
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, 1, 1);
    }

    public LocalDate lastDay() {
        return LocalDate.of(year, 12, 31);
    }

    /** How far a district runs behind its population share (1 = on par), the uneven part of 2023. */
    public double districtPace(final int districtCode) {
        if (year != 2023) {
            return 1;
        }
        return switch (districtCode) {
            case 320585 -> 0.7;
            case 320582 -> 0.8;
            default -> 1;
        };
    }

    /** Relative retail activity on {@code day} (unnormalised). */
    public double retailWeight(final LocalDate day) {
        final DayOfWeek weekday = day.getDayOfWeek();
        double weight = growth(day) * (weekday == DayOfWeek.SATURDAY ? 1.25 : weekday == DayOfWeek.SUNDAY ? 1.15 : 1.0);
        final long toFestival = springFestival.toEpochDay() - day.toEpochDay();
        if (toFestival > 0 && toFestival <= 10) {
            weight *= 1.6;
        } else if (toFestival <= 0 && toFestival > -7) {
            weight *= 0.8;
        }
        weight *= shoppingFestival(day, MonthDay.of(6, 18), 1.4) * shoppingFestival(day, MonthDay.of(11, 11), 2.0);
        return weight;
    }

    /** Relative business (B2B, tax, loans) activity on {@code day} (unnormalised). */
    public double businessWeight(final LocalDate day) {
        final DayOfWeek weekday = day.getDayOfWeek();
        double weight = growth(day) * (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY ? 0.25 : 1.0);
        final long fromFestival = day.toEpochDay() - springFestival.toEpochDay();
        if (fromFestival >= -1 && fromFestival < 7) {
            weight *= 0.2;
        }
        return weight;
    }

    /** From 1 at the start of the year to 2 at its end. */
    private double growth(final LocalDate day) {
        return 1.0 + (day.getDayOfYear() - 1) / (double) firstDay().lengthOfYear();
    }

    /** The festival's own day at {@code peak}, the ten days before it ramping up to it. */
    private static double shoppingFestival(final LocalDate day, final MonthDay festival, final double peak) {
        final long before = festival.atYear(day.getYear()).toEpochDay() - day.toEpochDay();
        if (before < 0 || before > 10) {
            return 1;
        }
        return 1 + (peak - 1) * (10 - before) / 10.0;
    }
}
