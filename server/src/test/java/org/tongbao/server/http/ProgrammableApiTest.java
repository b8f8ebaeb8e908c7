package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProgrammableApiTest {
    private static final long DAY_MS = 86_400_000L;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aCampaignGrantsEarmarkedFundsThatAreSpentAtItsMerchantsAndClosed() {
        final long now = System.currentTimeMillis();
        expect(201, api.post(api.operatorA, "/v1/campaigns", "{\"campaignId\":8001,\"funderId\":6001,"
                + "\"budgetFen\":1000000,\"validFromMs\":" + (now - 60_000) + ",\"validUntilMs\":" + (now + DAY_MS) + "}"));
        expect(200, api.post(api.operatorA, "/v1/campaigns/8001/rules",
                "{\"commandId\":8101,\"rule\":\"MERCHANT_CATEGORY\",\"value\":5812}"));
        expect(201, api.post(api.operatorA, "/v1/campaigns/8001/grants",
                "{\"grantId\":8201,\"walletId\":3001,\"amountFen\":2000}"));
        final JsonNode earmarks = expect(200, api.get(api.operatorA, "/v1/accounts/3001/earmarks")).json();
        assertThat(earmarks.path("earmarks").get(0).path("amountFen").asLong()).isEqualTo(2000);
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":8301,\"debitAccountId\":3001,"
                + "\"creditAccountId\":5001,\"amountFen\":3000,\"code\":\"MERCHANT_PAYMENT\"}"));
        assertThat(api.get(api.cityAdmin, "/v1/campaigns/8001").get("spentFen").asLong()).isEqualTo(2000);
        expect(200, api.post(api.operatorA, "/v1/campaigns/8001/close", "{\"commandId\":8401}"));
        assertThat(api.get(api.centralBank, "/v1/campaigns/8001").get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void anotherOperatorCannotManageTheCampaign() {
        final long now = System.currentTimeMillis();
        expect(201, api.post(api.operatorA, "/v1/campaigns", "{\"campaignId\":8002,\"funderId\":6001,"
                + "\"budgetFen\":1000,\"validFromMs\":" + now + ",\"validUntilMs\":" + (now + DAY_MS) + "}"));
        expect(403, api.post(api.operatorB, "/v1/campaigns/8002/grants",
                "{\"grantId\":8202,\"walletId\":3101,\"amountFen\":10}"));
        expect(403, api.post(api.operatorB, "/v1/campaigns", "{\"campaignId\":8003,\"funderId\":6001,"
                + "\"budgetFen\":1000,\"validFromMs\":" + now + ",\"validUntilMs\":" + (now + DAY_MS) + "}"));
    }

    @Test
    void escrowIsLockedPartlyReleasedAndRefundedByTheParties() {
        final long deadline = System.currentTimeMillis() + DAY_MS;
        expect(201, api.post(api.operatorA, "/v1/escrows", "{\"escrowId\":9001,\"payerId\":3002,\"beneficiaryId\":5001,"
                + "\"amountFen\":5000,\"deadlineMs\":" + deadline + ",\"defaultAction\":\"REFUND\"}"));
        expect(200, api.post(api.operatorA, "/v1/escrows/9001/release",
                "{\"commandId\":9101,\"partyId\":3002,\"amountFen\":2000}"));
        assertThat(api.get(api.merchantA, "/v1/escrows/9001").get("remainingFen").asLong()).isEqualTo(3000);
        expect(200, api.post(api.merchantA, "/v1/escrows/9001/refund", "{\"commandId\":9102,\"partyId\":5001}"));
        final JsonNode escrow = expect(200, api.get(api.operatorA, "/v1/escrows/9001")).json();
        assertThat(escrow.path("status").asText()).isEqualTo("SETTLED");
        expect(403, api.get(api.operatorB, "/v1/escrows/9001"));
    }

    @Test
    void aLoanIsDisbursedScheduledReadAndRepaid() {
        expect(200, api.post(api.operatorA, "/v1/enterprises/5001/profile",
                "{\"commandId\":10001,\"size\":\"SMALL\",\"sector\":5812}"));
        expect(201, api.post(api.operatorA, "/v1/loan-products", "{\"productId\":11001,\"lenderId\":2001,"
                + "\"annualRateBp\":385,\"penaltyRateBp\":500,\"termMonths\":12,\"amortisation\":\"EQUAL_INSTALMENT\","
                + "\"repaymentDay\":20}"));
        expect(200, api.get(api.cityAdmin, "/v1/loan-products/11001"));
        expect(201, api.post(api.operatorA, "/v1/loans",
                "{\"loanId\":12001,\"productId\":11001,\"borrowerId\":5001,\"principalFen\":1000000}"));
        final JsonNode loan = expect(200, api.get(api.merchantA, "/v1/loans/12001")).json();
        assertThat(loan.path("balanceFen").asLong()).isEqualTo(1_000_000);
        final JsonNode schedule = expect(200, api.get(api.operatorA, "/v1/loans/12001/schedule")).json();
        assertThat(schedule.path("instalments")).hasSize(12);
        long principal = 0;
        for (final JsonNode instalment : schedule.path("instalments")) {
            principal += instalment.path("principalFen").asLong();
        }
        assertThat(principal).isEqualTo(1_000_000);
        expect(200, api.post(api.merchantA, "/v1/loans/12001/repayments", "{\"commandId\":12101,\"amountFen\":10000}"));
        assertThat(api.get(api.operatorA, "/v1/loans/12001").get("balanceFen").asLong()).isLessThan(1_000_000);
        expect(403, api.get(api.operatorB, "/v1/loans/12001"));
        expect(403, api.post(api.operatorB, "/v1/loans",
                "{\"loanId\":12002,\"productId\":11001,\"borrowerId\":5101,\"principalFen\":100}"));
    }
}
