package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tongbao.history.store.HistoryLocation;

/**
 * The transaction history over HTTP, on a real server with a real SQLite history in its data
 * directory: statements whose running balance ends at the ledger's balance, pagination, CSV,
 * the operator listing, lookup by id, who may read what, and the lag in /health and /metrics.
 */
class HistoryApiTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-history-api-");
        api = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000)
                .withHistory(HistoryLocation.sqliteIn(data))).withPilot();
        payments(api);
        awaitCaughtUp(api);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Twelve P2P payments between A's wallets, merchant payments to 5001, one payment to B's wallet 3101. */
    static void payments(final TestApi api) {
        for (int i = 0; i < 12; i++) {
            final long from = i % 2 == 0 ? TestApi.WALLET_A1 : TestApi.WALLET_A2;
            final long to = i % 2 == 0 ? TestApi.WALLET_A2 : TestApi.WALLET_A1;
            transfer(api, api.operatorA, 80_000 + i, from, to, 100 + i * 10, "P2P");
        }
        transfer(api, api.operatorA, 80_100, TestApi.WALLET_A1, TestApi.MERCHANT_A, 2_500, "MERCHANT_PAYMENT");
        transfer(api, api.operatorA, 80_101, TestApi.WALLET_A2, TestApi.MERCHANT_A, 4_000, "MERCHANT_PAYMENT");
        transfer(api, api.operatorA, 80_102, TestApi.WALLET_A1, TestApi.WALLET_B1, 700, "P2P");
    }

    private static void transfer(final TestApi api, final String token, final long id, final long from, final long to,
                                 final long fen, final String code) {
        expect(201, api.post(token, "/v1/transfers", "{\"transferId\":" + id + ",\"debitAccountId\":" + from
                + ",\"creditAccountId\":" + to + ",\"amountFen\":" + fen + ",\"code\":\"" + code + "\"}"));
    }

    /** Polls /health until the history holds the ledger's last batch. */
    static void awaitCaughtUp(final TestApi api) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode health = expect(200, api.get(null, "/health")).json();
        while (!caughtUp(health) && System.nanoTime() < deadlineNs) {
            Thread.sleep(20);
            health = expect(200, api.get(null, "/health")).json();
        }
        assertThat(health.path("history").path("failure").isNull()).as("history failure in %s", health).isTrue();
        assertThat(caughtUp(health)).as("history caught up: %s", health).isTrue();
    }

    private static boolean caughtUp(final JsonNode health) {
        final JsonNode history = health.path("history");
        return history.path("state").asText().equals("FOLLOWING") && history.path("lagBatches").asLong() == 0
                && history.path("projectedSequence").asLong() == health.path("batch").asLong();
    }

    /** Every line of a statement (or listing), newest first, paged with {@code limit}. */
    static List<JsonNode> all(final TestApi api, final String token, final String path, final int limit) {
        final List<JsonNode> lines = new ArrayList<>();
        String cursor = null;
        do {
            final String separator = path.contains("?") ? "&" : "?";
            final JsonNode page = expect(200, api.get(token, path + separator + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor))).json();
            page.path("items").forEach(lines::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return lines;
    }

    @Test
    void aStatementsRunningBalanceEndsAtTheLedgersBalance() {
        for (final long account : new long[] {TestApi.WALLET_A1, TestApi.WALLET_A2, TestApi.MERCHANT_A,
            TestApi.WALLET_B1, TestApi.OPERATOR_A}) {
            final List<JsonNode> lines = all(api, api.auditor, "/v1/accounts/" + account + "/statement", 1_000);
            assertThat(lines).as("statement of %d", account).isNotEmpty();
            long balance = 0;
            for (int i = lines.size() - 1; i >= 0; i--) {
                balance += lines.get(i).path("amountFen").asLong();
                assertThat(lines.get(i).path("balanceFen").asLong()).as("running balance of %d", account)
                        .isEqualTo(balance);
            }
            assertThat(balance).as("balance of %d", account).isEqualTo(api.balance(account));
        }
    }

    @Test
    void pagesThroughAStatementByCursorWithoutGapOrRepeat() {
        final List<JsonNode> whole = all(api, api.operatorA, "/v1/accounts/3001/statement", 1_000);
        final List<JsonNode> paged = all(api, api.operatorA, "/v1/accounts/3001/statement", 3);
        assertThat(whole).hasSizeGreaterThan(6);
        assertThat(paged).isEqualTo(whole);
    }

    @Test
    void filtersAStatementByCodeCounterpartyAndAmount() {
        final List<JsonNode> merchant = all(api, api.operatorA,
                "/v1/accounts/3001/statement?code=MERCHANT_PAYMENT&counterparty=5001&minFen=2000&maxFen=3000", 100);
        assertThat(merchant).extracting(line -> line.path("transferId").asLong()).containsExactly(80_100L);
        assertThat(merchant.getFirst().path("amountFen").asLong()).isEqualTo(-2_500);
        expect(400, api.get(api.operatorA, "/v1/accounts/3001/statement?code=LOTTERY"));
        expect(400, api.get(api.operatorA, "/v1/accounts/3001/statement?from=2030-01-02&to=2030-01-01"));
    }

    @Test
    void exportsAStatementAsCsvForAcceptTextCsvOrFormatCsv() {
        final List<JsonNode> lines = all(api, api.operatorA, "/v1/accounts/3001/statement", 1_000);
        final TestApi.Response csv = api.send(api.operatorA, "GET", "/v1/accounts/3001/statement", null,
                Map.of("Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(Long.parseLong(csv.header(HistoryRoutes.PROJECTED_HEADER))).isPositive();
        final String[] rows = csv.raw().body().split("\r\n");
        assertThat(rows[0]).isEqualTo("position,batch,row,command_index,time,event,transfer_id,code,counterparty_id,"
                + "amount_fen,balance_fen,reference");
        assertThat(rows).hasSize(lines.size() + 1);
        assertThat(rows[1].split(",")[10]).isEqualTo(lines.getFirst().path("balanceFen").asText());
        final TestApi.Response byFormat = api.get(api.operatorA, "/v1/accounts/3001/statement?format=csv");
        assertThat(byFormat.raw().body()).isEqualTo(csv.raw().body());
    }

    @Test
    void listsAMerchantsReceiptsOnly() {
        final List<JsonNode> receipts = all(api, api.merchantA, "/v1/accounts/5001/receipts", 100);
        assertThat(receipts).extracting(line -> line.path("transferId").asLong()).containsExactly(80_101L, 80_100L);
        assertThat(receipts).allSatisfy(line -> assertThat(line.path("amountFen").asLong()).isPositive());
    }

    @Test
    void anOperatorsListingShowsAnotherBanksCustomersBalanceToNobodyButSupervisors() {
        final List<JsonNode> own = all(api, api.operatorA, "/v1/operators/2001/transfers?direction=out&code=P2P", 5);
        final JsonNode crossBank = own.stream().filter(row -> row.path("transferId").asLong() == 80_102L)
                .findFirst().orElseThrow();
        assertThat(crossBank.path("debitBalanceFen").isNumber()).isTrue();
        assertThat(crossBank.path("creditBalanceFen").isNull()).isTrue();
        final JsonNode audited = all(api, api.auditor, "/v1/operators/2001/transfers?code=P2P", 100).stream()
                .filter(row -> row.path("transferId").asLong() == 80_102L).findFirst().orElseThrow();
        assertThat(audited.path("creditBalanceFen").isNumber()).isTrue();
    }

    @Test
    void looksATransferUpByIdForWhoeverMayReadAParty() {
        final JsonNode found = expect(200, api.get(api.merchantA, "/v1/history/transfers/80100")).json();
        assertThat(found.path("rows").get(0).path("amountFen").asLong()).isEqualTo(2_500);
        assertThat(found.path("rows").get(0).path("debitBalanceFen").isNull()).isTrue();
        expect(403, api.get(api.merchantB, "/v1/history/transfers/80100"));
        expect(404, api.get(api.auditor, "/v1/history/transfers/99999999"));
    }

    @Test
    void readsATransferThatLeftTheRingOfRecentMovementsFromTheHistoryInTheSameShape() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-history-ring-");
        try (TestApi small = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000)
                .withRecentTransfers(2).withHistory(HistoryLocation.sqliteIn(data))).withPilot()) {
            payments(small);
            awaitCaughtUp(small);
            final TestApi.Response old = expect(200, small.get(small.operatorA, "/v1/transfers/80000"));
            assertThat(Long.parseLong(old.header(HistoryRoutes.PROJECTED_HEADER))).isPositive();
            final JsonNode fromRing = expect(200, api.get(api.operatorA, "/v1/transfers/80000")).json();
            assertThat(withoutTimes(old.json())).isEqualTo(withoutTimes(fromRing));
            assertThat(old.json().path("movements").get(0).path("amountFen").asLong()).isEqualTo(100);

            final TestApi.Response recent = expect(200, small.get(small.operatorA, "/v1/transfers/80102"));
            assertThat(recent.header(HistoryRoutes.PROJECTED_HEADER)).as("answered from the ring").isNull();
            expect(403, small.get(small.operatorB, "/v1/transfers/80000"));
            expect(403, small.get(small.merchantA, "/v1/transfers/80000"));
            expect(200, small.get(small.merchantA, "/v1/transfers/80100"));
            expect(404, small.get(small.operatorA, "/v1/transfers/99999999"));
        }
    }

    @Test
    void anIdUsedAgainByAnotherOperatorShowsEachOperatorOnlyItsOwnMovements() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-history-reused-id-");
        try (TestApi small = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000)
                .withRecentTransfers(2).withHistory(HistoryLocation.sqliteIn(data)),
                TestApi.smallLedger().withIdempotencyGeneration(8)).withPilot()) {
            transfer(small, small.operatorA, 90_000, TestApi.WALLET_A1, TestApi.WALLET_A2, 111, "P2P");
            for (int i = 1; i <= 20; i++) {
                transfer(small, small.operatorA, 90_000 + i, TestApi.WALLET_A2, TestApi.WALLET_A1, 1, "P2P");
            }
            transfer(small, small.operatorB, 90_000, TestApi.WALLET_B1, TestApi.MERCHANT_B, 222, "MERCHANT_PAYMENT");
            awaitCaughtUp(small);

            final JsonNode seenByA = expect(200, small.get(small.operatorA, "/v1/transfers/90000")).json();
            assertThat(seenByA.path("movements")).singleElement()
                    .satisfies(movement -> assertThat(movement.path("amountFen").asLong()).isEqualTo(111));
            final JsonNode seenByB = expect(200, small.get(small.operatorB, "/v1/transfers/90000")).json();
            assertThat(seenByB.path("movements")).singleElement()
                    .satisfies(movement -> assertThat(movement.path("amountFen").asLong()).isEqualTo(222));
            expect(403, small.get(small.merchantA, "/v1/transfers/90000"));
        }
    }

    /** A transfer's answer without what differs between two servers: batch numbers and times. */
    private static JsonNode withoutTimes(final JsonNode transfer) {
        final JsonNode copy = transfer.deepCopy();
        copy.path("movements").forEach(movement -> {
            ((ObjectNode) movement).remove("batch");
            ((ObjectNode) movement).remove("timestampMs");
        });
        return copy;
    }

    @Test
    void withoutHistoryAnOldTransferIsNotFound() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-history-ring-off-");
        try (TestApi off = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000)
                .withRecentTransfers(2)).withPilot()) {
            payments(off);
            expect(404, off.get(off.operatorA, "/v1/transfers/80000"));
            expect(200, off.get(off.operatorA, "/v1/transfers/80102"));
        }
    }

    @Test
    void aCityAdministratorReadsNoHistory() {
        for (final String path : List.of("/v1/accounts/3001/statement", "/v1/accounts/5001/receipts",
                "/v1/operators/2001/transfers", "/v1/history/transfers/80100")) {
            expect(403, api.get(api.cityAdmin, path));
        }
    }

    @Test
    void operatorBCannotReadOperatorAsWalletsHistory() {
        expect(403, api.get(api.operatorB, "/v1/accounts/3001/statement"));
        expect(403, api.get(api.operatorB, "/v1/operators/2001/transfers"));
        expect(200, api.get(api.operatorB, "/v1/accounts/3101/statement"));
    }

    @Test
    void aMerchantReadsOnlyItsOwnHistory() {
        expect(200, api.get(api.merchantA, "/v1/accounts/5001/statement"));
        expect(403, api.get(api.merchantA, "/v1/accounts/5101/receipts"));
        expect(403, api.get(api.merchantA, "/v1/accounts/3001/statement"));
        expect(403, api.get(api.merchantB, "/v1/accounts/5001/receipts"));
    }

    @Test
    void anAuditorAndTheCentralBankReadAnyStatement() {
        expect(200, api.get(api.auditor, "/v1/accounts/3101/statement"));
        expect(200, api.get(api.centralBank, "/v1/accounts/3001/statement"));
    }

    @Test
    void healthAndMetricsShowHowFarTheHistoryGoes() {
        final JsonNode health = expect(200, api.get(null, "/health")).json();
        assertThat(health.path("history").path("projectedSequence").asLong()).isPositive();
        final String metrics = expect(200, api.get(api.auditor, "/metrics")).raw().body();
        assertThat(metrics).containsPattern("(?m)^tongbao_history_lag_batches \\d+$")
                .containsPattern("(?m)^tongbao_history_projected_sequence [1-9]\\d*$");
    }

    @Test
    void withoutHistoryEveryHistoryRouteAnswers503SayingHowToTurnItOn() throws Exception {
        try (TestApi off = new TestApi().withPilot()) {
            for (final String path : List.of("/v1/accounts/3001/statement", "/v1/accounts/5001/receipts",
                    "/v1/operators/2001/transfers", "/v1/history/transfers/1")) {
                final TestApi.Response response = expect(503, off.get(off.auditor, path));
                assertThat(response.get("type").asText()).isEqualTo("urn:tongbao:problem:history-off");
                assertThat(response.get("detail").asText()).contains("--history");
                assertThat(response.header("Retry-After")).isNull();
            }
            assertThat(expect(200, off.get(null, "/health")).get("history").path("state").asText()).isEqualTo("OFF");
            assertThat(expect(200, off.get(off.auditor, "/metrics")).raw().body()).doesNotContain("tongbao_history_");
        }
    }
}
