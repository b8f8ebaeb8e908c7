package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestValidationTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static TestApi.Response transfer(final String body) {
        return api.post(api.operatorA, "/v1/transfers", body);
    }

    private static void assertProblem(final TestApi.Response response, final int status, final String type,
                                      final String field) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.get("type").asText()).isEqualTo("urn:tongbao:problem:" + type);
        assertThat(response.get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.get("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(transfer("{\"transferId\": 1,"), 400, "malformed-json", null);
    }

    @Test
    void aBodyThatIsNotAnObjectIsABadRequest() {
        assertProblem(transfer("[1,2,3]"), 400, "malformed-json", null);
    }

    @Test
    void trailingContentAfterTheObjectIsABadRequest() {
        assertProblem(transfer("{\"transferId\":1} {}"), 400, "malformed-json", null);
    }

    @Test
    void aDuplicateKeyIsABadRequest() {
        assertProblem(transfer("{\"transferId\":60001,\"transferId\":60002,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":1,\"code\":\"P2P\"}"), 400, "malformed-json", null);
    }

    @Test
    void aWrongTypeNamesTheField() {
        assertProblem(transfer("{\"transferId\":60003,\"debitAccountId\":\"3001\",\"creditAccountId\":3002,"
                + "\"amountFen\":1,\"code\":\"P2P\"}"), 400, "wrong-type", "debitAccountId");
    }

    @Test
    void anUnknownFieldNamesTheField() {
        assertProblem(transfer("{\"transferId\":60004,\"debitAccountId\":3001,\"creditAccountId\":3002,"
                + "\"amountFen\":1,\"code\":\"P2P\",\"memo\":\"hi\"}"), 400, "unknown-field", "memo");
    }

    @Test
    void aMissingFieldNamesTheField() {
        assertProblem(transfer("{\"transferId\":60005,\"debitAccountId\":3001,\"amountFen\":1,\"code\":\"P2P\"}"),
                400, "missing-field", "creditAccountId");
    }

    @Test
    void aFractionalAmountOfFenIsRefusedNotRounded() {
        assertProblem(transfer("{\"transferId\":60006,\"debitAccountId\":3001,\"creditAccountId\":3002,"
                + "\"amountFen\":1.5,\"code\":\"P2P\"}"), 400, "number-out-of-range", "amountFen");
        assertProblem(transfer("{\"transferId\":60006,\"debitAccountId\":3001,\"creditAccountId\":3002,"
                + "\"amountFen\":1e2,\"code\":\"P2P\"}"), 400, "number-out-of-range", "amountFen");
    }

    @Test
    void anAmountBeyondSixtyFourBitsIsRefused() {
        assertProblem(transfer("{\"transferId\":60007,\"debitAccountId\":3001,\"creditAccountId\":3002,"
                + "\"amountFen\":9223372036854775808,\"code\":\"P2P\"}"), 400, "number-out-of-range", "amountFen");
    }

    @Test
    void aNegativeAmountIsRefusedWithTheEnginesCode() {
        final TestApi.Response response = transfer("{\"transferId\":60008,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":-5,\"code\":\"P2P\"}");
        assertProblem(response, 422, "amount-must-be-positive", "amountFen");
        assertThat(response.get("code").asInt()).isEqualTo(50);
    }

    @Test
    void anUnknownTransferCodeIsRefusedWithTheEnginesCode() {
        final TestApi.Response response = transfer("{\"transferId\":60009,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":5,\"code\":\"GIFT\"}");
        assertProblem(response, 422, "transfer-code-invalid", "code");
    }

    @Test
    void aBodyOverTheLimitIsContentTooLarge() {
        final String padding = " ".repeat(5 << 20);
        assertProblem(transfer("{\"transferId\":60010" + padding + "}"), 413, "content-too-large", null);
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        assertProblem(api.send(api.operatorA, "POST", "/v1/transfers", "transferId=1",
                Map.of("Content-Type", "application/x-www-form-urlencoded")), 415, "unsupported-media-type", null);
    }

    @Test
    void aBatchWithOneMalformedItemAppliesNothing() {
        final long before = api.balance(TestApi.WALLET_A2);
        final TestApi.Response response = api.post(api.operatorA, "/v1/transfers/batch", "{\"transfers\":["
                + "{\"transferId\":60101,\"debitAccountId\":3001,\"creditAccountId\":3002,\"amountFen\":5,\"code\":\"P2P\"},"
                + "{\"transferId\":60102,\"debitAccountId\":3001,\"creditAccountId\":3002,\"amountFen\":0.5,\"code\":\"P2P\"}]}");
        assertProblem(response, 400, "number-out-of-range", "transfers[1].amountFen");
        assertThat(response.get("index").asInt()).isEqualTo(1);
        assertThat(api.balance(TestApi.WALLET_A2)).isEqualTo(before);
        final TestApi.Response alone = expect(201, transfer("{\"transferId\":60101,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":5,\"code\":\"P2P\"}"));
        assertThat(alone.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void anUnknownQueryParameterIsABadRequest() {
        assertProblem(api.get(api.operatorA, "/v1/accounts?page=2"), 400, "unknown-field", "page");
    }

    @Test
    void aBadPathIdIsABadRequest() {
        assertProblem(api.get(api.operatorA, "/v1/accounts/abc"), 400, "wrong-type", "id");
    }
}
