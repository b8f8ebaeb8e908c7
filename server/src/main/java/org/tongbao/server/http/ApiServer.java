package org.tongbao.server.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.tongbao.kpi.alert.AlertWebhook;
import org.tongbao.server.http.auth.Authenticator;
import org.tongbao.server.http.auth.FailedAttempts;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;
import org.tongbao.server.http.auth.TokenStore;

/**
 * The HTTP API: opens the durable ledger in the data directory, registers every route of
 * every feature on Javalin (Jetty, virtual threads), and stops gracefully. Each route goes
 * through one wrapper that refuses new work while draining or over the in-flight limit (503
 * with Retry-After), authenticates the bearer token, admits only the route's roles (403), and
 * counts the request; every refusal and error leaves as an RFC 9457 problem document written
 * in one place ({@link #problem}).
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from one thread; requests on Jetty's.
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("tongbao.http");
    private static final Set<Role> PUBLIC = Collections.unmodifiableSet(EnumSet.noneOf(Role.class));

    private final ApiConfig config;
    private final Metrics metrics = new Metrics();
    private final LedgerGateway ledger;
    private final Authenticator authenticator;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final Javalin app;
    private volatile boolean draining;
    private final ApiContext api;
    private ScheduledExecutorService alertChecks;
    private AlertWebhook alertWebhook;

    private ApiServer(final ApiConfig config, final LongSupplier ledgerClockMs) {
        this.config = config;
        this.ledger = LedgerGateway.open(config, metrics, ledgerClockMs);
        ledger.kpiWarnings().forEach(warning -> LOG.log(Level.WARNING, warning));
        this.authenticator = new Authenticator(new TokenStore(config.data()),
                new FailedAttempts(config.authFailuresMax(), config.authWindowMs(), 10_000), System::currentTimeMillis);
        final ApiContext api = new ApiContext(config, ledger, metrics);
        this.api = api;
        final OpenApiDocument document = OpenApiDocument.load();
        this.app = Javalin.create(javalin -> configure(javalin, api, document));
    }

    /** Opens the ledger and starts listening; returns once the port is bound. Batches are stamped by the wall clock. */
    public static ApiServer start(final ApiConfig config) {
        return start(config, System::currentTimeMillis);
    }

    /**
     * As {@link #start(ApiConfig)}, with batches stamped by {@code ledgerClockMs} (the demo passes
     * a clock that stays in the simulated year, so requests join the simulated days).
     */
    public static ApiServer start(final ApiConfig config, final LongSupplier ledgerClockMs) {
        final ApiServer server = new ApiServer(config, ledgerClockMs);
        try {
            server.app.start(config.host(), config.port());
        } catch (final RuntimeException e) {
            server.closeLedger();
            throw e;
        }
        LOG.log(Level.INFO, "Tongbao API listening on http://{0}:{1} (data {2})", config.host(),
                String.valueOf(server.port()), config.data());
        return server;
    }

    public int port() {
        return app.port();
    }

    /** The ledger and the read models behind the API (the demo submits its live traffic here). */
    public LedgerGateway ledger() {
        return ledger;
    }

    /** Every registered route as {@code METHOD /path/{param}}. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /**
     * POSTs every alert to {@code webhook} as it is raised: by a check of the alert rules every
     * {@code checkEveryMs} and by any check a client asks for (GET /v1/kpi/alerts). Delivery
     * runs on the webhook's own thread, with retries, from a bounded queue.
     */
    public synchronized void sendAlertsTo(final AlertWebhook webhook, final long checkEveryMs) {
        this.alertWebhook = webhook;
        ledger.alertWebhook(webhook);
        alertChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "tongbao-alert-checks");
            thread.setDaemon(true);
            return thread;
        });
        alertChecks.scheduleWithFixedDelay(() -> {
            try {
                KpiRoutes.checkAlerts(api);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "alert check failed: " + e.getMessage());
            }
        }, checkEveryMs, checkEveryMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Graceful stop: refuse new requests (503), wait up to the drain timeout for those in
     * flight to be answered, stop the HTTP server, then let the sequencer finish what is queued,
     * snapshot and release the data directory.
     */
    @Override
    public void close() {
        draining = true;
        stopAlerts();
        final long deadlineNs = System.nanoTime() + config.drainTimeoutMs() * 1_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadlineNs) {
            try {
                Thread.sleep(5);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
        closeLedger();
        LOG.log(Level.INFO, "Tongbao API stopped; ledger snapshotted and closed");
    }

    private synchronized void stopAlerts() {
        if (alertChecks == null) {
            return;
        }
        alertChecks.shutdownNow();
        try {
            alertWebhook.close(2_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeLedger() {
        try {
            ledger.close();
        } catch (final Exception e) {
            LOG.log(Level.ERROR, "closing the ledger failed: " + e.getMessage(), e);
        }
    }

    private void configure(final JavalinConfig javalin, final ApiContext api, final OpenApiDocument document) {
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        javalin.concurrency.useVirtualThreads = true;
        javalin.http.maxRequestSize = config.bodyBytesMax();
        javalin.events.handlerAdded(info -> routes.add(info.getHttpMethod().name() + " " + info.getPath()));
        javalin.requestLogger.http((ctx, ms) -> {
            final String route = ctx.attribute(ApiContext.ROUTE);
            metrics.request(ctx.method().name(), route == null ? "unmatched" : route, ctx.statusCode(),
                    (long) (ms * 1_000_000L));
        });
        javalin.routes.exception(ProblemException.class, (e, ctx) -> problem(ctx, e.problem()));
        javalin.routes.exception(Authenticator.RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            Json.writeProblem(ctx, Problem.of(429, "too-many-failed-attempts", "Too many failed attempts",
                    "Too many failed authentication attempts from this address; wait " + e.retryAfterSeconds()
                            + " s before trying again.", null));
        });
        javalin.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus() == 413
                ? Json.tooLarge(config.bodyBytesMax()).problem()
                : Problem.of(e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage(), null)));
        javalin.routes.exception(Exception.class, (e, ctx) -> {
            LOG.log(Level.ERROR, "unexpected error in " + ctx.method() + " " + ctx.path(), e);
            problem(ctx, Problem.of(500, "internal-error", "Internal error",
                    "The server failed unexpectedly; nothing about this request is known to be applied."
                            + " Retry with the same id to learn its outcome.", null));
        });
        javalin.routes.error(404, ctx -> {
            if (ctx.attribute(ApiContext.ROUTE) == null) {
                Json.writeProblem(ctx, Problem.of(404, "no-such-route", "No such route",
                        "No route " + ctx.method() + " " + ctx.path() + "; see /openapi.yaml for the API.", null));
            }
        });
        final RouteTable table = new RouteTable(javalin);
        SystemRoutes.register(table, api, document, inFlight);
        AccountRoutes.register(table, api);
        TransferRoutes.register(table, api);
        CampaignRoutes.register(table, api);
        EscrowRoutes.register(table, api);
        LoanRoutes.register(table, api);
        LoanApplicationRoutes.register(table, api);
        JournalRoutes.register(table, api);
        KpiRoutes.register(table, api);
        FintechRoutes.register(table, api);
        HistoryRoutes.register(table, api);
        DashboardRoutes.register(table);
    }

    private void problem(final io.javalin.http.Context ctx, final Problem problem) {
        if (problem.status() == 503 && !problem.type().equals(Problem.typeOf(HistoryRoutes.HISTORY_OFF))) {
            ctx.header("Retry-After", "1");
        }
        if (problem.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"tongbao\"");
            metrics.authenticationFailures.increment();
        }
        Json.writeProblem(ctx, problem);
    }

    /** Registers routes through the one wrapper: draining and in-flight limits, authentication, roles. */
    final class RouteTable {
        private final JavalinConfig javalin;

        RouteTable(final JavalinConfig javalin) {
            this.javalin = javalin;
        }

        /** A route anyone may call (health, the API document). */
        void publicGet(final String path, final Handler handler) {
            javalin.routes.get(path, wrap(path, PUBLIC, handler));
        }

        void get(final String path, final Handler handler, final Role... roles) {
            javalin.routes.get(path, wrap(path, roles(roles), handler));
        }

        void post(final String path, final Handler handler, final Role... roles) {
            javalin.routes.post(path, wrap(path, roles(roles), handler));
        }

        private Set<Role> roles(final Role... roles) {
            if (roles.length == 0) {
                throw new IllegalArgumentException("a non-public route must admit at least one role");
            }
            return EnumSet.of(roles[0], roles);
        }

        private Handler wrap(final String route, final Set<Role> roles, final Handler handler) {
            return ctx -> {
                ctx.attribute(ApiContext.ROUTE, route);
                if (draining) {
                    metrics.overloaded.increment();
                    throw LedgerGateway.overloaded("The server is shutting down.");
                }
                if (inFlight.incrementAndGet() > config.inFlightMax()) {
                    inFlight.decrementAndGet();
                    metrics.overloaded.increment();
                    throw LedgerGateway.overloaded("The server is handling as many requests as it may.");
                }
                try {
                    if (!roles.isEmpty()) {
                        final Principal principal = authenticator.authenticate(ctx.header("Authorization"), ctx.ip());
                        ctx.attribute(ApiContext.PRINCIPAL, principal);
                        if (!roles.contains(principal.role())) {
                            SecurityLog.denied(principal, ctx.method().name(), ctx.path(), "role not admitted");
                            metrics.denied.increment();
                            throw Problem.of(403, "forbidden", "Forbidden", "A " + principal.role().label()
                                    + " token may not use " + ctx.method() + " " + route + ".", null).exception();
                        }
                    }
                    handler.handle(ctx);
                } finally {
                    inFlight.decrementAndGet();
                }
            };
        }
    }
}
