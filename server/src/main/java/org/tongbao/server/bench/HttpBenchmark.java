package org.tongbao.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.tongbao.bench.ledger.PaymentWorkload;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.Checks;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.history.store.HistoryLocation;
import org.tongbao.server.http.ApiConfig;
import org.tongbao.server.http.ApiServer;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.TokenStore;

/**
 * {@code tongbao bench http}: the real API server (durable ledger with fsync'd group commit,
 * the KPI read model, the history as configured) on loopback in this JVM, driven by
 * {@link HttpLoadGenerator} in a child JVM (same java, same class path). Each HTTP figure
 * comes with a same-run baseline: GET /health from the same generator (the HTTP stack with one
 * visit to the ledger thread, but no JSON body, no token, no fsync to wait for), and the
 * server's own ledger gateway driven in process with the same blocks from as many threads
 * (the ceiling without HTTP and JSON). The health phase runs after the single-transfer one,
 * so that both meet a server whose HTTP path is already compiled.
 * Every request must succeed and every transfer must be applied, or the run fails.
 *
 * <p>One thread; not reusable.
 */
public final class HttpBenchmark {
    private static final long SINGLE_ID_BASE = 1L << 40;
    private static final long BATCH_ID_BASE = 2L << 40;
    private static final long IN_PROCESS_SINGLE_ID_BASE = 3L << 40;
    private static final long IN_PROCESS_BATCH_ID_BASE = 4L << 40;

    /** What to run: see {@code tongbao bench http --help}. */
    public record Options(Path data, int port, int connections, int batch, int wallets, double warmupSeconds,
                          double seconds, HistoryLocation history, String client) {
        public Options {
            Checks.checkArgument(client.equals("jetty") || client.equals("jdk"), "--client must be jetty or jdk");
            Checks.checkArgument(connections >= 1 && connections <= 1_024, "--connections must be 1..1024");
            Checks.checkArgument(batch >= 1 && batch <= ApiConfig.BATCH_ITEMS_MAX,
                    "--batch must be 1.." + ApiConfig.BATCH_ITEMS_MAX);
            Checks.checkArgument(wallets >= 2, "--wallets must be at least 2");
            Checks.checkArgument(warmupSeconds >= 0 && seconds > 0, "--seconds must be positive, --warmup-seconds >= 0");
        }
    }

    /** One measured phase: what was sent, what came back, how long it took. */
    public record Phase(long requests, long transfers, long applied, double seconds, Histogram latencyNs,
                        long serverCpuNs, long clientCpuNs) {
        public long requestsPerSecond() {
            return Math.round(requests / seconds);
        }

        public long transfersPerSecond() {
            return Math.round(applied / seconds);
        }

        public double percentileMs(final double percentile) {
            return latencyNs.getValueAtPercentile(percentile) / 1e6;
        }

        /** CPU the server (this process) used per request in the measured span. */
        public double serverCpuUsPerRequest() {
            return serverCpuNs / 1e3 / Math.max(1, requests);
        }

        /** CPU the load generator used per request (0 when the load ran in this process). */
        public double clientCpuUsPerRequest() {
            return clientCpuNs / 1e3 / Math.max(1, requests);
        }
    }

    /** Everything the run measured. */
    public record Figures(Phase health, Phase single, Phase inProcessSingle, Phase batch, Phase inProcessBatch) {
    }

    private final Options options;
    private final PrintStream out;

