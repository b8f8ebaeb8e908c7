package org.tongbao.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.kpi.PilotFixture.GUSU;
import static org.tongbao.kpi.PilotFixture.GUSU_GROCERY;
import static org.tongbao.kpi.PilotFixture.GUSU_WALLET;
import static org.tongbao.kpi.PilotFixture.KUNSHAN;
import static org.tongbao.kpi.PilotFixture.KUNSHAN_RESTAURANT;
import static org.tongbao.kpi.PilotFixture.KUNSHAN_WALLET;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongbao.kpi.alert.Alert;
import org.tongbao.kpi.alert.DistrictShareRule;
import org.tongbao.kpi.alert.ThresholdRule;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.metric.Period;
import org.tongbao.kpi.registry.FintechRegistry;
import org.tongbao.kpi.registry.FintechSector;
import org.tongbao.kpi.registry.RegistrationResult;
import org.tongbao.kpi.target.StatusRule;
import org.tongbao.kpi.target.Target;
import org.tongbao.kpi.target.TargetProgress;
import org.tongbao.kpi.target.TargetStatus;

class KpiPlatformTest {
    private static final LocalDate JAN_1 = LocalDate.of(2023, 1, 1);

    private static KpiConfig config() {
        return new KpiConfig(MetricDefinitions.defaults(), KpiConfig.CNY_PER_USD_DEFAULT,
                List.of(Target.count("transactions", Metric.TRANSACTION_COUNT, 365, JAN_1, LocalDate.of(2023, 12, 31)),
                        Target.count("kunshan", Metric.TRANSACTION_COUNT, 365, JAN_1, LocalDate.of(2023, 12, 31))
                                .filtered(Dimension.DISTRICT, KUNSHAN)),
                StatusRule.defaults(),
                List.of(new ThresholdRule("big-day", Metric.TRANSACTION_VOLUME, null, 0, Period.DAY, true, 1_000)),
                List.of(new DistrictShareRule("share", Metric.TRANSACTION_VOLUME, Period.MONTH,
                        Map.of(GUSU, 1.0, KUNSHAN, 1.0), 20)));
    }

    @Test
    void answersProgressOfEveryTargetAndFilteredTargets() {
        final KpiPlatform platform = new KpiPlatform(config(), new FintechRegistry());
        final PilotFixture pilot = new PilotFixture(platform, JAN_1);
        for (int d = 0; d < 10; d++) {
            pilot.pay(JAN_1.plusDays(d), GUSU_WALLET, GUSU_GROCERY, 100);
            if (d % 2 == 0) {
                pilot.pay(JAN_1.plusDays(d), KUNSHAN_WALLET, KUNSHAN_RESTAURANT, 300);
            }
        }
        final int day10 = (int) JAN_1.plusDays(9).toEpochDay();

        final List<TargetProgress> progress = platform.progress(day10);

        assertThat(progress).extracting(p -> p.target().name()).containsExactly("transactions", "kunshan");
        assertThat(progress.get(0).actual()).isEqualTo(15);
        assertThat(progress.get(0).status()).isEqualTo(TargetStatus.AHEAD);
        assertThat(progress.get(1).actual()).isEqualTo(5);
        assertThat(progress.get(1).status()).isEqualTo(TargetStatus.AT_RISK);
        assertThat(platform.progress("KUNSHAN", day10).actual()).isEqualTo(5);
        assertThat(platform.progress("nope", day10)).isNull();
    }

