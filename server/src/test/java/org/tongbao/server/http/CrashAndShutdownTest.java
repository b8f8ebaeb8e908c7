package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.TokenStore;

/**
 * Acknowledged means durable, over HTTP: many clients pay concurrently while the server is
 * killed with SIGKILL (a child JVM) or stopped gracefully; after a restart every transfer that
 * got a 2xx is in the ledger (a resend is a replay), and the balances hold no transfer beyond
 * those sent.
 */
class CrashAndShutdownTest {
    private static final int CLIENTS = 16;
    private static final long SOURCE = 30_000;
    private static final long TARGET = 40_000;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What the clients sent and were told. */
    private static final class Load {
        final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        final AtomicLongArray sent = new AtomicLongArray(CLIENTS);
        final AtomicLongArray acknowledgedPerClient = new AtomicLongArray(CLIENTS);
        final AtomicInteger otherStatuses = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
    }

    @Test
    void everyAcknowledgedTransferSurvivesASigkillMidLoadAndNoneBeyondWhatWasSent() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-crash-");
        final TokenStore tokens = new TokenStore(data);
        final String centralBank = tokens.create(Role.CENTRAL_BANK, 0, System.currentTimeMillis()).token();
        final String operator = tokens.create(Role.OPERATOR, 2001, System.currentTimeMillis()).token();
        final Process server = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx768m",
                "-cp", System.getProperty("java.class.path"), "org.tongbao.server.cli.TongbaoCommand", "serve",
                "--data", data.toString(), "--port", "0").redirectErrorStream(true).start();
        try {
            final int port = awaitPort(server);
            setUp(port, centralBank, operator);
            final Load load = startLoad(port, operator);
            Thread.sleep(1_500);
            server.destroyForcibly();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            stopLoad(load);
            assertThat(load.acknowledged).hasSizeGreaterThan(50);
            try (TestApi restarted = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000))) {
                checkDurable(restarted, operator, load);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aGracefulStopAnswersWhatIsInFlightSnapshotsAndLosesNothingAcknowledged() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-stop-");
        final TestApi api = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000));
        setUp(api.server.port(), api.centralBank, api.operatorA);
        final Load load = startLoad(api.server.port(), api.operatorA);
        Thread.sleep(700);
        api.close();
        stopLoad(load);
        assertThat(load.otherStatuses.get()).as("only 201 or 503 while stopping").isZero();
        try (java.util.stream.Stream<Path> snapshots = Files.list(data.resolve("snapshots"))) {
            assertThat(snapshots.count()).isPositive();
        }
        try (TestApi restarted = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000))) {
            checkDurable(restarted, api.operatorA, load);
        }
    }

    private static int awaitPort(final Process server) throws IOException {
        final BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            final Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                final Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the child's output pipe from filling
                        }
                    } catch (final IOException e) {
                        // the child is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("the server did not start");
    }

    private void setUp(final int port, final String centralBank, final String operator) throws Exception {
        post(port, centralBank, "/v1/accounts", "{\"accountId\":1,\"kind\":\"CENTRAL_BANK\"}", 201);
        post(port, centralBank, "/v1/accounts", "{\"accountId\":2001,\"kind\":\"OPERATOR_RESERVE\"}", 201);
        post(port, centralBank, "/v1/issuances", "{\"transferId\":11,\"operatorId\":2001,\"amountFen\":100000000}", 201);
        final StringBuilder batch = new StringBuilder("{\"transfers\":[");
        for (int c = 0; c < CLIENTS; c++) {
            for (final long id : new long[] {SOURCE + c, TARGET + c}) {
                post(port, operator, "/v1/accounts", "{\"accountId\":" + id + ",\"kind\":\"PERSONAL\",\"operatorId\":2001,"
                        + "\"tier\":1}", 201);
            }
            batch.append(c == 0 ? "" : ",").append("{\"transferId\":").append(100 + c).append(",\"debitAccountId\":2001,")
                    .append("\"creditAccountId\":").append(SOURCE + c).append(",\"amountFen\":1000000,\"code\":\"EXCHANGE_IN\"}");
        }
        post(port, operator, "/v1/transfers/batch", batch + "]}", 200);
    }

    private Load startLoad(final int port, final String operator) {
        final Load load = new Load();
        for (int c = 0; c < CLIENTS; c++) {
            final int client = c;
            final Thread thread = new Thread(() -> {
                for (long n = 1; !load.stop.get() && n < 1_000_000; n++) {
                    final long id = 1_000_000L * (client + 1) + n;
                    load.sent.incrementAndGet(client);
                    try {
                        final HttpResponse<String> response = send(port, operator, "/v1/transfers", transfer(id, client));
                        if (response.statusCode() == 201) {
                            load.acknowledged.add(id);
                            load.acknowledgedPerClient.incrementAndGet(client);
                        } else if (response.statusCode() != 503) {
                            load.otherStatuses.incrementAndGet();
                        }
                    } catch (final IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "load-" + c);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private static void stopLoad(final Load load) throws InterruptedException {
        load.stop.set(true);
        for (final Thread thread : load.threads) {
            thread.join(30_000);
        }
    }

    /** Balances are within what was acknowledged and sent; every acknowledged transfer is a replay when resent. */
    private static void checkDurable(final TestApi api, final String operator, final Load load) {
        for (int c = 0; c < CLIENTS; c++) {
            final long received = TestApi.expect(200, api.get(operator, "/v1/accounts/" + (TARGET + c))).get("balanceFen")
                    .asLong();
            assertThat(received).as("client %d", c).isBetween(load.acknowledgedPerClient.get(c), load.sent.get(c));
        }
        final List<Long> ids = new ArrayList<>(load.acknowledged);
        for (int from = 0; from < ids.size(); from += 8_000) {
            final StringBuilder batch = new StringBuilder("{\"transfers\":[");
            for (int i = from; i < Math.min(ids.size(), from + 8_000); i++) {
                final long id = ids.get(i);
                batch.append(i == from ? "" : ",").append(transfer(id, (int) (id / 1_000_000L) - 1));
            }
            final JsonNode results = TestApi.expect(200, api.post(operator, "/v1/transfers/batch", batch + "]}")).json();
            for (final JsonNode result : results.path("results")) {
                assertThat(result.path("result").asText()).isEqualTo("OK");
                assertThat(result.path("replayed").asBoolean()).as("transfer %d was durable", result.path("id").asLong())
                        .isTrue();
            }
        }
    }

    private static String transfer(final long id, final int client) {
        return "{\"transferId\":" + id + ",\"debitAccountId\":" + (SOURCE + client) + ",\"creditAccountId\":"
                + (TARGET + client) + ",\"amountFen\":1,\"code\":\"P2P\"}";
    }

    private void post(final int port, final String token, final String path, final String body, final int status)
            throws Exception {
        final HttpResponse<String> response = send(port, token, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private HttpResponse<String> send(final int port, final String token, final String path, final String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
