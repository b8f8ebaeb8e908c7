package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransferApiTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String p2p(final long id, final long from, final long to, final long fen) {
        return "{\"transferId\":" + id + ",\"debitAccountId\":" + from + ",\"creditAccountId\":" + to
                + ",\"amountFen\":" + fen + ",\"code\":\"P2P\"}";
    }

    @Test
    void aPaymentMovesMoneyAndAnswersCreated() {
        final long before = api.balance(TestApi.WALLET_A2);
        final TestApi.Response response = expect(201, api.post(api.operatorA, "/v1/transfers",
                p2p(50001, TestApi.WALLET_A1, TestApi.WALLET_A2, 125)));
        assertThat(response.get("id").asLong()).isEqualTo(50001);
        assertThat(response.get("result").asText()).isEqualTo("OK");
        assertThat(api.balance(TestApi.WALLET_A2)).isEqualTo(before + 125);
    }

    @Test
    void aRetryReturnsTheOriginalResponseAndMovesNoMoreMoney() {
        final TestApi.Response first = expect(201, api.post(api.operatorA, "/v1/transfers",
                p2p(50002, TestApi.WALLET_A1, TestApi.WALLET_A2, 300)));
        final long after = api.balance(TestApi.WALLET_A2);
        final TestApi.Response retry = expect(201, api.post(api.operatorA, "/v1/transfers",
                p2p(50002, TestApi.WALLET_A1, TestApi.WALLET_A2, 300)));
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.balance(TestApi.WALLET_A2)).isEqualTo(after);
    }

    @Test
    void theSameIdWithDifferentFieldsIsAConflict() {
        expect(201, api.post(api.operatorA, "/v1/transfers", p2p(50003, TestApi.WALLET_A1, TestApi.WALLET_A2, 10)));
        final TestApi.Response other = expect(409, api.post(api.operatorA, "/v1/transfers",
                p2p(50003, TestApi.WALLET_A1, TestApi.WALLET_A2, 11)));
        assertThat(other.get("codeName").asText()).isEqualTo("ID_EXISTS_WITH_DIFFERENT_FIELDS");
    }

    @Test
    void anIdempotencyKeyStandsForTheTransferIdAndARetryIsReplayed() {
        final String body = "{\"debitAccountId\":3001,\"creditAccountId\":3002,\"amountFen\":77,\"code\":\"P2P\"}";
        final Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "order-77");
        final TestApi.Response first = api.send(api.operatorA, "POST", "/v1/transfers", body, headers);
        final TestApi.Response retry = api.send(api.operatorA, "POST", "/v1/transfers", body, headers);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aRejectedPaymentIsAProblemWithTheEnginesCodeAndField() {
        final TestApi.Response response = expect(422, api.post(api.operatorA, "/v1/transfers",
                p2p(50004, TestApi.WALLET_A1, TestApi.WALLET_A2, 999_999_999)));
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.get("code").asInt()).isIn(60, 61, 62, 63);
        assertThat(response.get("field").asText()).isEqualTo("amountFen");
        assertThat(response.get("detail").asText()).isNotBlank();
    }

    @Test
    void aBatchAnswersAResultPerItem() {
        final String body = "{\"transfers\":[" + p2p(50101, 3001, 3002, 5) + "," + p2p(50102, 3001, 3001, 5) + ","
                + p2p(50103, 3001, 3002, 6) + "]}";
        final JsonNode response = expect(200, api.post(api.operatorA, "/v1/transfers/batch", body)).json();
        assertThat(response.path("applied").asInt()).isEqualTo(2);
        assertThat(response.path("rejected").asInt()).isEqualTo(1);
        assertThat(response.path("results").get(1).path("result").asText()).isEqualTo("SAME_ACCOUNT");
        assertThat(response.path("results").get(1).path("status").asInt()).isEqualTo(422);
        assertThat(response.path("results").get(2).path("id").asLong()).isEqualTo(50103);
    }

    @Test
    void aBatchOfEightThousandTransfersIsCommittedWhole() {
        final StringBuilder body = new StringBuilder("{\"transfers\":[");
        for (int i = 0; i < 8_000; i++) {
            body.append(i == 0 ? "" : ",").append(p2p(1_000_000 + i, 3002, 3001, 1));
        }
        final long before = api.balance(TestApi.WALLET_A1);
        final JsonNode response = expect(200, api.post(api.operatorA, "/v1/transfers/batch", body + "]}")).json();
        assertThat(response.path("applied").asInt()).isEqualTo(8_000);
        assertThat(api.balance(TestApi.WALLET_A1)).isEqualTo(before + 8_000);
    }

    @Test
    void aBatchOfMoreThanEightThousandIsTooLarge() {
        final StringBuilder body = new StringBuilder("{\"transfers\":[");
        for (int i = 0; i < 8_001; i++) {
            body.append(i == 0 ? "" : ",").append(p2p(2_000_000 + i, 3002, 3001, 1));
        }
        expect(413, api.post(api.operatorA, "/v1/transfers/batch", body + "]}"));
    }

    @Test
    void aPendingTransferReservesAndPostingPartOfItMovesOnlyThatPart() {
        final long before = api.balance(TestApi.MERCHANT_A);
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":50201,\"debitAccountId\":3001,"
                + "\"creditAccountId\":5001,\"amountFen\":1000,\"code\":\"MERCHANT_PAYMENT\",\"pending\":true,"
                + "\"timeoutSeconds\":600}"));
        assertThat(api.get(api.operatorA, "/v1/accounts/3001").get("pendingDebitFen").asLong()).isGreaterThanOrEqualTo(1000);
        expect(200, api.post(api.merchantA, "/v1/transfers/50201/post", "{\"commandId\":50202,\"amountFen\":800}"));
        assertThat(api.balance(TestApi.MERCHANT_A)).isEqualTo(before + 800);
        final TestApi.Response again = expect(409, api.post(api.operatorA, "/v1/transfers/50201/void",
                "{\"commandId\":50203}"));
        assertThat(again.get("codeName").asText()).isEqualTo("PENDING_TRANSFER_ALREADY_POSTED");
    }

    @Test
    void voidingAPendingTransferReleasesItsFunds() {
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":50301,\"debitAccountId\":3002,"
                + "\"creditAccountId\":3001,\"amountFen\":400,\"code\":\"P2P\",\"pending\":true,\"timeoutSeconds\":600}"));
        expect(200, api.post(api.operatorA, "/v1/transfers/50301/void", "{\"commandId\":50302}"));
        final JsonNode read = expect(200, api.get(api.operatorA, "/v1/transfers/50301")).json();
        assertThat(read.path("movements")).extracting(m -> m.path("event").asText())
                .containsExactly("PENDING_CREATED", "PENDING_VOIDED");
    }

    @Test
    void postingAnUnknownPendingTransferIsNotFound() {
        final TestApi.Response response = expect(404, api.post(api.operatorA, "/v1/transfers/987654/post",
                "{\"commandId\":50401}"));
        assertThat(response.get("codeName").asText()).isEqualTo("PENDING_TRANSFER_NOT_FOUND");
    }

    @Test
    void theCentralBankIssuesAndRedeemsAndCirculationFollows() {
        final long circulation = api.get(api.centralBank, "/v1/ledger/totals").get("circulationFen").asLong();
        expect(201, api.post(api.centralBank, "/v1/issuances", "{\"transferId\":50501,\"operatorId\":2001,\"amountFen\":700}"));
        expect(201, api.post(api.centralBank, "/v1/redemptions", "{\"transferId\":50502,\"operatorId\":2001,\"amountFen\":200}"));
        assertThat(api.get(api.auditor, "/v1/ledger/totals").get("circulationFen").asLong()).isEqualTo(circulation + 500);
    }

    @Test
    void aMerchantSeesItsReceiptsNewestFirstPageByPage() {
        for (int i = 0; i < 3; i++) {
            expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":" + (50601 + i)
                    + ",\"debitAccountId\":3002,\"creditAccountId\":5001,\"amountFen\":" + (10 + i)
                    + ",\"code\":\"MERCHANT_PAYMENT\"}"));
        }
        final TestApi.Response first = expect(200, api.get(api.merchantA, "/v1/accounts/5001/transfers?limit=2"));
        assertThat(first.get("items")).extracting(m -> m.path("id").asLong()).containsExactly(50603L, 50602L);
        final TestApi.Response second = expect(200, api.get(api.merchantA, "/v1/accounts/5001/transfers?limit=2&cursor="
                + first.get("nextCursor").asText()));
        assertThat(second.get("items").get(0).path("id").asLong()).isEqualTo(50601L);
    }
}
