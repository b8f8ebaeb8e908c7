package org.tongbao.durability.sequencer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.command.CommandBatch;

/**
 * Group commit, pipelined. Callers on any thread {@link #submit} blocks of commands; the
 * sequencer thread gathers whatever arrived while the previous batch was being applied (up to
 * the ledger's batch maximum, never splitting a block), stamps the batch with the clock, writes
 * it to the journal and applies it to the ledger, then hands the batch's answers to the syncer
 * thread and goes on with the next batch. The syncer fsyncs the journal once for every batch
 * handed over since its last sync, and only then answers their callers. So an answer means
 * durable, one fsync serves one batch or more, and the disk's sync time overlaps the next
 * batch's work instead of adding to it:
 *
 * <pre>
 *   sequencer  | gather+write+apply N | gather+write+apply N+1 | ...
 *   syncer     |                      | fsync, answer N  |     | fsync, answer N+1 ...
 * </pre>
 *
 * The hand-off holds {@value #HANDOFF_DEPTH} entries (batches and query answers); the sequencer
 * waits when it is full. So at most 2 × {@value #HANDOFF_DEPTH} + 1 batches are applied but not
 * yet durable: those the syncer took for its current sync, those waiting in the hand-off, and
 * the one being applied. Answers to {@link #query} go through the syncer too, in order, so a
 * reader never sees a batch before it is durable.
 *
 * <p>Fail-stop: if the journal cannot be written or synced, every waiting and later caller
 * gets the failure and the sequencer stops; the ledger is recovered from disk on restart.
 *
 * <p>The ledger belongs to the sequencer thread while it runs; read it only via
 * {@link #query}, or after {@link #close}.
 */
