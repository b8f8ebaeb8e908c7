package org.tongbao.server.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.alert.Alert;
import org.tongbao.kpi.alert.AlertWebhook;
import org.tongbao.kpi.PilotProperties;
import org.tongbao.kpi.TargetsFile;
import org.tongbao.kpi.durable.KpiReadModel;
import org.tongbao.kpi.registry.FintechRegistry;
import org.tongbao.server.http.auth.AccountOwner;

/**
 * The API's way into the durable ledger: submits blocks of commands through the group-commit
 * sequencer and waits for their durable outcome, and runs reads on the ledger thread between
 * batches (so a read sees everything a caller was told is done). Keeps the read models the
 * ledger's own views lack ({@link RecentTransfers}, {@link TermsIndex}) from every committed
 * batch, and the KPI platform as the durable ledger's read model (recovered with the ledger,
 * snapshotted beside it; its aggregates change on the ledger thread, so they are read there
 * too, through {@link #read}), with the city's targets scaled to the data directory's
 * {@code pilot.properties}. With a history configured it opens the {@link HistoryProjection} after
 * the ledger and tells it of every durable batch (it never holds the ledger back). A full queue,
 * a stopped sequencer or a reply that takes too long become problem responses (503, 503, 504),
 * never a hang. Thread-safe: call from any request thread.
 */
public final class LedgerGateway implements AutoCloseable {
    private final DurableLedger durable;
    private final Sequencer sequencer;
    private final Metrics metrics;
    private final long replyTimeoutMs;
    private final LongSupplier clockMs;
    private final KpiReadModel kpi;
    private volatile AlertWebhook alertWebhook;
    private final PilotProperties pilot;
    final RecentTransfers recent;
    final TermsIndex terms = new TermsIndex();
    private final AccountOwners owners = new AccountOwners();
    private volatile Head head;
    /** The history, once open (the batch listener exists before it); null when off. */
    private volatile HistoryProjection history;

    /** The journal's head: last durable batch, its time and chain hash. */
    public record Head(long sequence, long timestampMs, byte[] hash) {
    }

    private LedgerGateway(final ApiConfig config, final Metrics metrics, final LongSupplier clockMs) {
        this.metrics = metrics;
        this.replyTimeoutMs = config.replyTimeoutMs();
        this.clockMs = clockMs;
        this.recent = new RecentTransfers(config.recentTransfers());
        this.pilot = PilotProperties.read(config.data());
        this.kpi = new KpiReadModel(pilot.apply(TargetsFile.apply(config.kpi(), config.data())), new FintechRegistry(config.data().resolve(REGISTRY_FILE)),
                true);
        final Ledger[] ledger = new Ledger[1];
        this.durable = DurableLedger.open(new DataDirectory(config.data()), config.ledger(), clockMs,
                new DurableLedger.Options(config.queueCapacity(), JournalWriter.SEGMENT_BYTES_DEFAULT, 100_000, true,
                        config.snapshotEveryMs()),
                new Sequencer.BatchListener() {
                    @Override
                    public void batchApplied(final long sequence, final long timestampMs, final CommandBatch batch,
                                             final BatchOutcome outcome, final byte[] hash) {
                        LedgerGateway.this.batchApplied(ledger[0], sequence, timestampMs, batch, outcome);
                    }

                    @Override
                    public void batchDurable(final long sequence, final long timestampMs, final byte[] hash) {
                        LedgerGateway.this.batchDurable(sequence, timestampMs, hash);
                    }
                }, kpi);
        ledger[0] = durable.recovered().ledger();
        this.sequencer = durable.sequencer();
        this.head = new Head(durable.recovered().journal().lastSequence(), ledger[0].timestampMs(),
                durable.recovered().journal().headHash());
        if (config.history() != null) {
            try {
                history = HistoryProjection.start(new DataDirectory(config.data()), config.history(), head.sequence());
                history.durable(head.sequence()); // a batch committed while it opened signalled nobody
            } catch (final RuntimeException e) {
                closeQuietly();
                throw new IllegalStateException("cannot open the transaction history in " + config.history()
                        + " ('--history none' serves without it): " + e.getMessage(), e);
            }
        }
        final int batchMax = ledger[0].config().batchMax();
        read(l -> {
            terms.scan(new DataDirectory(config.data()).journal(), batchMax, l.timestampMs());
            return null;
        });
    }

    /** The fintech registry's file in a data directory, as {@code tongbao kpi} and the simulator use it. */
    public static final java.nio.file.Path REGISTRY_FILE = java.nio.file.Path.of("kpi", "fintech-registry.tsv");

    /**
     * Opens (recovering) the ledger in the configured data directory; {@code clockMs} stamps
     * batches (a batch is never stamped before the one before it).
     */
    public static LedgerGateway open(final ApiConfig config, final Metrics metrics, final LongSupplier clockMs) {
        return new LedgerGateway(config, metrics, clockMs);
    }

