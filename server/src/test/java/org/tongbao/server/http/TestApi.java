package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.TokenStore;

/**
 * A real API server on a random loopback port over a fresh data directory, with a small pilot
 * set up through the API itself, tokens for every role, and an HTTP client whose every
 * response is checked against the OpenAPI document. One per test class.
 *
 * <p>The pilot: central bank 1; operators A (2001) and B (2002); at A personal wallets 3001
 * and 3002, merchant 5001 and government body 6001; at B personal wallet 3101 and merchant
 * 5101. A and B hold 1,000,000 CNY each; 3001, 3002 and 3101 hold 1,000 CNY.
 */
final class TestApi implements AutoCloseable {
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR_A = 2001;
    static final long OPERATOR_B = 2002;
    static final long WALLET_A1 = 3001;
    static final long WALLET_A2 = 3002;
    static final long WALLET_B1 = 3101;
    static final long MERCHANT_A = 5001;
    static final long MERCHANT_B = 5101;
    static final long GOVERNMENT_A = 6001;

    /** One response: status, headers, body (parsed when JSON). */
    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(final String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode get(final String field) {
            return json.path(field);
        }
    }

    final Path data;
    final ApiServer server;
    final String centralBank;
    final String operatorA;
    final String operatorB;
    final String merchantA;
    final String merchantB;
    final String cityAdmin;
    final String auditor;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenStore tokens;

    TestApi() throws IOException {
        this(ApiConfig.defaults(Files.createTempDirectory("tongbao-api-")).withPort(0).withLimits(4_096, 16_384, 1_000));
    }

    TestApi(final ApiConfig config) {
        this(config, smallLedger());
    }

    TestApi(final ApiConfig config, final LedgerConfig ledger) {
        this.data = config.data();
        this.server = ApiServer.start(config.withLedger(ledger));
        this.tokens = new TokenStore(data);
        centralBank = token(Role.CENTRAL_BANK, 0);
        operatorA = token(Role.OPERATOR, OPERATOR_A);
        operatorB = token(Role.OPERATOR, OPERATOR_B);
        merchantA = token(Role.MERCHANT, MERCHANT_A);
        merchantB = token(Role.MERCHANT, MERCHANT_B);
        cityAdmin = token(Role.CITY_ADMIN, 0);
        auditor = token(Role.AUDITOR, 0);
    }

    static LedgerConfig smallLedger() {
        return LedgerConfig.defaults(100_000).withAccountsInitial(1_024).withIdempotencyGeneration(1 << 16)
                .withPendingMax(10_000);
    }

    String token(final Role role, final long scope) {
        return tokens.create(role, scope, System.currentTimeMillis()).token();
    }

    TokenStore tokens() {
        return tokens;
    }

    /** Opens the pilot's accounts and funds them. */
    TestApi withPilot() {
        expect(201, post(centralBank, "/v1/accounts", "{\"accountId\":1,\"kind\":\"CENTRAL_BANK\"}"));
        for (final long operator : new long[] {OPERATOR_A, OPERATOR_B}) {
            expect(201, post(centralBank, "/v1/accounts", "{\"accountId\":" + operator + ",\"kind\":\"OPERATOR_RESERVE\"}"));
            expect(201, post(centralBank, "/v1/issuances", "{\"transferId\":" + (10 + operator) + ",\"operatorId\":"
                    + operator + ",\"amountFen\":100000000}"));
        }
        open(operatorA, WALLET_A1, "PERSONAL", OPERATOR_A, 2, 0);
        open(operatorA, WALLET_A2, "PERSONAL", OPERATOR_A, 2, 0);
        open(operatorA, MERCHANT_A, "MERCHANT", OPERATOR_A, 1, 5812);
        open(operatorA, GOVERNMENT_A, "GOVERNMENT", OPERATOR_A, 0, 0);
        open(operatorB, WALLET_B1, "PERSONAL", OPERATOR_B, 2, 0);
        open(operatorB, MERCHANT_B, "MERCHANT", OPERATOR_B, 1, 5411);
        exchangeIn(operatorA, OPERATOR_A, WALLET_A1, 100_000);
        exchangeIn(operatorA, OPERATOR_A, WALLET_A2, 100_000);
        exchangeIn(operatorB, OPERATOR_B, WALLET_B1, 100_000);
        exchangeIn(operatorA, OPERATOR_A, GOVERNMENT_A, 10_000_000);
        return this;
    }

    void open(final String token, final long id, final String kind, final long operator, final int tier,
              final int category) {
        expect(201, post(token, "/v1/accounts", "{\"accountId\":" + id + ",\"kind\":\"" + kind + "\",\"operatorId\":"
                + operator + ",\"tier\":" + tier + ",\"district\":320505,\"merchantCategory\":" + category + "}"));
    }

    void exchangeIn(final String token, final long operator, final long wallet, final long fen) {
        expect(201, post(token, "/v1/transfers", "{\"transferId\":" + (900_000 + wallet) + ",\"debitAccountId\":"
                + operator + ",\"creditAccountId\":" + wallet + ",\"amountFen\":" + fen + ",\"code\":\"EXCHANGE_IN\"}"));
    }

    long balance(final long accountId) {
        final String token = accountId == OPERATOR_A || accountId == OPERATOR_B || accountId == CENTRAL_BANK
                ? centralBank : accountId == WALLET_B1 || accountId == MERCHANT_B ? operatorB : operatorA;
        return expect(200, get(token, "/v1/accounts/" + accountId)).get("balanceFen").asLong();
    }

    static Response expect(final int status, final Response response) {
        assertThat(response.status()).as("status of %s", response.raw().body()).isEqualTo(status);
        return response;
    }

    Response get(final String token, final String path) {
        return send(token, "GET", path, null, Map.of());
    }

    Response post(final String token, final String path, final String json) {
        return send(token, "POST", path, json, Map.of("Content-Type", "application/json"));
    }

    private static final int LARGE_BODY_CHARS = 1 << 20;

    Response send(final String token, final String method, final String path, final String body,
                  final Map<String, String> headers) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && body.length() > LARGE_BODY_CHARS) {
            // Lets the server refuse an oversize body from its headers (413) before the client
            // sends it; otherwise the refusal can race the upload and reach the client as a reset.
            request.expectContinue(true);
        }
        headers.forEach(request::header);
        try {
            final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            final String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (contentType.contains("json")) {
                json = Json.MAPPER.readTree(response.body());
                final List<String> problems = OpenApiContract.INSTANCE.check(method, path, response.statusCode(),
                        contentType, json);
                assertThat(problems).as("response of %s %s conforms to openapi.yaml", method, path).isEmpty();
            }
            return new Response(response.statusCode(), response, json);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
