package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.kpi.PilotProperties;

/**
 * The KPI platform over HTTP: targets, a metric by dimension and period, daily series, alerts;
 * aggregates for the central bank, city administrators and auditors only. The pilot pays
 * 12.34 CNY at merchant 5001 and 5 CNY person to person, all in Huqiu (320505), today (the
 * server's clock is the wall clock, so today is under way and figures default to yesterday).
 */
class KpiApiTest {
    private static TestApi api;
    private static String today;
    private static String yesterday;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":80001,\"debitAccountId\":3001,"
                + "\"creditAccountId\":5001,\"amountFen\":1234,\"code\":\"MERCHANT_PAYMENT\"}"));
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":80002,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":500,\"code\":\"P2P\"}"));
        today = LocalDate.ofEpochDay(ShanghaiCalendar.epochDay(api.server.ledger().head().timestampMs())).toString();
        yesterday = LocalDate.parse(today).minusDays(1).toString();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsEveryTargetWithItsProgressAsOfTheLastCompleteDay() {
        final TestApi.Response targets = expect(200, api.get(api.cityAdmin, "/v1/kpi/targets"));

        assertThat(targets.get("asOf").asText()).isEqualTo(yesterday);
        assertThat(targets.get("targets")).extracting(t -> t.get("name").asText())
                .containsExactly("volume-2023", "sme-loans-2023", "fintech-2025");
        assertThat(targets.get("targets").get(0).get("target").asLong()).isEqualTo(2_000_000_000_000_00L);
        assertThat(targets.get("targets").get(0).get("unit").asText()).isEqualTo("fen");
        assertThat(targets.get("scale").asDouble()).isEqualTo(1.0);
        assertThat(targets.get("scaleNote").asText()).isEqualTo("targets for the whole city");
    }

    @Test
    void readsOneTargetAsOfAGivenDay() {
        final TestApi.Response target = expect(200, api.get(api.auditor, "/v1/kpi/targets/volume-2023?asOf=2023-06-30"));

        assertThat(target.get("asOf").asText()).isEqualTo("2023-06-30");
        assertThat(target.get("actual").asLong()).isZero();
        assertThat(target.get("status").asText()).isEqualTo("AT_RISK");
        assertThat(target.get("requiredDailyRate").asLong()).isPositive();
    }

    @Test
    void anUnknownTargetIs404NamingTheTargets() {
        final TestApi.Response missing = expect(404, api.get(api.cityAdmin, "/v1/kpi/targets/volume-2099"));

        assertThat(missing.get("type").asText()).isEqualTo("urn:tongbao:problem:no-such-target");
        assertThat(missing.get("detail").asText()).contains("volume-2023");
    }

    @Test
    void splitsAMetricByDistrictForTheYearToDate() {
        final TestApi.Response volume = expect(200, api.get(api.centralBank,
                "/v1/kpi/metrics/transaction-volume?by=district&period=year&asOf=" + today));

        assertThat(volume.get("total").asLong()).isEqualTo(1_734);
        assertThat(volume.get("unit").asText()).isEqualTo("fen");
        assertThat(volume.get("periodLabel").asText()).isEqualTo(today.substring(0, 4));
        assertThat(volume.get("rows")).anySatisfy(row -> {
            assertThat(row.get("label").asText()).isEqualTo("Huqiu");
            assertThat(row.get("value").asLong()).isEqualTo(320505);
            assertThat(row.get("amount").asLong()).isEqualTo(1_734);
        });
    }

    @Test
    void withoutADimensionAMetricIsItsTotalAndRatiosAreFractions() {
        final TestApi.Response count = expect(200, api.get(api.cityAdmin, "/v1/kpi/metrics/TRANSACTION_COUNT?period=day&asOf="
                + today));
        final TestApi.Response ratio = expect(200, api.get(api.cityAdmin, "/v1/kpi/metrics/overdue-ratio"));

        assertThat(count.get("total").asLong()).isEqualTo(2);
        assertThat(count.get("rows")).isEmpty();
        assertThat(count.get("dimension").isNull()).isTrue();
        assertThat(ratio.get("unit").asText()).isEqualTo("ratio");
        assertThat(ratio.get("total").asDouble()).isZero();
    }

    @Test
    void aSeriesHasOnePointADayAndTheLastDayHoldsTodaysVolume() {
        final String from = LocalDate.parse(today).minusDays(2).toString();
        final TestApi.Response series = expect(200, api.get(api.cityAdmin,
                "/v1/kpi/metrics/transaction-volume/series?from=" + from + "&to=" + today));

        assertThat(series.get("points")).hasSize(3);
        assertThat(series.get("points").get(0).get("date").asText()).isEqualTo(from);
        assertThat(series.get("points").get(2).get("value").asLong()).isEqualTo(1_734);
    }

    @Test
    void aSeriesOfOneDistrictTakesItsName() {
        final TestApi.Response series = expect(200, api.get(api.auditor,
                "/v1/kpi/metrics/transaction-count/series?to=" + today + "&by=district&value=Huqiu"));

        assertThat(series.get("label").asText()).isEqualTo("Huqiu");
        assertThat(series.get("value").asLong()).isEqualTo(320505);
        assertThat(series.get("points")).hasSize(30);
        assertThat(series.get("points").get(29).get("value").asLong()).isEqualTo(2);
    }

    @Test
    void anUnknownMetricIs404AndBadParametersAre400() {
        assertThat(expect(404, api.get(api.cityAdmin, "/v1/kpi/metrics/happiness")).get("type").asText())
                .isEqualTo("urn:tongbao:problem:no-such-metric");
        assertThat(expect(400, api.get(api.cityAdmin, "/v1/kpi/metrics/transaction-volume?by=colour")).get("field")
                .asText()).isEqualTo("by");
        assertThat(expect(400, api.get(api.cityAdmin, "/v1/kpi/metrics/transaction-volume?period=decade")).get("field")
                .asText()).isEqualTo("period");
        assertThat(expect(400, api.get(api.cityAdmin, "/v1/kpi/metrics/transaction-volume?asOf=yesterday"))
                .get("field").asText()).isEqualTo("asOf");
        assertThat(expect(400, api.get(api.cityAdmin, "/v1/kpi/metrics/transaction-volume?colour=red")).get("type")
                .asText()).isEqualTo("urn:tongbao:problem:unknown-field");
    }

    @Test
    void aSeriesRefusesADimensionWithoutAValueAndARangeBeyondItsBound() {
        assertThat(expect(400, api.get(api.cityAdmin, "/v1/kpi/metrics/transaction-volume/series?by=district"))
                .get("field").asText()).isEqualTo("value");
        assertThat(expect(400, api.get(api.cityAdmin,
                "/v1/kpi/metrics/transaction-volume/series?from=2020-01-01&to=2023-12-31")).get("field").asText())
                .isEqualTo("from");
        assertThat(expect(400, api.get(api.cityAdmin,
                "/v1/kpi/metrics/fintech-enterprises/series?by=tier&value=2")).get("type").asText())
                .isEqualTo("urn:tongbao:problem:unsupported-dimension");
    }

    @Test
    void theAlertCheckRunsOnRequestAndRaisesAConditionOnce() {
        final TestApi.Response first = expect(200, api.get(api.cityAdmin, "/v1/kpi/alerts"));
        final TestApi.Response second = expect(200, api.get(api.cityAdmin, "/v1/kpi/alerts?limit=1"));

        assertThat(first.get("checkedDay").asText()).isEqualTo(yesterday);
        assertThat(second.get("raised").asInt()).isZero();
        assertThat(second.get("kept").asInt()).isEqualTo(first.get("kept").asInt());
        assertThat(second.get("alerts").size()).isLessThanOrEqualTo(1);
    }

    @Test
    void theCentralBankAndAuditorsReadKpisButOperatorsAndMerchantsAreRefused() {
        for (final String route : kpiReads()) {
            expect(200, api.get(api.centralBank, route));
            expect(200, api.get(api.auditor, route));
            assertThat(expect(403, api.get(api.operatorA, route)).get("type").asText())
                    .isEqualTo("urn:tongbao:problem:forbidden");
            expect(403, api.get(api.merchantA, route));
        }
    }

    @Test
    void aCityAdministratorWhoReadsKpisIsStillRefusedEveryIndividualWalletAndTransfer() {
        expect(200, api.get(api.cityAdmin, "/v1/kpi/metrics/transaction-volume?by=district"));

        expect(403, api.get(api.cityAdmin, "/v1/accounts/3001"));
        expect(403, api.get(api.cityAdmin, "/v1/accounts/5001/transfers"));
        expect(403, api.get(api.cityAdmin, "/v1/transfers/80001"));
    }

    @Test
    void targetsAreScaledToTheFractionOfTheCityTheDataStandsFor() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-kpi-scaled-");
        new PilotProperties(0.0005).write(data);
        try (TestApi scaled = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000))) {
            final JsonNode body = expect(200, scaled.get(scaled.cityAdmin, "/v1/kpi/targets?asOf=2023-10-15")).json();

            assertThat(body.get("scale").asDouble()).isEqualTo(0.0005);
            assertThat(body.get("scaleNote").asText()).isEqualTo("targets scaled to 0.05% of the city");
            assertThat(body.get("targets").get(0).get("target").asLong()).isEqualTo(1_000_000_000_00L);
            assertThat(body.get("targets").get(2).get("target").asLong()).isEqualTo(1);
        }
    }

    private static List<String> kpiReads() {
        final List<String> routes = new ArrayList<>();
        routes.add("/v1/kpi/targets");
        routes.add("/v1/kpi/targets/fintech-2025");
        routes.add("/v1/kpi/metrics/active-wallets?by=tier");
        routes.add("/v1/kpi/metrics/wallets-opened/series");
        routes.add("/v1/kpi/alerts");
        routes.add("/v1/fintech-enterprises");
        routes.add("/v1/fintech-enterprises/counts");
        return routes;
    }
}
