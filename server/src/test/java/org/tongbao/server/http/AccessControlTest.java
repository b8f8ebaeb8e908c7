package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessControlTest {
    /** Routes about no individual wallet, transfer or loan: aggregates and documentation. */
    private static final Set<String> NOT_INDIVIDUAL = Set.of("GET /health", "GET /metrics", "GET /openapi.yaml",
            "GET /openapi.json", "GET /docs", "GET /v1/ledger/totals", "GET /v1/campaigns/{id}",
            "GET /v1/loan-products/{id}", "GET /v1/journal/head", "GET /v1/journal/proofs/{commandId}",
            "GET /v1/kpi/targets", "GET /v1/kpi/targets/{name}", "GET /v1/kpi/metrics/{metric}",
            "GET /v1/kpi/metrics/{metric}/series", "GET /v1/kpi/alerts", "GET /v1/fintech-enterprises",
            "POST /v1/fintech-enterprises", "GET /v1/fintech-enterprises/counts", "GET /",
            "GET /assets/dashboard.css", "GET /assets/dashboard.js", "GET /assets/i18n.js", "GET /assets/echarts.min.js");
    private static final Set<String> PUBLIC = Set.of("GET /health", "GET /openapi.yaml", "GET /openapi.json",
            "GET /docs", "GET /", "GET /assets/dashboard.css", "GET /assets/dashboard.js", "GET /assets/i18n.js",
            "GET /assets/echarts.min.js");

    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi().withPilot();
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":70001,\"debitAccountId\":3001,"
                + "\"creditAccountId\":5001,\"amountFen\":100,\"code\":\"MERCHANT_PAYMENT\"}"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static TestApi.Response call(final String token, final String route) {
        final String method = route.substring(0, route.indexOf(' '));
        final String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "3001");
        return method.equals("GET") ? api.get(token, path) : api.post(token, path, "{}");
    }

    @Test
    void withoutATokenOnlyHealthTheDocumentationAndTheDashboardsFilesAnswer() {
        for (final String route : api.server.routes()) {
            final int status = call(null, route).status();
            if (PUBLIC.contains(route)) {
                assertThat(status).as(route).isEqualTo(200);
            } else {
                assertThat(status).as(route).isEqualTo(401);
            }
        }
    }

    @Test
    void aCityAdministratorIsRefusedEveryIndividualResource() {
        final List<String> individual = api.server.routes().stream().filter(r -> !NOT_INDIVIDUAL.contains(r)).toList();
        assertThat(individual).hasSizeGreaterThan(25);
        for (final String route : individual) {
            final TestApi.Response response = call(api.cityAdmin, route);
            assertThat(response.status()).as(route).isEqualTo(403);
            assertThat(response.get("type").asText()).isEqualTo("urn:tongbao:problem:forbidden");
        }
    }

    @Test
    void aCityAdministratorReadsAggregates() {
        expect(200, api.get(api.cityAdmin, "/v1/ledger/totals"));
        expect(200, api.get(api.cityAdmin, "/metrics"));
    }

    @Test
    void anAuditorReadsTheJournalHeadButNoWallet() {
        expect(200, api.get(api.auditor, "/v1/journal/head"));
        expect(403, api.get(api.auditor, "/v1/accounts/3001"));
        expect(403, api.get(api.auditor, "/v1/transfers/70001"));
    }

    @Test
    void operatorACannotReadOperatorBsWallet() {
        expect(200, api.get(api.operatorB, "/v1/accounts/3101"));
        expect(403, api.get(api.operatorA, "/v1/accounts/3101"));
        expect(403, api.get(api.operatorA, "/v1/accounts/3101/transfers"));
    }

    @Test
    void operatorACannotMoveMoneyOutOfOperatorBsWallet() {
        final long before = api.balance(TestApi.WALLET_B1);
        final TestApi.Response response = expect(403, api.post(api.operatorA, "/v1/transfers",
                "{\"transferId\":70002,\"debitAccountId\":3101,\"creditAccountId\":3001,\"amountFen\":100,\"code\":\"P2P\"}"));
        assertThat(response.get("field").asText()).isEqualTo("debitAccountId");
        assertThat(api.balance(TestApi.WALLET_B1)).isEqualTo(before);
    }

    @Test
    void operatorACannotHideAForeignPaymentInABatch() {
        final TestApi.Response response = expect(403, api.post(api.operatorA, "/v1/transfers/batch",
                "{\"transfers\":[{\"transferId\":70003,\"debitAccountId\":3001,\"creditAccountId\":3002,\"amountFen\":1,"
                        + "\"code\":\"P2P\"},{\"transferId\":70004,\"debitAccountId\":3101,\"creditAccountId\":3001,"
                        + "\"amountFen\":1,\"code\":\"P2P\"}]}"));
        assertThat(response.get("index").asInt()).isEqualTo(1);
        expect(404, api.get(api.operatorA, "/v1/transfers/70003"));
    }

    @Test
    void operatorACannotFreezeOrOpenAtOperatorB() {
        expect(403, api.post(api.operatorA, "/v1/accounts/3101/freeze", "{\"commandId\":70005}"));
        expect(403, api.post(api.operatorA, "/v1/accounts", "{\"accountId\":3901,\"kind\":\"PERSONAL\","
                + "\"operatorId\":2002,\"tier\":2}"));
    }

    @Test
    void aMerchantSeesItsOwnReceiptsButNotAnothers() {
        final TestApi.Response own = expect(200, api.get(api.merchantA, "/v1/accounts/5001/transfers"));
        assertThat(own.get("items")).extracting(m -> m.path("id").asLong()).contains(70001L);
        expect(200, api.get(api.merchantA, "/v1/transfers/70001"));
        expect(403, api.get(api.merchantB, "/v1/accounts/5001/transfers"));
        expect(403, api.get(api.merchantB, "/v1/transfers/70001"));
        expect(403, api.get(api.merchantA, "/v1/accounts/3001"));
    }

    @Test
    void onlyTheCentralBankIssuesAndItMovesNoOtherMoney() {
        expect(403, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":70006,\"debitAccountId\":1,"
                + "\"creditAccountId\":2001,\"amountFen\":100,\"code\":\"ISSUANCE\"}"));
        expect(403, api.post(api.operatorA, "/v1/issuances", "{\"transferId\":70007,\"operatorId\":2001,\"amountFen\":1}"));
        expect(403, api.post(api.centralBank, "/v1/transfers", "{\"transferId\":70008,\"debitAccountId\":2001,"
                + "\"creditAccountId\":3001,\"amountFen\":100,\"code\":\"EXCHANGE_IN\"}"));
        expect(403, api.get(api.centralBank, "/v1/accounts/3001"));
        expect(200, api.get(api.centralBank, "/v1/accounts/2001"));
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        final String token = api.tokens().create(org.tongbao.server.http.auth.Role.OPERATOR, TestApi.OPERATOR_A,
                System.currentTimeMillis()).token();
        expect(200, api.get(token, "/v1/accounts/3001"));
        api.tokens().revoke(org.tongbao.server.http.auth.TokenStore.idOf(token));
        final TestApi.Response refused = expect(401, api.get(token, "/v1/accounts/3001"));
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        final String file = Files.readString(api.data.resolve("tokens"));
        assertThat(file).doesNotContain(api.operatorA.substring(api.operatorA.lastIndexOf('_') + 1));
        assertThat(file).contains(org.tongbao.server.http.auth.TokenStore.idOf(api.operatorA));
    }

    @Test
    void repeatedFailedAuthenticationFromOneAddressIsRateLimited() throws Exception {
        try (TestApi limited = new TestApi(ApiConfig.defaults(Files.createTempDirectory("tongbao-limit-")).withPort(0)
                .withLimits(4_096, 16_384, 3))) {
            for (int i = 0; i < 3; i++) {
                expect(401, limited.get("tb_0000000000000000_wrong", "/v1/ledger/totals"));
            }
            final TestApi.Response blocked = expect(429, limited.get(limited.auditor, "/v1/ledger/totals"));
            assertThat(Long.parseLong(blocked.header("Retry-After"))).isPositive();
            expect(200, limited.get(null, "/health"));
        }
    }

    @Test
    void aStrangerTokenIsUnauthenticatedNotForbidden() {
        expect(401, api.send("not-a-token", "GET", "/v1/ledger/totals", null, Map.of()));
    }
}
