package org.tongbao.server.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tongbao.history.store.HistoryLocation;
import org.tongbao.kpi.PilotProperties;
import org.tongbao.kpi.alert.AlertWebhook;
import org.tongbao.server.http.ApiConfig;
import org.tongbao.server.http.ApiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao serve}: the HTTP API on a data directory, until stopped. SIGTERM or Ctrl-C stop
 * it gracefully: new requests get 503, those in flight are answered, queued batches are made
 * durable, a snapshot is written and the directory is released. The KPI platform is kept as
 * the ledger's read model, its targets scaled by the directory's {@code pilot.properties}; the
 * transaction history is projected into SQL beside it ({@code --history}, SQLite in the data
 * directory by default) and served under {@code /v1/accounts/{id}/statement} and the like.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve the HTTP API and the dashboard on a data directory.",
        description = {"Serve the HTTP JSON API (/v1, /openapi.yaml, /docs, /health, /metrics) on a data directory.",
            "Create API tokens first with 'tongbao token create'. Stop with Ctrl-C or SIGTERM (graceful)."})
final class ServeCommand implements Callable<Integer> {
    private static final long ALERT_CHECK_EVERY_MS = 60_000;

    @Option(names = "--data", required = true, description = "The data directory (created when new).")
    private Path data;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free port; default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--history", defaultValue = "sqlite", paramLabel = "sqlite|none|postgresql://...",
            description = {"Where the transaction history (statements, receipts, search) is projected and read:",
                "sqlite (default: DIR/history.db), none (history routes answer 503), a SQLite file path, or",
                "postgresql://host:port/db?user=...&password=...[&schema=NAME]."})
    private String history;

    @Option(names = "--alert-webhook", paramLabel = "URL",
            description = "POST each KPI alert as JSON to this http(s) URL (retried, from a bounded queue); alert rules"
                    + " are checked every minute.")
    private URI alertWebhook;

    @Override
    public Integer call() throws InterruptedException {
        final HistoryLocation location = historyLocation(history, data);
        final ApiServer server = ApiServer.start(ApiConfig.defaults(data).withHost(host).withPort(port)
                .withHistory(location));
        if (alertWebhook != null) {
            server.sendAlertsTo(AlertWebhook.to(alertWebhook), ALERT_CHECK_EVERY_MS);
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("tongbao serve: stopping (finishing requests in flight, snapshotting)...");
            server.close();
            System.out.println("tongbao serve: stopped");
            System.out.flush();
            stopped.countDown();
        }, "tongbao-shutdown"));
        System.out.println("tongbao serve: listening on http://" + host + ":" + server.port() + " (data " + data
                + "); dashboard at /, API reference at /docs; " + (server.ledger().pilot().scaled()
                ? "KPI targets scaled to " + server.ledger().pilot().label() + " (" + PilotProperties.FILE_NAME + ")"
                : "KPI targets for the whole city") + "; history " + (location == null ? "off" : "in " + location));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** {@code --history}: sqlite (the data directory's file), none (null), or what {@link HistoryLocation#parse} reads. */
    static HistoryLocation historyLocation(final String text, final Path data) {
        return switch (text) {
            case "none" -> null;
            case "sqlite" -> HistoryLocation.sqliteIn(data);
            default -> HistoryLocation.parse(text, data);
        };
    }
}