public final class Sequencer implements AutoCloseable {
    /** What a caller gets back for one submitted block: a result per command, in order. */
    public record Reply(long sequence, int[] results, boolean[] replayed, Throwable failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** Told of each batch twice: once applied (ledger state is the batch's), once durable. */
    public interface BatchListener {
        /**
         * On the sequencer thread right after the batch is written and applied, before the next
         * one and before it is durable: the ledger's state is exactly the batch's, so read
         * models (KPI, recent movements) that read it are fed here. Nothing here may be shown
         * to anyone before {@link #batchDurable} of the same batch.
         */
        void batchApplied(long sequence, long timestampMs, CommandBatch batch, BatchOutcome outcome, byte[] headHash);

        /**
         * On the syncer thread once the batch is on disk, before its callers are answered: the
         * place to publish a durable head (journal head hash, history's readable position).
         */
        default void batchDurable(final long sequence, final long timestampMs, final byte[] headHash) {
        }
    }

    /** Either a block of commands to commit, or a task to run on the sequencer thread. */
    private record Submission(CommandBatch commands, long timestampMs, CompletableFuture<Reply> reply, Runnable task,
                              Consumer<Throwable> onFailure) {
        static Submission commands(final CommandBatch commands, final long timestampMs,
                                   final CompletableFuture<Reply> reply) {
            return new Submission(commands, timestampMs, reply, null,
                    cause -> reply.complete(new Reply(0, null, null, cause)));
        }

        /** A timed block forms a batch of its own, stamped with its time. */
        boolean timed() {
            return timestampMs != UNTIMED;
        }
    }

    /**
     * Work for the syncer: answers to release once the journal is synced ({@code journaled}:
     * this batch needs the sync; a query's answer only needs the batches before it synced).
     */
    private record Durable(boolean journaled, Runnable release, Consumer<Throwable> onFailure) {
    }

    private static final long UNTIMED = Long.MIN_VALUE;
    /** Entries (batches' answers, queries' answers) waiting for the syncer: how far the sequencer runs ahead of the disk. */
    static final int HANDOFF_DEPTH = 4;
    private static final Durable STOP = new Durable(false, () -> { }, cause -> { });

    private final Ledger ledger;
    private final JournalWriter journal;
    private final LongSupplier clockMs;
    private final BatchListener listener;
    private final BlockingQueue<Submission> queue;
    private final Thread thread;
    private final BlockingQueue<Durable> handoff = new ArrayBlockingQueue<>(HANDOFF_DEPTH);
    private final Thread syncer;
    private final CommandBatch batch;
    private final BatchOutcome outcome;
    private final List<Submission> inBatch = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;

    public Sequencer(final Ledger ledger, final JournalWriter journal, final LongSupplier clockMs, final int queueCapacity,
                     final BatchListener listener) {
        Checks.checkArgument(journal.lastSequence() == ledger.sequence(), "journal and ledger must be at the same batch");
        this.ledger = ledger;
        this.journal = journal;
        this.clockMs = clockMs;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batch = new CommandBatch(ledger.config().batchMax());
        this.outcome = new BatchOutcome(ledger.config().batchMax());
        this.thread = new Thread(this::run, "tongbao-sequencer");
        this.syncer = new Thread(this::syncLoop, "tongbao-syncer");
        this.syncer.start();
        this.thread.start();
    }

    /**
     * Queues a block of at most a batch of commands; the future completes once the block's
     * batch is durable. The caller must not touch {@code commands} until then. Returns null
     * when the queue is full (overload: the caller should back off and retry).
     */
    public CompletableFuture<Reply> submit(final CommandBatch commands) {
        checkBlock(commands);
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        final Submission submission = Submission.commands(commands, UNTIMED, reply);
        return refuseIfStopped(submission) || afterOffer(submission, queue.offer(submission)) ? reply : null;
    }

    /** Like {@link #submit} but waits up to {@code timeoutMs} for room in the queue; null on timeout. */
    public CompletableFuture<Reply> submit(final CommandBatch commands, final long timeoutMs) throws InterruptedException {
        return offer(commands, UNTIMED, timeoutMs);
    }

    /**
     * Like {@link #submit(CommandBatch, long)}, for replayable generators (the simulator): the
     * block forms a batch of its own, stamped {@code timestampMs} (or the last batch's time, if
     * later) instead of the clock. Batch boundaries and times then depend only on what was
     * submitted, not on timing, so the same blocks give the same journal and head hash.
     */
    public CompletableFuture<Reply> submitAt(final CommandBatch commands, final long timestampMs, final long timeoutMs)
            throws InterruptedException {
        Checks.checkArgument(timestampMs != UNTIMED, "a timed block needs a timestamp");
        return offer(commands, timestampMs, timeoutMs);
    }

    private CompletableFuture<Reply> offer(final CommandBatch commands, final long timestampMs, final long timeoutMs)
            throws InterruptedException {
        checkBlock(commands);
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        final Submission submission = Submission.commands(commands, timestampMs, reply);
        return refuseIfStopped(submission)
                || afterOffer(submission, queue.offer(submission, timeoutMs, TimeUnit.MILLISECONDS)) ? reply : null;
    }

    private void checkBlock(final CommandBatch commands) {
        if (commands.count() == 0 || commands.count() > batch.capacity()) {
            throw new IllegalArgumentException("a submitted block holds 1 to " + batch.capacity() + " commands, not "
                    + commands.count());
        }
    }

    /** Answers the submission with the stop's failure when the sequencer no longer runs; true if it did. */
    private boolean refuseIfStopped(final Submission submission) {
        if (failure != null || !running) {
            submission.onFailure().accept(stoppedFailure());
            return true;
        }
        return false;
    }

    /**
     * Runs {@code read} on the sequencer thread between batches: the safe way to look at the
     * ledger while running. The answer is released once every batch before it is durable.
     */
    public <T> CompletableFuture<T> query(final Function<Ledger, T> read) throws InterruptedException {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final Submission submission = new Submission(null, UNTIMED, null, () -> {
            Runnable release;
            try {
                final T value = read.apply(ledger);
                release = () -> result.complete(value);
            } catch (final RuntimeException e) {
                release = () -> result.completeExceptionally(e);
            }
            handOver(new Durable(false, release, result::completeExceptionally));
        }, result::completeExceptionally);
        if (!refuseIfStopped(submission)) {
            queue.put(submission);
            afterOffer(submission, true);
        }
        return result;
    }

    /**
     * Closes the race with a stop: a submission queued just as the sequencer thread exited
     * would wait forever, so the submitter takes it back and fails it (or {@link #close} does).
     */
    private boolean afterOffer(final Submission submission, final boolean queued) {
        if (queued && !running && queue.remove(submission)) {
            submission.onFailure().accept(stoppedFailure());
        }
        return queued;
    }

    /** Stops after the batches already queued are durable and answered. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        syncer.join();
        Submission left;
        while ((left = queue.poll()) != null) {
            left.onFailure().accept(stoppedFailure());
        }
    }

    private Throwable stoppedFailure() {
        return failure != null ? failure : new IllegalStateException("the sequencer is stopped");
    }

    private void run() {
        try {
            while (failure == null && (running || !queue.isEmpty())) {
                final Submission first = queue.poll(10, TimeUnit.MILLISECONDS);
                if (first != null) {
                    if (first.task() != null) {
                        first.task().run();
                    } else {
                        commit(first);
                    }
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failAll(e);
        } catch (final IOException | RuntimeException | Error e) {
            failAll(e);
        } finally {
            stopSyncer();
            if (failure != null) {
                failAll(failure);
            }
        }
    }

    private void commit(final Submission first) throws IOException {
        batch.clear();
        inBatch.clear();
        add(first);
        Submission next;
        while (!first.timed() && (next = queue.peek()) != null && next.task() == null && !next.timed()
                && batch.count() + next.commands().count() <= batch.capacity()) {
            add(queue.poll());
        }
        final long sequence = ledger.sequence() + 1;
        final long timestampMs = Math.max(ledger.timestampMs(), first.timed() ? first.timestampMs() : clockMs.getAsLong());
        final byte[] head = journal.append(sequence, timestampMs, batch);
        ledger.apply(sequence, timestampMs, batch, outcome);
        if (listener != null) {
            listener.batchApplied(sequence, timestampMs, batch, outcome, head);
        }
        final List<Submission> answered = List.copyOf(inBatch);
        final Reply[] replies = new Reply[answered.size()];
        int index = 0;
        for (int s = 0; s < replies.length; s++) {
            final int count = answered.get(s).commands().count();
            final int[] results = new int[count];
            final boolean[] replayed = new boolean[count];
            for (int i = 0; i < count; i++) {
                results[i] = outcome.resultNumber(index + i);
                replayed[i] = outcome.replayed(index + i);
            }
            index += count;
            replies[s] = new Reply(sequence, results, replayed, null);
        }
        inBatch.clear();
        handOver(new Durable(true, () -> {
            if (listener != null) {
                listener.batchDurable(sequence, timestampMs, head);
            }
            for (int s = 0; s < replies.length; s++) {
                answered.get(s).reply().complete(replies[s]);
            }
        }, cause -> answered.forEach(submission -> submission.onFailure().accept(cause))));
    }

    /**
     * Passes answers to the syncer, waiting while {@value #HANDOFF_DEPTH} are ahead of them.
     * If the syncer has failed meanwhile, the answers get its failure instead.
     */
    private void handOver(final Durable durable) {
        try {
            while (!handoff.offer(durable, 10, TimeUnit.MILLISECONDS)) {
                if (failure != null) {
                    durable.onFailure().accept(failure);
                    return;
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            durable.onFailure().accept(e);
        }
    }

    /**
     * The syncer: takes whatever answers were handed over, syncs the journal once if any of
     * them is a batch, then releases them in order. A failed sync fails them and every
     * later caller: their batches were applied in memory but may not be on disk.
     */
    private void syncLoop() {
        final List<Durable> group = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                group.add(handoff.take());
                handoff.drainTo(group);
                boolean journaled = false;
                for (final Durable durable : group) {
                    journaled |= durable.journaled();
                    stopping |= durable == STOP;
                }
                if (journaled) {
                    journal.sync();
                }
                for (final Durable durable : group) {
                    durable.release().run();
                }
                group.clear();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            syncFailed(group, e);
        } catch (final IOException | RuntimeException | Error e) {
            syncFailed(group, e);
        }
    }

    private void syncFailed(final List<Durable> group, final Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        running = false;
        for (final Durable durable : group) {
            durable.onFailure().accept(cause);
        }
        Durable left;
        while ((left = handoff.poll()) != null) {
            left.onFailure().accept(cause);
        }
    }

    /**
     * After the sequencer's last batch: lets the syncer finish what was handed over and stop;
     * whatever it did not release (it failed) gets the failure.
     */
    private void stopSyncer() {
        try {
            boolean handed = false;
            while (!handed && syncer.isAlive()) {
                handed = handoff.offer(STOP, 10, TimeUnit.MILLISECONDS);
            }
            syncer.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failAll(e);
        }
        Durable left;
        while ((left = handoff.poll()) != null) {
            left.onFailure().accept(stoppedFailure());
        }
    }

    private void add(final Submission submission) {
        final CommandBatch commands = submission.commands();
        for (int i = 0; i < commands.count(); i++) {
            batch.appendFrom(commands, i);
        }
        inBatch.add(submission);
    }

    private void failAll(final Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        running = false;
        for (final Submission submission : inBatch) {
            submission.onFailure().accept(cause);
        }
        Submission left;
        while ((left = queue.poll()) != null) {
            left.onFailure().accept(cause);
        }
    }
}
