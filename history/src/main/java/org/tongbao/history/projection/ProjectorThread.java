package org.tongbao.history.projection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.tongbao.engine.Checks;

/**
 * Runs a {@link HistoryProjector} on a thread of its own, beside a server: the sequencer's
 * batch listener calls {@link #durable} after each batch (cheap: a volatile write and a
 * signal, so the engine never waits), and the thread projects up to that batch, or polls the
 * files every {@code pollMs} when nobody signals. Fail-stop: an SQL or journal error ends the
 * thread, keeps the message in {@link #failure()} for {@code /health}, and the lag grows until
 * the server is restarted (which resumes from the stored position).
 *
 * <p>{@link #durable}, {@link #lagBatches()} and {@link #failure()}: any thread.
 */
public final class ProjectorThread implements AutoCloseable {
    private final HistoryProjector projector;
    private final long pollMs;
    private final boolean limitToDurable;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private final Thread thread;
    private volatile long durableSequence;
    private volatile boolean running = true;
    private volatile String failure;
    private boolean pending;

    /**
     * {@code limitToDurable}: true beside a server, which calls {@link #durable}; false to
     * project whatever the journal files hold (a history process of its own).
     */
    public ProjectorThread(final HistoryProjector projector, final long pollMs, final boolean limitToDurable) {
        Checks.checkArgument(pollMs > 0, "pollMs must be positive");
        this.projector = projector;
        this.pollMs = pollMs;
        this.limitToDurable = limitToDurable;
        this.durableSequence = projector.committedSequence();
        this.thread = Thread.ofPlatform().name("history-projector").daemon(true).unstarted(this::run);
    }

    public ProjectorThread start() {
        thread.start();
        return this;
    }

    /** Batch {@code sequence} is durable: project up to it. From the sequencer thread; does not block on SQL. */
    public void durable(final long sequence) {
        if (sequence > durableSequence) {
            durableSequence = sequence;
        }
        if (lock.tryLock()) {
            try {
                pending = true;
                signalled.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The last batch committed to the history. */
    public long projectedSequence() {
        return projector.committedSequence();
    }

    /** Durable batches not yet in the history (0 when the projector has not been told of any). */
    public long lagBatches() {
        return Math.max(0, durableSequence - projector.committedSequence());
    }

    /** Why the projection stopped, or null while it runs. */
    public String failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                final long projected = projector.projectAvailable(limitToDurable ? durableSequence : Long.MAX_VALUE);
                if (!limitToDurable && projector.committedSequence() > durableSequence) {
                    durableSequence = projector.committedSequence();
                }
                if (projected == 0) {
                    awaitSignal();
                }
            }
        } catch (final RuntimeException e) {
            failure = e.getMessage();
            System.getLogger(ProjectorThread.class.getName()).log(System.Logger.Level.ERROR,
                    "history projection stopped: " + e.getMessage(), e);
        }
    }

    private void awaitSignal() {
        lock.lock();
        try {
            if (!pending) {
                signalled.await(pollMs, TimeUnit.MILLISECONDS);
            }
            pending = false;
        } catch (final InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the transaction in progress (committed or rolled back) and closes the projector. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        lock.lock();
        try {
            pending = true;
            signalled.signal();
        } finally {
            lock.unlock();
        }
        thread.join();
        projector.close();
    }
}
