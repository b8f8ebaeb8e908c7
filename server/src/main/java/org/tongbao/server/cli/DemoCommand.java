package org.tongbao.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.history.store.HistoryLocation;
import org.tongbao.server.http.ApiConfig;
import org.tongbao.server.http.ApiServer;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;
import org.tongbao.server.http.auth.TokenStore;
import org.tongbao.sim.PilotSimulator;
import org.tongbao.sim.SimulationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao demo}: a living pilot in about a minute: 2023 simulated into a fresh data
 * directory up to an autumn day, the reported-versus-simulated table, and where each target
 * stands (scaled to the simulated fraction of the city); then the HTTP API on that directory,
 * with a token for each role, while the simulator goes on with the following days at a gentle
 * rate through the server's ledger, so the KPI figures move; the transaction history is projected
 * into {@code DIR/history.db} as {@code serve} does (asynchronously: the engine never waits for
 * it), so statements and receipts answer too. Ctrl-C stops it gracefully (the
 * day under way finished, queued batches made durable, a snapshot). {@code --no-serve} stops
 * after the tables; {@code --scenario} runs the small guided scenario of the ledger's rules.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Simulate the 2023 pilot, then serve the dashboard and API.",
        description = {"Simulate Suzhou's 2023 e-CNY pilot up to an autumn day at a small scale (about a minute on",
            "two cores), journaled in a fresh data directory, show the simulated figures and the progress of",
            "every KPI target (scaled to the simulated fraction of the city), then serve the HTTP API on it",
            "with a token per role while live traffic goes on, until Ctrl-C. --no-serve stops after the",
            "tables; --scenario instead walks through the ledger's rules one by one."})
final class DemoCommand implements Callable<Integer> {
    /** The web server's start-up lines would bury the URL and tokens the demo prints; warnings still show. */
    private static final List<Logger> QUIET_LOGGERS = List.of(Logger.getLogger("org.eclipse.jetty"),
            Logger.getLogger("io.javalin"));

    static final LocalDate UNTIL_DEFAULT = LocalDate.of(2023, 10, 15);

    @Option(names = "--data", description = "A new (or empty) data directory (default: a fresh folder under tongbao-data/).")
    private Path data;

    @Option(names = "--scale", defaultValue = "0.0005",
            description = "Fraction of the city to simulate (default: ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--until", description = "Last simulated day of 2023 (default: " + "2023-10-15" + ").")
    private LocalDate until;

