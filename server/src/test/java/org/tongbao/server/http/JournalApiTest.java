package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tongbao.durability.audit.InclusionProof;

class JournalApiTest {
    private static final HexFormat HEX = HexFormat.of();
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
    void anAuditorChecksAProofOfATransferAgainstThePublishedHead() {
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":13001,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":42,\"code\":\"P2P\"}"));
        final String head = expect(200, api.get(api.auditor, "/v1/journal/head")).get("headHash").asText();
        final JsonNode proof = expect(200, api.get(api.auditor, "/v1/journal/proofs/13001")).json();
        final List<byte[]> later = new ArrayList<>();
        proof.path("laterDigests").forEach(digest -> later.add(HEX.parseHex(digest.asText())));
        final InclusionProof parsed = new InclusionProof(proof.path("commandId").asLong(), proof.path("batch").asLong(),
                proof.path("index").asInt(), HEX.parseHex(proof.path("previousHash").asText()),
                HEX.parseHex(proof.path("content").asText()), later, HEX.parseHex(proof.path("headHash").asText()));
        assertThat(parsed.problemAgainst(HEX.parseHex(head))).isNull();
    }

    @Test
    void theHeadAdvancesWithEachDurableBatch() {
        final long before = api.get(api.centralBank, "/v1/journal/head").get("batch").asLong();
        expect(201, api.post(api.operatorA, "/v1/transfers", "{\"transferId\":13002,\"debitAccountId\":3001,"
                + "\"creditAccountId\":3002,\"amountFen\":1,\"code\":\"P2P\"}"));
        assertThat(api.get(api.centralBank, "/v1/journal/head").get("batch").asLong()).isGreaterThan(before);
    }

    @Test
    void aProofOfACommandNotInTheJournalIsNotFound() {
        expect(404, api.get(api.auditor, "/v1/journal/proofs/424242"));
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        final TestApi.Response metrics = expect(200, api.get(api.auditor, "/metrics"));
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.raw().body()).contains("# TYPE tongbao_http_requests_total counter",
                "tongbao_batches_committed_total", "tongbao_ledger_circulation_fen",
                "tongbao_http_request_duration_seconds_bucket{le=\"+Inf\"}");
    }
}
