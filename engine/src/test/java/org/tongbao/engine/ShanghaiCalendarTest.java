package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Asia/Shanghai calendar arithmetic without time-zone data: days start at 16:00 UTC, years on 1 January. */
class ShanghaiCalendarTest {
    private static final LocalDate FIRST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2400, 12, 31);
    /** China has kept UTC+8 without daylight saving since 1992; before that the tz database differs. */
    private static final LocalDate NO_DAYLIGHT_SAVING_SINCE = LocalDate.of(1992, 1, 1);

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01", "2000-02-29", "2023-06-16", "2024-01-01", "2100-03-01", "2400-12-31"})
    void startsEachDayAtMidnightInShanghai(final String date) {
        final LocalDate day = LocalDate.parse(date);
        final long midnightMs = Instant.parse(date + "T00:00:00+08:00").toEpochMilli();

        assertThat(ShanghaiCalendar.epochDay(midnightMs)).isEqualTo(day.toEpochDay());
        assertThat(ShanghaiCalendar.epochDay(midnightMs - 1)).isEqualTo(day.toEpochDay() - 1);
        assertThat(ShanghaiCalendar.epochDay(midnightMs + ShanghaiCalendar.DAY_MS - 1)).isEqualTo(day.toEpochDay());
    }

    @Test
    void startsTheDayAtSixteenHundredUtcOfThePreviousUtcDay() {
        assertThat(ShanghaiCalendar.epochDay(Instant.parse("2023-06-15T15:59:59.999Z").toEpochMilli()))
                .isEqualTo(LocalDate.of(2023, 6, 15).toEpochDay());
        assertThat(ShanghaiCalendar.epochDay(Instant.parse("2023-06-15T16:00:00Z").toEpochMilli()))
                .isEqualTo(LocalDate.of(2023, 6, 16).toEpochDay());
    }

    @Test
    void countsTheEightHoursBeforeTheUnixEpochAsDayZero() {
        assertThat(ShanghaiCalendar.epochDay(-ShanghaiCalendar.OFFSET_MS)).isZero();
        assertThat(ShanghaiCalendar.epochDay(-ShanghaiCalendar.OFFSET_MS - 1)).isEqualTo(-1);
    }

    @Test
    void agreesWithTheTimeZoneDatabaseAtEveryMidnightSince1992() {
        final ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        final List<LocalDate> wrong = new ArrayList<>();
        for (LocalDate day = NO_DAYLIGHT_SAVING_SINCE; !day.isAfter(LAST); day = day.plusDays(1)) {
            final long midnightMs = day.atStartOfDay(shanghai).toInstant().toEpochMilli();
            if (ShanghaiCalendar.epochDay(midnightMs) != day.toEpochDay()
                    || ShanghaiCalendar.epochDay(midnightMs - 1) != day.toEpochDay() - 1) {
                wrong.add(day);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void findsTheYearOfEveryDayFrom1970To2400() {
        final List<String> wrong = new ArrayList<>();
        for (long epochDay = FIRST.toEpochDay(); epochDay <= LAST.toEpochDay(); epochDay++) {
            final LocalDate date = LocalDate.ofEpochDay(epochDay);
            final int year = ShanghaiCalendar.year((int) epochDay);
            if (year != date.getYear()) {
                wrong.add(date + " gave " + year);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void findsTheFirstDayOfEveryYearFrom1970To2400() {
        for (int year = FIRST.getYear(); year <= LAST.getYear(); year++) {
            assertThat(ShanghaiCalendar.firstDayOfYear(year)).as("1 January %d", year)
                    .isEqualTo(LocalDate.of(year, 1, 1).toEpochDay());
        }
    }

    @Test
    void placesEveryDayWithinTheYearThatStartsOnItsFirstDayOfYear() {
        final List<String> wrong = new ArrayList<>();
        for (long epochDay = FIRST.toEpochDay(); epochDay <= LAST.toEpochDay(); epochDay++) {
            final LocalDate date = LocalDate.ofEpochDay(epochDay);
            final long first = ShanghaiCalendar.firstDayOfYear(ShanghaiCalendar.year((int) epochDay));
            if (epochDay - first != date.getDayOfYear() - 1) {
                wrong.add(date + " is day " + (epochDay - first) + " after " + LocalDate.ofEpochDay(first));
            }
        }
        assertThat(wrong).isEmpty();
    }
}
