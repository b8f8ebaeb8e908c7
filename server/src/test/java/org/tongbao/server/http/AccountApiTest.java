package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountApiTest {
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
    void opensAWalletAndReadsItBack() {
        api.open(api.operatorA, 3201, "PERSONAL", TestApi.OPERATOR_A, 3, 0);
        final JsonNode account = expect(200, api.get(api.operatorA, "/v1/accounts/3201")).json();
        assertThat(account.path("kind").asText()).isEqualTo("PERSONAL");
        assertThat(account.path("tier").asInt()).isEqualTo(3);
        assertThat(account.path("operatorId").asLong()).isEqualTo(TestApi.OPERATOR_A);
        assertThat(account.path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void openingTheSameAccountTwiceAnswersCreatedBothTimes() {
        api.open(api.operatorA, 3202, "PERSONAL", TestApi.OPERATOR_A, 2, 0);
        api.open(api.operatorA, 3202, "PERSONAL", TestApi.OPERATOR_A, 2, 0);
    }

    @Test
    void changesTierFreezesUnfreezesAndClosesAWallet() {
        api.open(api.operatorA, 3203, "PERSONAL", TestApi.OPERATOR_A, 2, 0);
        expect(200, api.post(api.operatorA, "/v1/accounts/3203/tier", "{\"commandId\":40001,\"tier\":1}"));
        expect(200, api.post(api.operatorA, "/v1/accounts/3203/freeze", "{\"commandId\":40002}"));
        assertThat(api.get(api.operatorA, "/v1/accounts/3203").get("status").asText()).isEqualTo("FROZEN");
        expect(200, api.post(api.operatorA, "/v1/accounts/3203/unfreeze", "{\"commandId\":40003}"));
        expect(200, api.post(api.operatorA, "/v1/accounts/3203/close", "{\"commandId\":40004}"));
        final JsonNode account = api.get(api.operatorA, "/v1/accounts/3203").json();
        assertThat(account.path("status").asText()).isEqualTo("CLOSED");
        assertThat(account.path("tier").asInt()).isEqualTo(1);
    }

    @Test
    void freezingAFrozenAccountIsAConflictWithTheEnginesCode() {
        api.open(api.operatorA, 3204, "PERSONAL", TestApi.OPERATOR_A, 2, 0);
        expect(200, api.post(api.operatorA, "/v1/accounts/3204/freeze", "{\"commandId\":40011}"));
        final TestApi.Response again = expect(409, api.post(api.operatorA, "/v1/accounts/3204/freeze",
                "{\"commandId\":40012}"));
        assertThat(again.get("codeName").asText()).isEqualTo("ACCOUNT_ALREADY_FROZEN");
        assertThat(again.get("code").asInt()).isEqualTo(36);
    }

    @Test
    void readingAnUnknownAccountIsNotFound() {
        final TestApi.Response response = expect(404, api.get(api.operatorA, "/v1/accounts/999999"));
        assertThat(response.get("codeName").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
    }

    @Test
    void listsAnOperatorsAccountsPageByPageWithoutOthers() {
        final Set<Long> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            final TestApi.Response page = expect(200, api.get(api.operatorA, "/v1/accounts?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(item -> seen.add(item.path("id").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(seen).contains(TestApi.OPERATOR_A, TestApi.WALLET_A1, TestApi.WALLET_A2, TestApi.MERCHANT_A,
                TestApi.GOVERNMENT_A).doesNotContain(TestApi.WALLET_B1, TestApi.MERCHANT_B, TestApi.OPERATOR_B);
        assertThat(pages).isGreaterThan(2);
    }

    @Test
    void theCentralBankListsOnlyItsAccountAndOperatorReserves() {
        final TestApi.Response page = expect(200, api.get(api.centralBank, "/v1/accounts?limit=1000"));
        final Set<String> kinds = new HashSet<>();
        page.get("items").forEach(item -> kinds.add(item.path("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("CENTRAL_BANK", "OPERATOR_RESERVE");
    }

    @Test
    void aFreezeWithOnlyAnIdempotencyKeyAndNoBodyIsAppliedOnceAndReplayedAfter() {
        api.open(api.operatorA, 3205, "PERSONAL", TestApi.OPERATOR_A, 2, 0);
        final java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", "freeze-3205");
        final TestApi.Response first = api.send(api.operatorA, "POST", "/v1/accounts/3205/freeze", null, key);
        final TestApi.Response retry = api.send(api.operatorA, "POST", "/v1/accounts/3205/freeze", null, key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    }
}