    @Test
    void breaksAMetricDownByDimensionForAPeriodToDate() {
        final KpiPlatform platform = new KpiPlatform(config(), new FintechRegistry());
        final PilotFixture pilot = new PilotFixture(platform, JAN_1);
        pilot.pay(JAN_1, GUSU_WALLET, GUSU_GROCERY, 100);
        pilot.pay(JAN_1.plusDays(40), GUSU_WALLET, GUSU_GROCERY, 200);
        pilot.pay(JAN_1.plusDays(41), KUNSHAN_WALLET, KUNSHAN_RESTAURANT, 700);
        final int feb11 = (int) JAN_1.plusDays(41).toEpochDay();

        final MetricBreakdown month = platform.breakdown(Metric.TRANSACTION_VOLUME, Dimension.DISTRICT, Period.MONTH, feb11);
        final MetricBreakdown year = platform.breakdown(Metric.TRANSACTION_VOLUME, Dimension.MERCHANT_CATEGORY, Period.YEAR,
                feb11);

        assertThat(month.periodLabel()).isEqualTo("2023-02");
        assertThat(month.total()).isEqualTo(900);
        assertThat(month.rows()).extracting(MetricBreakdown.Row::label, MetricBreakdown.Row::amount)
                .contains(org.assertj.core.groups.Tuple.tuple("Gusu", 200.0), org.assertj.core.groups.Tuple.tuple("Kunshan", 700.0));
        assertThat(year.rows()).extracting(MetricBreakdown.Row::label, MetricBreakdown.Row::amount)
                .contains(org.assertj.core.groups.Tuple.tuple("5411 groceries", 300.0),
                        org.assertj.core.groups.Tuple.tuple("5812 restaurants", 700.0));
        assertThat(platform.value(Metric.ACTIVE_WALLETS, null, 0, Period.YEAR, feb11)).isEqualTo(2);
        assertThat(platform.value(Metric.ACTIVE_WALLETS, null, 0, Period.MONTH, feb11)).isEqualTo(2);
        assertThat(platform.value(Metric.ACTIVE_WALLETS, null, 0, Period.DAY, feb11)).isEqualTo(1);
        assertThat(platform.value(Metric.BUSINESSES_TRANSACTING, null, 0, Period.QUARTER, feb11)).isEqualTo(2);
        assertThat(platform.value(Metric.CIRCULATION, null, 0, Period.DAY, feb11)).isEqualTo(100_000_000_00.0);
        assertThat(platform.value(Metric.WALLETS_OPENED, null, 0, Period.YEAR, (int) JAN_1.minusDays(1).toEpochDay()))
                .isEqualTo(4);
    }

    @Test
    void countsFintechEnterprisesBySectorAndDistrictAgainstTheirTarget() {
        final FintechRegistry registry = new FintechRegistry();
        final KpiPlatform platform = new KpiPlatform(KpiConfig.defaults(), registry);
        assertThat(registry.register("Kunshan Chain", "914403001922038216", EnumSet.of(FintechSector.BLOCKCHAIN),
                KUNSHAN, LocalDate.of(2023, 3, 1))).isEqualTo(RegistrationResult.OK);
        final int day = (int) LocalDate.of(2023, 6, 30).toEpochDay();

        final TargetProgress fintech = platform.progress("fintech-2025", day);
        final MetricBreakdown bySector = platform.breakdown(Metric.FINTECH_ENTERPRISES, Dimension.SECTOR, Period.YEAR, day);

        assertThat(fintech.actual()).isEqualTo(1);
        assertThat(fintech.target().amount()).isEqualTo(1_000);
        assertThat(bySector.rows()).extracting(MetricBreakdown.Row::label, MetricBreakdown.Row::amount)
                .contains(org.assertj.core.groups.Tuple.tuple("blockchain", 1.0), org.assertj.core.groups.Tuple.tuple("AI", 0.0));
    }

    @Test
    void raisesAlertsWhenAStatusWorsensAThresholdIsCrossedOrADistrictLags() {
        final KpiPlatform platform = new KpiPlatform(config(), new FintechRegistry());
        final PilotFixture pilot = new PilotFixture(platform, JAN_1);
        for (int d = 0; d < 30; d++) {
            final LocalDate day = JAN_1.plusDays(d);
            if (d < 10) {
                pilot.pay(day, GUSU_WALLET, GUSU_GROCERY, d == 5 ? 5_000 : 100);
            }
            platform.checkAlerts((int) day.toEpochDay(), PilotFixture.noonMs(day));
        }

        final List<Alert> alerts = platform.alerts();

        assertThat(alerts).filteredOn(a -> a.kind() == Alert.Kind.THRESHOLD_CROSSED).singleElement()
                .satisfies(a -> assertThat(a.day()).isEqualTo(JAN_1.plusDays(5).toEpochDay()));
        assertThat(alerts).filteredOn(a -> a.kind() == Alert.Kind.DISTRICT_SHARE_LAGS).singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo("Kunshan"));
        assertThat(alerts).filteredOn(a -> a.kind() == Alert.Kind.STATUS_WORSENED && a.subject().equals("transactions"))
                .isNotEmpty().allSatisfy(a -> assertThat(a.cause()).startsWith("status went from"));
    }
}
