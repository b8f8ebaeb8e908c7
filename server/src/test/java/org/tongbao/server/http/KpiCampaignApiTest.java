package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tongbao.engine.ShanghaiCalendar;

/**
 * Incentives by campaign over HTTP ({@code by=campaign}). Campaign 8001 grants 20 CNY to wallet
 * 3001 and 5 CNY to wallet 3002; 3001 pays 30 CNY at merchant 5001, 20 from the grant and 10
 * from free funds; 3002 pays 1 CNY person to person; campaign 8002 is funded with 500 CNY and
 * closed at once, its budget returned. All today.
 */
class KpiCampaignApiTest {
    private static final long DAY_MS = 86_400_000L;
    private static TestApi api;
    private static String today;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
        final long now = System.currentTimeMillis();
        for (final String campaign : new String[] {"8001", "8002"}) {
            expect(201, api.post(api.operatorA, "/v1/campaigns", "{\"campaignId\":" + campaign + ",\"funderId\":6001,"
                    + "\"budgetFen\":" + (campaign.equals("8001") ? 1_000_000 : 50_000) + ",\"validFromMs\":"
                    + (now - 60_000) + ",\"validUntilMs\":" + (now + DAY_MS) + "}"));
        }
        expect(201, api.post(api.operatorA, "/v1/campaigns/8001/grants", "{\"grantId\":8201,\"walletId\":3001,\"amountFen\":2000}"));
        expect(201, api.post(api.operatorA, "/v1/campaigns/8001/grants", "{\"grantId\":8202,\"walletId\":3002,\"amountFen\":500}"));
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":8301,\"debitAccountId\":3001,"
                + "\"creditAccountId\":5001,\"amountFen\":3000,\"code\":\"MERCHANT_PAYMENT\"}"));
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":8302,\"debitAccountId\":3002,"
                + "\"creditAccountId\":3001,\"amountFen\":100,\"code\":\"P2P\"}"));
        expect(200, api.post(api.operatorA, "/v1/campaigns/8002/close", "{\"commandId\":8401}"));
        today = LocalDate.ofEpochDay(ShanghaiCalendar.epochDay(api.server.ledger().head().timestampMs())).toString();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void splitsIncentivesByCampaignWithTheCampaignsIdAsItsValue() {
        final TestApi.Response granted = expect(200, api.get(api.cityAdmin,
                "/v1/kpi/metrics/incentives-granted?by=campaign&period=year&asOf=" + today));

        assertThat(granted.get("dimension").asText()).isEqualTo("CAMPAIGN");
        assertThat(granted.get("total").asLong()).isEqualTo(2_500);
        assertThat(amount(granted, 8001)).isEqualTo(2_500);
        assertThat(label(granted, 8001)).isEqualTo("campaign 8001");
        assertThat(amount(granted, 8002)).isZero();
        assertThat(amount(granted, 0)).isZero();
    }

    @Test
    void salesDrivenByACampaignAreWholePaymentsAndTheRatioIsPerIncentiveYuanSpent() {
        final String query = "?by=campaign&period=year&asOf=" + today;
        final TestApi.Response spent = expect(200, api.get(api.cityAdmin, "/v1/kpi/metrics/incentives-spent" + query));
        final TestApi.Response driven = expect(200, api.get(api.cityAdmin, "/v1/kpi/metrics/merchant-sales-driven" + query));
        final TestApi.Response ratio = expect(200, api.get(api.cityAdmin, "/v1/kpi/metrics/sales-per-incentive-yuan" + query));
        final TestApi.Response returned = expect(200, api.get(api.auditor, "/v1/kpi/metrics/incentives-returned" + query));
        final TestApi.Response volume = expect(200, api.get(api.centralBank, "/v1/kpi/metrics/transaction-volume" + query));

        assertThat(amount(spent, 8001)).isEqualTo(2_000);
        assertThat(amount(driven, 8001)).isEqualTo(3_000);
        assertThat(ratio.get("unit").asText()).isEqualTo("ratio");
        assertThat(row(ratio, 8001).get("amount").asDouble()).isEqualTo(1.5);
        assertThat(amount(returned, 8002)).isEqualTo(50_000);
        assertThat(amount(volume, 8001)).isEqualTo(3_000);
        assertThat(amount(volume, 0)).as("the person-to-person payment is in no campaign").isEqualTo(100);
    }

    @Test
    void aSeriesOfOneCampaignTakesItsId() {
        final TestApi.Response series = expect(200, api.get(api.cityAdmin,
                "/v1/kpi/metrics/incentives-spent/series?to=" + today + "&by=campaign&value=8001"));

        assertThat(series.get("label").asText()).isEqualTo("campaign 8001");
        assertThat(series.get("points").get(29).get("value").asLong()).isEqualTo(2_000);
    }

    @Test
    void aMistypedDimensionIsA400NamingCampaignAmongTheDimensionsAndOperatorsAreRefused() {
        final TestApi.Response refused = expect(400, api.get(api.cityAdmin, "/v1/kpi/metrics/incentives-spent?by=campaigns"));

        assertThat(refused.get("type").asText()).isEqualTo("urn:tongbao:problem:unknown-dimension");
        assertThat(refused.get("detail").asText()).contains("campaign");
        assertThat(expect(400, api.get(api.cityAdmin,
                "/v1/kpi/metrics/incentives-spent/series?by=campaign&value=spring")).get("field").asText()).isEqualTo("value");
        expect(403, api.get(api.operatorA, "/v1/kpi/metrics/incentives-spent?by=campaign"));
        expect(403, api.get(api.merchantA, "/v1/kpi/metrics/incentives-spent?by=campaign"));
    }

    private static JsonNode row(final TestApi.Response breakdown, final long value) {
        for (final JsonNode row : breakdown.get("rows")) {
            if (row.get("value").asLong() == value) {
                return row;
            }
        }
        throw new AssertionError("no row for value " + value + " in " + breakdown.json());
    }

    private static long amount(final TestApi.Response breakdown, final long value) {
        return row(breakdown, value).get("amount").asLong();
    }

    private static String label(final TestApi.Response breakdown, final long value) {
        return row(breakdown, value).get("label").asText();
    }
}
