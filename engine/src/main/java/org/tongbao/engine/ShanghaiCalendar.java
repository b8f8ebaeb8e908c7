package org.tongbao.engine;

/**
 * Calendar days and years in Asia/Shanghai, computed from batch time without allocation or
 * time-zone data. China Standard Time has been a fixed UTC+8 with no daylight saving since
 * 1991, so a fixed offset is exact for every date the pilot can see and keeps replay
 * independent of the JDK's tz database version. Pure functions; any thread.
 */
public final class ShanghaiCalendar {
    public static final long OFFSET_MS = 8L * 3600 * 1000;
    public static final long DAY_MS = 86_400_000L;

    private ShanghaiCalendar() {
    }

    /** Days since 1970-01-01 of the Shanghai calendar date at {@code epochMs}. */
    public static int epochDay(final long epochMs) {
        return (int) Math.floorDiv(epochMs + OFFSET_MS, DAY_MS);
    }

    /** The Gregorian year of an epoch day (Howard Hinnant's civil_from_days). */
    public static int year(final int epochDay) {
        final long z = epochDay + 719_468L;
        final long era = Math.floorDiv(z, 146_097L);
        final long dayOfEra = z - era * 146_097L;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long monthIndex = (5 * dayOfYear + 2) / 153;
        final long month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        return (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    }

    /** Epoch day of 1 January of {@code year} (Hinnant's days_from_civil). */
    public static int firstDayOfYear(final int year) {
        final long y = year - 1L;
        final long era = Math.floorDiv(y, 400L);
        final long yearOfEra = y - era * 400;
        final long dayOfYear = (153L * 10 + 2) / 5;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return (int) (era * 146_097 + dayOfEra - 719_468);
    }
}
