package org.tongbao.server.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;

/**
 * The API's way into the durable ledger: submits blocks of commands through the group-commit
 * sequencer and waits for their durable outcome, and runs reads on the ledger thread between
 * batches (so a read sees everything a caller was told is done). Keeps the read models the
 * ledger's own views lack ({@link RecentTransfers}, {@link TermsIndex}) from every committed
 * batch. A full queue, a stopped sequencer or a reply that takes too long become problem
 * responses (503, 503, 504), never a hang. Thread-safe: call from any request thread.
 */
public final class LedgerGateway implements AutoCloseable {
    private final DurableLedger durable;
    private final Sequencer sequencer;
    private final Metrics metrics;
    private final long replyTimeoutMs;
    final RecentTransfers recent;
    final TermsIndex terms = new TermsIndex();
    private volatile Head head;

    /** The journal's head: last durable batch, its time and chain hash. */
    public record Head(long sequence, long timestampMs, byte[] hash) {
    }

    private LedgerGateway(final ApiConfig config, final Metrics metrics) {
        this.metrics = metrics;
        this.replyTimeoutMs = config.replyTimeoutMs();
        this.recent = new RecentTransfers(config.recentTransfers());
        final Ledger[] ledger = new Ledger[1];
        this.durable = DurableLedger.open(new DataDirectory(config.data()), config.ledger(), System::currentTimeMillis,
                new DurableLedger.Options(config.queueCapacity(), JournalWriter.SEGMENT_BYTES_DEFAULT, 100_000, true,
                        10 * 60_000L),
                (sequence, timestampMs, batch, outcome, hash) ->
                        batchCommitted(ledger[0], sequence, timestampMs, batch, outcome, hash));
        ledger[0] = durable.recovered().ledger();
        this.sequencer = durable.sequencer();
        this.head = new Head(durable.recovered().journal().lastSequence(), ledger[0].timestampMs(),
                durable.recovered().journal().headHash());
        final int batchMax = ledger[0].config().batchMax();
        read(l -> {
            terms.scan(new DataDirectory(config.data()).journal(), batchMax, l.timestampMs());
            return null;
        });
    }

    /** Opens (recovering) the ledger in the configured data directory. */
    public static LedgerGateway open(final ApiConfig config, final Metrics metrics) {
        return new LedgerGateway(config, metrics);
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

    public Head head() {
        return head;
    }

    /** Finishes what is queued, snapshots, closes the journal and releases the data directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        durable.close();
    }

    private void batchCommitted(final Ledger ledger, final long sequence, final long timestampMs,
                                final CommandBatch batch, final BatchOutcome outcome, final byte[] hash) {
        recent.record(ledger, sequence, timestampMs, outcome);
        terms.batchCommitted(timestampMs, batch, outcome);
        int rejected = 0;
        for (int i = 0; i < batch.count(); i++) {
            if (outcome.resultNumber(i) != ResultCode.OK.number()) {
                rejected++;
            }
        }
        metrics.batches.increment();
        metrics.commands.add(batch.count());
        metrics.commandsRejected.add(rejected);
        head = new Head(sequence, timestampMs, hash.clone());
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