    public HttpBenchmark(final Options options, final PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Starts the server, sets up the wallets, runs every phase and stops the server. */
    public Figures run() throws IOException, InterruptedException {
        final String token = new TokenStore(options.data()).create(Role.OPERATOR, PaymentWorkload.OPERATOR,
                System.currentTimeMillis()).token();
        try (ApiServer server = ApiServer.start(ApiConfig.defaults(options.data()).withPort(options.port())
                .withHistory(options.history()))) {
            final URI base = URI.create("http://127.0.0.1:" + server.port());
            out.printf("server on %s (data %s, history %s); %,d wallets; %d connections from a child JVM (%s client)%n",
                    base, options.data(), options.history() == null ? "off" : options.history(), options.wallets(),
                    options.connections(), options.client());
            setUp(server);
            final Phase inProcessSingle = inProcess(server, 1, IN_PROCESS_SINGLE_ID_BASE);
            report("in process, 1-transfer blocks", inProcessSingle, "transfers");
            final Phase single = generator(base, token, "single", 1, SINGLE_ID_BASE);
            report("POST /v1/transfers", single, "transfers");
            final Phase health = generator(base, token, "health", 1, 0);
            report("GET /health", health, "requests");
            final Phase inProcessBatch = inProcess(server, options.batch(), IN_PROCESS_BATCH_ID_BASE);
            report("in process, " + options.batch() + "-transfer blocks", inProcessBatch, "transfers");
            final Phase batch = generator(base, token, "batch", options.batch(), BATCH_ID_BASE);
            report("POST /v1/transfers/batch", batch, "transfers");
            final List<String> broken = server.ledger().read(ledger -> ledger.checkInvariants());
            Checks.check(broken.isEmpty(), "the ledger's invariants broke: " + broken);
            return new Figures(health, single, inProcessSingle, batch, inProcessBatch);
        }
    }

    private void report(final String what, final Phase phase, final String unit) {
        out.printf("  %-34s %,9d %s/s (%,d transfers in %,d requests, %.2f s), p50 %.2f ms, p99 %.2f ms,"
                        + " p99.9 %.2f ms; CPU per request: server %.0f us, generator %.0f us%n", what,
                unit.equals("requests") ? phase.requestsPerSecond() : phase.transfersPerSecond(), unit,
                phase.applied(), phase.requests(), phase.seconds(), phase.percentileMs(50), phase.percentileMs(99),
                phase.percentileMs(99.9), phase.serverCpuUsPerRequest(), phase.clientCpuUsPerRequest());
    }

    /** Opens the central bank, the operator and the wallets, and funds them, through the server's ledger. */
    private void setUp(final ApiServer server) {
        for (final CommandBatch batch : PaymentWorkload.setup(options.wallets(), ApiConfig.BATCH_ITEMS_MAX)) {
            final Sequencer.Reply reply = server.ledger().submit(batch);
            for (int i = 0; i < reply.results().length; i++) {
                Checks.check(reply.results()[i] == ResultCode.OK.number(),
                        "set-up command " + i + " was refused: " + ResultCode.ofNumber(reply.results()[i]));
            }
        }
    }

    /**
     * The baseline without HTTP: {@code connections} threads each submit blocks of {@code block}
     * P2P payments through the server's ledger gateway, one at a time, as the HTTP handlers do.
     */
    private Phase inProcess(final ApiServer server, final int block, final long idBase) throws InterruptedException {
        final InProcessLoad load = new InProcessLoad(server.ledger(), options.connections(), block, options.wallets(),
                idBase);
        load.run(options.warmupSeconds());
        return load.run(options.seconds());
    }

    /** Runs the generator in a child JVM and reads its result line; fails on any failed request or refused transfer. */
    private Phase generator(final URI base, final String token, final String mode, final int batch, final long idBase)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseParallelGC", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                HttpLoadGenerator.class.getName(), "url=" + base, "token=" + token, "mode=" + mode,
                "connections=" + options.connections(), "batch=" + batch,
                "firstWallet=" + PaymentWorkload.FIRST_WALLET, "wallets=" + options.wallets(), "idBase=" + idBase,
                "warmupSeconds=" + options.warmupSeconds(), "seconds=" + options.seconds(), "client=" + options.client()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final Map<String, String> result = new HashMap<>();
        String failure = null;
        long serverCpuNs = HttpLoadGenerator.processCpuNs();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(HttpLoadGenerator.MEASURING)) {
                    serverCpuNs = HttpLoadGenerator.processCpuNs();
                } else if (line.startsWith(HttpLoadGenerator.RESULT_PREFIX)) {
                    serverCpuNs = HttpLoadGenerator.processCpuNs() - serverCpuNs;
                    for (final String pair : line.substring(HttpLoadGenerator.RESULT_PREFIX.length()).split(" ")) {
                        final int equals = pair.indexOf('=');
                        result.put(pair.substring(0, equals), pair.substring(equals + 1));
                    }
                } else if (line.startsWith(HttpLoadGenerator.FAILURE_PREFIX)) {
                    failure = line.substring(HttpLoadGenerator.FAILURE_PREFIX.length());
                }
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return checked(mode, result, failure, serverCpuNs);
    }

    private static Phase checked(final String mode, final Map<String, String> result, final String failure,
                                 final long serverCpuNs) {
        if (result.isEmpty()) {
            throw new IllegalStateException("the load generator (" + mode + ") ended without a result"
                    + (failure == null ? "" : ": " + failure));
        }
        final long failures = Long.parseLong(result.get("failures")) + Long.parseLong(result.get("warmup_failures"));
        if (failures > 0) {
            throw new IllegalStateException(failures + " " + mode + " requests failed; the first: " + failure);
        }
        final Phase phase = new Phase(Long.parseLong(result.get("requests")), Long.parseLong(result.get("transfers")),
                Long.parseLong(result.get("applied")), Double.parseDouble(result.get("seconds")),
                HttpLoadGenerator.decode(result.get("histogram")), serverCpuNs, Long.parseLong(result.get("cpu_ns")));
        if (phase.applied() != phase.transfers()) {
            throw new IllegalStateException("only " + phase.applied() + " of " + phase.transfers() + " " + mode
                    + " transfers were applied");
        }
        return phase;
    }
}
