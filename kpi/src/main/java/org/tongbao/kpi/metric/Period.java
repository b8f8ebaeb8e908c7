package org.tongbao.kpi.metric;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * Calendar periods of the Asia/Shanghai calendar, each numbered by a key: the epoch day for a
 * day, weeks since Monday 1970-01-05 (ISO weeks, Monday to Sunday), {@code year × 12 + month − 1},
 * {@code year × 4 + quarter − 1}, the year. Keys of one period kind are consecutive integers.
 * Pure functions; any thread. {@link #keyOf} and {@link #firstDay} do not allocate for days and
 * weeks; months, quarters and years go through {@link LocalDate} (called once per new day on
 * the hot path, and at query time).
 */
public enum Period {
    DAY,
    WEEK,
    MONTH,
    QUARTER,
    YEAR;

    /** Epoch day of Monday 1970-01-05, the first day of week key 0. */
    private static final int FIRST_MONDAY = 4;

    /** The key of the period of this kind that contains {@code epochDay}. */
    public int keyOf(final int epochDay) {
        return switch (this) {
            case DAY -> epochDay;
            case WEEK -> Math.floorDiv(epochDay - FIRST_MONDAY, 7);
            case MONTH -> {
                final LocalDate date = LocalDate.ofEpochDay(epochDay);
                yield date.getYear() * 12 + date.getMonthValue() - 1;
            }
            case QUARTER -> {
                final LocalDate date = LocalDate.ofEpochDay(epochDay);
                yield date.getYear() * 4 + (date.getMonthValue() - 1) / 3;
            }
            case YEAR -> LocalDate.ofEpochDay(epochDay).getYear();
        };
    }

    /** Epoch day of the first day of the period {@code key}. */
    public int firstDay(final int key) {
        return switch (this) {
            case DAY -> key;
            case WEEK -> FIRST_MONDAY + key * 7;
            case MONTH -> (int) LocalDate.of(Math.floorDiv(key, 12), Math.floorMod(key, 12) + 1, 1).toEpochDay();
            case QUARTER -> (int) LocalDate.of(Math.floorDiv(key, 4), Math.floorMod(key, 4) * 3 + 1, 1).toEpochDay();
            case YEAR -> (int) LocalDate.of(key, 1, 1).toEpochDay();
        };
    }

    /** Epoch day of the last day of the period {@code key}. */
    public int lastDay(final int key) {
        return firstDay(key + 1) - 1;
    }

    /** A readable name of the period {@code key}: 2023-03-01, 2023-W09, 2023-03, 2023-Q1, 2023. */
    public String label(final int key) {
        final LocalDate first = LocalDate.ofEpochDay(firstDay(key));
        return switch (this) {
            case DAY -> first.toString();
            case WEEK -> String.format("%d-W%02d", first.get(IsoFields.WEEK_BASED_YEAR),
                    first.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%d-%02d", first.getYear(), first.getMonthValue());
            case QUARTER -> first.getYear() + "-Q" + ((first.getMonthValue() - 1) / 3 + 1);
            case YEAR -> Integer.toString(first.getYear());
        };
    }

    /** Day of the week of an epoch day, 0 = Monday .. 6 = Sunday. */
    public static int weekday(final int epochDay) {
        return LocalDate.ofEpochDay(epochDay).getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
    }
}
