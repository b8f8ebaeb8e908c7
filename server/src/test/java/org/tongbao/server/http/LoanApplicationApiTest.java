package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loan applications over HTTP: submit, read, list by status and cursor, approve (which
 * disburses), decline, withdraw; who may do which; bad input as problem documents; retries.
 */
class LoanApplicationApiTest {
    private static final String PATH = "/v1/loan-applications";
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
        expect(200, api.post(api.operatorA, "/v1/enterprises/5001/profile",
                "{\"commandId\":10001,\"size\":\"SMALL\",\"sector\":5812}"));
        expect(200, api.post(api.operatorB, "/v1/enterprises/5101/profile",
                "{\"commandId\":10002,\"size\":\"MICRO\",\"sector\":5411}"));
        expect(201, api.post(api.operatorA, "/v1/loan-products", "{\"productId\":11001,\"lenderId\":2001,"
                + "\"annualRateBp\":385,\"penaltyRateBp\":500,\"termMonths\":12,\"amortisation\":\"EQUAL_INSTALMENT\","
                + "\"repaymentDay\":20}"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String application(final long id, final long amountFen) {
        return "{\"applicationId\":" + id + ",\"applicantId\":5001,\"productId\":11001,\"amountFen\":" + amountFen
                + ",\"termMonths\":12,\"purpose\":\"WORKING_CAPITAL\"}";
    }

    private static void submit(final long id) {
        expect(201, api.post(api.operatorA, PATH, application(id, 1_000_000)));
    }

    @Test
    void anApprovedApplicationBecomesALoanDisbursedToTheApplicant() {
        final long before = api.balance(TestApi.MERCHANT_A);
        submit(13001);
        final JsonNode submitted = expect(200, api.get(api.merchantA, PATH + "/13001")).json();
        assertThat(submitted.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(submitted.path("loanId").isNull()).isTrue();

        expect(200, api.post(api.operatorA, PATH + "/13001/decision",
                "{\"commandId\":13101,\"decision\":\"APPROVE\",\"loanId\":12002}"));

        final JsonNode approved = expect(200, api.get(api.operatorA, PATH + "/13001")).json();
        assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.path("loanId").asLong()).isEqualTo(12002);
        assertThat(approved.path("decidedOn").asText()).isEqualTo(approved.path("submittedOn").asText());
        assertThat(expect(200, api.get(api.merchantA, "/v1/loans/12002")).get("principalFen").asLong())
                .isEqualTo(1_000_000);
        assertThat(api.balance(TestApi.MERCHANT_A)).isEqualTo(before + 1_000_000);
        expect(200, api.get(api.operatorA, "/v1/loans/12002/schedule"));
    }

    @Test
    void aDeclineCarriesItsReasonAndADecidedApplicationTakesNoOtherDecision() {
        submit(13002);
        expect(200, api.post(api.operatorA, PATH + "/13002/decision",
                "{\"commandId\":13102,\"decision\":\"DECLINE\",\"reason\":\"INSUFFICIENT_CASH_FLOW\"}"));

        final JsonNode declined = expect(200, api.get(api.operatorA, PATH + "/13002")).json();
        assertThat(declined.path("status").asText()).isEqualTo("DECLINED");
        assertThat(declined.path("declineReason").asText()).isEqualTo("INSUFFICIENT_CASH_FLOW");
        final TestApi.Response again = expect(409, api.post(api.operatorA, PATH + "/13002/decision",
                "{\"commandId\":13103,\"decision\":\"APPROVE\",\"loanId\":12003}"));
        assertThat(again.get("codeName").asText()).isEqualTo("LOAN_APPLICATION_ALREADY_DECIDED");
    }

    @Test
    void theApplicantsOperatorWithdrawsAnApplication() {
        submit(13003);
        expect(200, api.post(api.operatorA, PATH + "/13003/withdrawal", "{\"commandId\":13201}"));

        assertThat(api.get(api.operatorA, PATH + "/13003").get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void anOperatorPagesItsOwnApplicationsByStatusAndCursor() {
        submit(13011);
        submit(13012);
        submit(13013);
        final List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            final JsonNode page = expect(200, api.get(api.operatorA, PATH + "?status=SUBMITTED&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor))).json();
            page.path("items").forEach(item -> ids.add(item.path("id").asLong()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);

        assertThat(ids).doesNotHaveDuplicates().containsSubsequence(13011L, 13012L, 13013L)
                .allSatisfy(id -> assertThat(api.get(api.operatorA, PATH + "/" + id).get("status").asText())
                        .isEqualTo("SUBMITTED"));
        assertThat(expect(200, api.get(api.operatorB, PATH)).json().path("items")).isEmpty();
    }

    @Test
    void onlyTheApplicantsOperatorSubmitsAndOnlyTheLenderDecides() {
        expect(403, api.post(api.operatorB, PATH, application(13021, 1_000)));
        submit(13022);

        expect(403, api.get(api.operatorB, PATH + "/13022"));
        expect(403, api.get(api.merchantB, PATH + "/13022"));
        expect(403, api.post(api.operatorB, PATH + "/13022/decision",
                "{\"commandId\":13121,\"decision\":\"DECLINE\",\"reason\":\"OTHER\"}"));
        expect(403, api.post(api.operatorB, PATH + "/13022/withdrawal", "{\"commandId\":13221}"));
        expect(403, api.post(api.merchantA, PATH + "/13022/withdrawal", "{\"commandId\":13222}"));
        expect(403, api.get(api.merchantA, PATH));
        expect(403, api.get(api.cityAdmin, PATH));
        expect(403, api.get(api.cityAdmin, PATH + "/13022"));
        expect(403, api.get(api.centralBank, PATH + "/13022"));
        assertThat(api.get(api.operatorA, PATH + "/13022").get("status").asText()).isEqualTo("SUBMITTED");
    }

    @Test
    void aProductOfAnotherLenderIsRefused() {
        final TestApi.Response refused = expect(422, api.post(api.operatorB, PATH, "{\"applicationId\":13031,"
                + "\"applicantId\":5101,\"productId\":11001,\"amountFen\":1000,\"termMonths\":12,\"purpose\":\"OTHER\"}"));
        assertThat(refused.get("codeName").asText()).isEqualTo("LOAN_PRODUCT_OF_ANOTHER_LENDER");
        assertThat(refused.get("field").asText()).isEqualTo("productId");
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        final TestApi.Response term = expect(422, api.post(api.operatorA, PATH, "{\"applicationId\":13041,"
                + "\"applicantId\":5001,\"productId\":11001,\"amountFen\":1000,\"termMonths\":6,\"purpose\":\"OTHER\"}"));
        assertThat(term.get("codeName").asText()).isEqualTo("LOAN_TERM_OUTSIDE_PRODUCT");
        assertThat(term.get("field").asText()).isEqualTo("termMonths");
        final TestApi.Response purpose = expect(422, api.post(api.operatorA, PATH, "{\"applicationId\":13042,"
                + "\"applicantId\":5001,\"productId\":11001,\"amountFen\":1000,\"termMonths\":12,\"purpose\":\"HOLIDAY\"}"));
        assertThat(purpose.get("field").asText()).isEqualTo("purpose");
        expect(422, api.post(api.operatorA, PATH, application(13043, 0)));
        expect(400, api.post(api.operatorA, PATH, "{\"applicationId\":13044,\"applicantId\":5001}"));
        expect(404, api.get(api.operatorA, PATH + "/99999"));
        expect(400, api.get(api.operatorA, PATH + "?status=PENDING"));
        expect(400, api.get(api.operatorA, PATH + "?cursor=bm90LWFuLWlk"));
        submit(13045);
        expect(400, api.post(api.operatorA, PATH + "/13045/decision", "{\"commandId\":13141}"));
        final TestApi.Response decision = expect(422, api.post(api.operatorA, PATH + "/13045/decision",
                "{\"commandId\":13142,\"decision\":\"DECLINE\"}"));
        assertThat(decision.get("codeName").asText()).isEqualTo("LOAN_DECISION_INVALID");
        assertThat(api.get(api.operatorA, PATH + "/13045").get("status").asText()).isEqualTo("SUBMITTED");
    }

    @Test
    void aRetriedApplicationOrDecisionGetsItsFirstAnswer() {
        final TestApi.Response first = expect(201, api.post(api.operatorA, PATH, application(13051, 2_000)));
        final TestApi.Response retry = expect(201, api.post(api.operatorA, PATH, application(13051, 2_000)));
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        expect(409, api.post(api.operatorA, PATH, application(13051, 3_000)));

        final Map<String, String> key = Map.of("Content-Type", "application/json", "Idempotency-Key", "decline-13051");
        final String body = "{\"decision\":\"DECLINE\",\"reason\":\"INCOMPLETE_DOCUMENTS\"}";
        expect(200, api.send(api.operatorA, "POST", PATH + "/13051/decision", body, key));
        final TestApi.Response again = expect(200, api.send(api.operatorA, "POST", PATH + "/13051/decision", body, key));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }
}
