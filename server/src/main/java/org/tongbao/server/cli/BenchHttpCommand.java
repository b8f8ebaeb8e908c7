package org.tongbao.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.tongbao.server.bench.HttpBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao bench http}: the HTTP API's throughput and latency, measured from a load
 * generator in another process over loopback, each figure beside its same-run baseline.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        header = "The HTTP API under load from a generator in another process.",
        description = {"Start the API server (durable ledger, fsync'd group commit, KPI read model) on loopback in a",
            "temporary data directory (deleted afterwards), open and fund --wallets wallets, then drive it from a",
            "load generator in a child JVM: --connections keep-alive connections, one request at a time each, for",
            "--warmup-seconds then --seconds per phase: GET /health, POST /v1/transfers (one P2P payment) and",
            "POST /v1/transfers/batch (--batch payments), beside the same blocks submitted in process. Every",
            "request must succeed and every transfer be applied. Last line:",
            "http batch_tps=<n> single_rps=<n> single_p99_ms=<x>"})
final class BenchHttpCommand implements Callable<Integer> {
    /** Jetty's start-up lines would interleave with the figures; warnings still show. */
    private static final List<Logger> QUIET_LOGGERS = List.of(Logger.getLogger("org.eclipse.jetty"),
            Logger.getLogger("io.javalin"), Logger.getLogger("tongbao.http"));

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "15",
            description = "Warm-up seconds before each phase, not counted (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--connections", defaultValue = "64",
            description = "Concurrent keep-alive connections, one request at a time each (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--batch", defaultValue = "1000", description = "Transfers per batch request (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--wallets", defaultValue = "100000", description = "Wallets paying each other (default: ${DEFAULT-VALUE}).")
    private int wallets;

    @Option(names = "--port", defaultValue = "0", description = "Port of the server (default: 0, any free port).")
    private int port;

    @Option(names = "--history", defaultValue = "none", paramLabel = "none|sqlite|postgresql://...",
            description = {"The transaction history, as for 'tongbao serve' (default: ${DEFAULT-VALUE}: the projector",
                "is asynchronous and never holds back a reply, but on a small machine it takes CPU from both sides)."})
    private String history;

    @Option(names = "--client", defaultValue = "jetty", paramLabel = "jetty|jdk",
            description = "The generator's HTTP client: Jetty's or the JDK's java.net.http (default: ${DEFAULT-VALUE}).")
    private String client;

    @Option(names = "--bench-dir", description = "Where the temporary data directory goes (default: the system temp folder).")
    private Path benchDirectory;

    @Override
    public Integer call() throws Exception {
        System.out.println(Machine.describe());
        final Path parent = BenchCommand.folder(benchDirectory);
        Files.createDirectories(parent);
        final Path data = Files.createTempDirectory(parent, "tongbao-bench-http-");
        QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
        try {
            final HttpBenchmark.Options options = new HttpBenchmark.Options(data, port, connections, batch, wallets,
                    warmupSeconds, seconds, ServeCommand.historyLocation(history, data), client);
            print(new HttpBenchmark(options, System.out).run());
            return 0;
        } finally {
            deleteTree(data);
        }
    }

    private static void print(final HttpBenchmark.Figures figures) {
        final long batchTps = figures.batch().transfersPerSecond();
        final long inProcessBatchTps = figures.inProcessBatch().transfersPerSecond();
        System.out.printf("  single: %,d transfers/s over HTTP beside %,d GET /health/s (HTTP with a visit to the"
                        + " ledger thread, no body, no fsync) and %,d/s in process (the ledger's ceiling for"
                        + " 1-transfer blocks)%n", figures.single().transfersPerSecond(),
                figures.health().requestsPerSecond(), figures.inProcessSingle().transfersPerSecond());
        System.out.printf("  batch: %,d transfers/s over HTTP beside %,d/s in process with the same blocks (%.0f%%)%n",
                batchTps, inProcessBatchTps, 100.0 * batchTps / Math.max(1, inProcessBatchTps));
        System.out.printf("http batch_tps=%d single_rps=%d single_p99_ms=%.2f%n", batchTps,
                figures.single().requestsPerSecond(), figures.single().percentileMs(99));
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