    @Option(names = "--seed", defaultValue = "2023", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--scenario", description = "Run the guided scenario of the ledger's rules instead of the simulation.")
    private boolean scenario;

    @Option(names = "--no-serve", description = "Stop after the tables: no server, no live traffic.")
    private boolean noServe;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port to serve on (0: any free port; default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--history", defaultValue = "sqlite", paramLabel = "sqlite|none|postgresql://...",
            description = {"Where the served pilot's transaction history is projected, as for serve: sqlite",
                "(default: DIR/history.db), none, a SQLite file path, or postgresql://host:port/db?user=...&password=..."})
    private String history;

    @Option(names = "--live-rate", defaultValue = "300", paramLabel = "N",
            description = "Live traffic while serving, in commands per second (default: ${DEFAULT-VALUE}; 0: none).")
    private int liveRate;

    @Override
    public Integer call() throws Exception {
        final Path directory = data != null ? data : Path.of("tongbao-data", "demo-" + System.currentTimeMillis());
        SimulateCommand.requireEmpty(directory);
        if (scenario) {
            return new DemoScenario(System.out, directory).run() ? 0 : 1;
        }
        if (liveRate < 0) {
            throw new IllegalArgumentException("--live-rate must be 0 (none) or more");
        }
        final LocalDate last = until != null ? until : UNTIL_DEFAULT;
        System.out.printf("Simulating Suzhou's 2023 e-CNY pilot from 1 January to %s at scale %s into %s%n", last, scale,
                directory);
        final PilotSimulator simulator = new PilotSimulator(new PilotSimulator.Options(2023, last, scale, seed));
        final SimulationReport report = simulator.run(directory, new SimulateCommand.ProgressBar(System.err,
                "simulating 2023"));
        report.printTable(System.out);
        System.out.printf("%nWhere the city's targets stand on %s:%n", last);
        new CommandLine(new TongbaoCommand()).execute("kpi", "--data", directory.toString(), "--as-of", last.toString());
        if (noServe) {
            System.out.printf("%nNext: ./tongbao kpi --data %s --by district    (which districts lag)%n", directory);
            System.out.printf("      ./tongbao verify --data %s               (audit the journal)%n", directory);
            System.out.printf("      ./tongbao serve --data %s                (the HTTP API on it)%n", directory);
            return 0;
        }
        return serve(directory, simulator);
    }

    /** Serves the data directory with live traffic until the process is asked to stop. */
    private int serve(final Path directory, final PilotSimulator simulator) throws InterruptedException {
        // Batches are stamped with the simulated days: the clock never moves past the last batch's time.
        QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
        // The history projects the simulated year on threads of its own: the server answers at once,
        // and statements fill in as the projection catches up with the journal.
        final HistoryLocation location = ServeCommand.historyLocation(history, directory);
        final ApiServer server = ApiServer.start(ApiConfig.defaults(directory).withHost(host).withPort(port)
                .withSnapshotEveryMs(ShanghaiCalendar.DAY_MS).withHistory(location), () -> 0L);
        final AtomicBoolean stopping = new AtomicBoolean();
        final Thread live = new Thread(() -> liveTraffic(server, simulator, stopping), "tongbao-live");
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("tongbao demo: stopping (finishing the simulated day, requests in flight, snapshotting)...");
            stopping.set(true);
            try {
                live.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
            System.out.println("tongbao demo: stopped");
            System.out.flush();
            stopped.countDown();
        }, "tongbao-shutdown"));
        printWelcome(System.out, directory, server, location);
        if (liveRate > 0) {
            live.start();
        }
        stopped.await();
        return 0;
    }

    private void liveTraffic(final ApiServer server, final PilotSimulator simulator, final AtomicBoolean stopping) {
        try {
            simulator.continueLive(server.ledger().sequencer(), server.ledger().kpi(), liveRate, stopping::get,
                    (day, index, days, commands) -> System.out.printf("live: %s simulated (%,d commands so far)%n", day,
                            commands));
            if (!stopping.get()) {
                System.out.println("live: the simulated year is over; the server goes on serving");
            }
        } catch (final RuntimeException e) {
            if (!stopping.get()) {
                System.out.println("live: traffic stopped: " + e.getMessage());
            }
        }
    }

    private void printWelcome(final PrintStream out, final Path directory, final ApiServer server,
                              final HistoryLocation location) {
        final String base = "http://" + (host.equals("127.0.0.1") || host.equals("0.0.0.0") ? "localhost" : host) + ":"
                + server.port();
        final long[] merchant = server.ledger().read(ledger -> {
            for (int i = 0; i < ledger.accountCount(); i++) {
                if (AccountDescriptor.kind(ledger.accountAttributes(i)) == AccountKind.MERCHANT.number()) {
                    return new long[] {ledger.accountId(i), ledger.account(ledger.accountId(i)).operatorId()};
                }
            }
            return new long[] {0, 0};
        });
        final TokenStore tokens = new TokenStore(directory);
        out.printf("%nServing the pilot: dashboard at %s/ (sign in with the city-admin token below), API reference at"
                + " %s/docs, API base %s/v1 (%s)%n", base, base, base,
                server.ledger().pilot().scaled() ? "KPI targets scaled to " + server.ledger().pilot().label()
                        : "KPI targets for the whole city");
        out.println("Tokens (send as 'Authorization: Bearer <token>'; shown only now, stored as hashes in "
                + directory.resolve(TokenStore.FILE_NAME) + "):");
        String cityAdmin = null;
        String merchantToken = null;
        for (final Role role : new Role[] {Role.CITY_ADMIN, Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT, Role.AUDITOR}) {
            final long scope = role == Role.OPERATOR ? merchant[1] : role == Role.MERCHANT ? merchant[0] : 0;
            if (role.scoped() && scope == 0) {
                continue;
            }
            final TokenStore.Created created = tokens.create(role, scope, System.currentTimeMillis());
            SecurityLog.tokenCreated(created.record().id(), role, scope);
            out.printf("  %-13s %s%s%n", role.label(), created.token(), scope == 0 ? ""
                    : "   (" + (role == Role.OPERATOR ? "operator reserve " : "merchant wallet ") + scope + ")");
            if (role == Role.CITY_ADMIN) {
                cityAdmin = created.token();
            } else if (role == Role.MERCHANT) {
                merchantToken = created.token();
            }
        }
        out.printf("Try: curl -s -H 'Authorization: Bearer %s' %s/v1/kpi/targets%n", cityAdmin, base);
        out.printf("     curl -s -H 'Authorization: Bearer %s' '%s/v1/kpi/metrics/transaction-volume?by=district'%n",
                cityAdmin, base);
        if (location != null && merchantToken != null) {
            out.printf("     curl -s -H 'Authorization: Bearer %s' '%s/v1/accounts/%d/receipts?limit=5'%n", merchantToken,
                    base, merchant[0]);
            out.println("History: projected into " + location + " in the background (/health shows how far it is).");
        }
        out.println(liveRate > 0 ? "Live traffic: the days after " + LocalDate.ofEpochDay(ShanghaiCalendar.epochDay(
                server.ledger().nowMs())) + " at about " + liveRate + " commands a second. Ctrl-C stops cleanly."
                : "No live traffic (--live-rate 0). Ctrl-C stops cleanly.");
        out.flush();
    }
}
