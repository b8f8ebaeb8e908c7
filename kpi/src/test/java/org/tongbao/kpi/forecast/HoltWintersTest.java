package org.tongbao.kpi.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HoltWintersTest {
    private final HoltWinters model = HoltWinters.defaults();

    @Test
    void forecastsAConstantSeriesAsThatConstant() {
        final double[] series = new double[28];
        java.util.Arrays.fill(series, 10);

        assertThat(model.forecast(series, 5)).containsExactly(new double[] {10, 10, 10, 10, 10}, within(1e-9));
        assertThat(model.forecastSum(series, 265)).isCloseTo(2_650, within(1e-6));
    }

    @Test
    void reproducesAPureWeeklyPattern() {
        final double[] week = {70, 10, 10, 10, 10, 10, 40};
        final double[] series = new double[35];
        for (int i = 0; i < series.length; i++) {
            series[i] = week[i % 7];
        }

        assertThat(model.forecast(series, 7)).containsExactly(week, within(1e-9));
        assertThat(model.forecastSum(series, 14)).isCloseTo(2 * 160, within(1e-6));
    }

    @Test
    void continuesTheWeekWhereTheSeriesStops() {
        final double[] week = {70, 10, 10, 10, 10, 10, 40};
        final double[] series = new double[31];
        for (int i = 0; i < series.length; i++) {
            series[i] = week[i % 7];
        }

        assertThat(model.forecast(series, 3)).containsExactly(new double[] {10, 10, 10}, within(1e-9));
    }

    @Test
    void givesNoForecastWithLessThanTwoWeeks() {
        assertThat(model.forecast(new double[13], 10)).isNull();
        assertThat(model.forecastSum(new double[13], 10)).isNaN();
    }

    @Test
    void dampsATrendInsteadOfProjectingItForever() {
        final double[] series = new double[56];
        for (int i = 0; i < series.length; i++) {
            series[i] = i;
        }
        final double[] forecast = model.forecast(series, 365);

        assertThat(forecast[0]).isGreaterThan(50);
        assertThat(forecast[364] - forecast[0]).isLessThan(49);
    }

    @Test
    void runRateContinuesTheAverageDailyChange() {
        assertThat(RunRate.forecast(0, 1_000, 100, 365)).isEqualTo(3_650);
        assertThat(RunRate.forecast(100, 600, 50, 100)).isEqualTo(1_100);
        assertThat(RunRate.forecast(0, 5, 0, 365)).isEqualTo(5);
    }
}