    /** The KPI platform: query its aggregates only inside {@link #read}; its registry and alerts from any thread. */
    public KpiPlatform kpi() {
        return kpi.platform();
    }

    /** Where alerts go as they are raised (null: nowhere; they are still listed by the API). */
    public void alertWebhook(final AlertWebhook webhook) {
        this.alertWebhook = webhook;
    }

    /** Hands alerts just raised to the webhook, if there is one; never waits on the network. */
    public void alertsRaised(final List<Alert> raised) {
        final AlertWebhook webhook = alertWebhook;
        if (webhook != null) {
            raised.forEach(webhook::offer);
        }
    }

    /** What the data directory stands for: the whole city, or the fraction a simulation covers (targets scale by it). */
    public PilotProperties pilot() {
        return pilot;
    }

    /** What recovering the KPI aggregates met (a KPI snapshot skipped, and why). */
    public java.util.List<String> kpiWarnings() {
        return kpi.warnings();
    }

    /** The sequencer, for generators that submit their own timed blocks (the demo's live traffic). */
    public Sequencer sequencer() {
        return sequencer;
    }

    /** Now by the ledger's clock, never before the last batch's time. */
    public long nowMs() {
        return Math.max(clockMs.getAsLong(), head.timestampMs());
    }

    /** Commits {@code commands} as one block (never split across batches) and returns their outcome once durable. */
    public Sequencer.Reply submit(final CommandBatch commands) {
        final CompletableFuture<Sequencer.Reply> reply = sequencer.submit(commands);
        if (reply == null) {
            metrics.overloaded.increment();
            throw overloaded("The ledger's queue is full.");
        }
        final Sequencer.Reply done = await(reply);
        if (done.failed()) {
            throw stopped(done.failure());
        }
        return done;
    }

    /** Runs {@code read} on the ledger thread between batches and returns its result. */
    public <T> T read(final Function<Ledger, T> read) {
        try {
            return await(sequencer.query(read));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopped(e);
        }
    }

    /**
     * The owners of accounts {@code ids} (null where there is no such account), for access
     * checks: from the request thread's cache, reading only the accounts it lacks on the ledger
     * thread (in one visit).
     */
    AccountOwner[] owners(final long[] ids) {
        return owners.owners(ids, this::read);
    }

    public Head head() {
        return head;
    }

    /** The transaction history, or null when the server runs without one. */
    HistoryProjection history() {
        return history;
    }

    /**
     * Finishes what is queued, snapshots, closes the journal and releases the data directory;
     * then stops the history projection (which resumes from its stored position at the next start).
     */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            durable.close();
        } finally {
            final HistoryProjection opened = history;
            if (opened != null) {
                opened.close();
            }
        }
    }

    private void closeQuietly() {
        try {
            durable.close();
        } catch (final IOException | InterruptedException | RuntimeException e) {
            System.getLogger(LedgerGateway.class.getName()).log(System.Logger.Level.ERROR,
                    "closing the ledger after a failed start failed: " + e.getMessage(), e);
        }
    }

    private void batchApplied(final Ledger ledger, final long sequence, final long timestampMs,
                              final CommandBatch batch, final BatchOutcome outcome) {
        recent.record(ledger, sequence, timestampMs, outcome);
        terms.batchCommitted(timestampMs, batch, outcome);
        owners.opened(ledger, batch, outcome);
        int rejected = 0;
        for (int i = 0; i < batch.count(); i++) {
            if (outcome.resultNumber(i) != ResultCode.OK.number()) {
                rejected++;
            }
        }
        metrics.batches.increment();
        metrics.commands.add(batch.count());
        metrics.commandsRejected.add(rejected);
    }

    /** The batch is on disk: its head may be shown and the history may read it. */
    private void batchDurable(final long sequence, final long timestampMs, final byte[] hash) {
        head = new Head(sequence, timestampMs, hash.clone());
        final HistoryProjection following = history;
        if (following != null) {
            following.durable(sequence);
        }
    }

    private <T> T await(final CompletableFuture<T> future) {
        try {
            return future.get(replyTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopped(e);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            throw new IllegalStateException("a ledger read failed: " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            throw Problem.of(504, "outcome-unknown", "Outcome unknown",
                    "The ledger did not answer within " + replyTimeoutMs + " ms. The command may or may not be applied:"
                            + " send it again with the same id (or Idempotency-Key) to learn its outcome.", null)
                    .exception();
        }
    }

    static ProblemException overloaded(final String why) {
        return Problem.of(503, "overloaded", "Overloaded", why + " Retry after a second; nothing was applied.", null)
                .exception();
    }

    private static ProblemException stopped(final Throwable cause) {
        return Problem.of(503, "ledger-stopped", "Ledger stopped",
                "The ledger is stopping or stopped (" + cause.getMessage() + "); retry against a running server with"
                        + " the same id to learn the outcome.", null).exception();
    }
}
