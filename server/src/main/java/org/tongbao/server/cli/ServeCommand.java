package org.tongbao.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tongbao.kpi.PilotProperties;
import org.tongbao.server.http.ApiConfig;
import org.tongbao.server.http.ApiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao serve}: the HTTP API on a data directory, until stopped. SIGTERM or Ctrl-C stop
 * it gracefully: new requests get 503, those in flight are answered, queued batches are made
 * durable, a snapshot is written and the directory is released. The KPI platform is kept as
 * the ledger's read model, its targets scaled by the directory's {@code pilot.properties}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP JSON API (/v1, /openapi.yaml, /docs, /health, /metrics) on a data directory.",
            "Create API tokens first with 'tongbao token create'. Stop with Ctrl-C or SIGTERM (graceful)."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The data directory (created when new).")
    private Path data;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free port; default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Override
    public Integer call() throws InterruptedException {
        final ApiServer server = ApiServer.start(ApiConfig.defaults(data).withHost(host).withPort(port));
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
                : "KPI targets for the whole city"));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
