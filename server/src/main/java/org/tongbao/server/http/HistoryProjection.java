package org.tongbao.server.http;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import org.tongbao.durability.DataDirectory;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.projection.ProjectorThread;
import org.tongbao.history.query.HistoryQueries;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * The transaction history beside the server: the SQL database (migrated at start), the read
 * connections the history routes query, and the projection that follows the journal on threads
 * of its own.
 *
 * <p>The engine never waits for it. Opening the projector rebuilds its ledger (from a snapshot or
 * genesis), which can take seconds on a long journal, so it opens on a thread of its own; until
 * then, and after a projection failure, the routes answer from what the database holds and say
 * how far it goes ({@link #projectedSequence}). The sequencer's batch listener calls
 * {@link #durable} after every batch: a volatile write, and a signal once the projector runs.
 *
 * <p>{@link #durable}, {@link #projectedSequence}, {@link #lagBatches}, {@link #failure} and
 * {@link #queries}: any thread. {@link #close}: once, after the ledger has closed.
 */
final class HistoryProjection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("tongbao.history");
    /** How often the projector looks at the journal files when no batch signals it. */
    static final long POLL_MS = 200;

    /** Where the projection stands, for {@code /health}. */
    enum State {
        /** Rebuilding the projector's ledger at the stored position. */
        OPENING,
        /** Following the durable head. */
        FOLLOWING,
        /** Stopped by an error (see {@link #failure}); queries answer from what is stored. */
        FAILED
    }

    private final HistoryLocation location;
    private final HistoryQueries queries;
    private final long storedSequence;
    private final Thread opener;
    private volatile ProjectorThread projector;
    private final AtomicLong durableSequence = new AtomicLong();
    private volatile String openFailure;

    private HistoryProjection(final DataDirectory data, final HistoryLocation location, final long headSequence) {
        this.location = location;
        final HistoryDatabase database = HistoryDatabase.open(location);
        this.queries = new HistoryQueries(database, HistoryQueries.CONNECTIONS_DEFAULT);
        try {
            this.storedSequence = queries.projectedSequence();
        } catch (final RuntimeException e) {
            queries.close();
            throw e;
        }
        this.durableSequence.set(headSequence);
        this.opener = Thread.ofPlatform().name("history-open").daemon(true).unstarted(() -> openProjector(data, database));
    }

    /**
     * Opens the database at {@code location} (running its migrations) and starts the projection
     * of {@code data}'s journal, whose durable head is {@code headSequence}. Fails when the
     * database cannot be reached or migrated; the projector itself opens in the background.
     */
    static HistoryProjection start(final DataDirectory data, final HistoryLocation location, final long headSequence) {
        final HistoryProjection history = new HistoryProjection(data, location, headSequence);
        history.opener.start();
        return history;
    }

    private void openProjector(final DataDirectory data, final HistoryDatabase database) {
        try {
            final ProjectorThread thread = new ProjectorThread(HistoryProjector.open(data, database,
                    HistoryProjector.Options.defaults()), POLL_MS, true).start();
            projector = thread;
            thread.durable(durableSequence.get());
            LOG.log(Level.INFO, "history projection into " + location + " resumed after batch " + storedSequence);
        } catch (final RuntimeException e) {
            openFailure = e.getMessage();
            LOG.log(Level.ERROR, "the history projection into " + location + " could not start: " + e.getMessage(), e);
        }
    }

    /** Batch {@code sequence} is durable. From the sequencer thread; never blocks. */
    void durable(final long sequence) {
        durableSequence.accumulateAndGet(sequence, Math::max);
        final ProjectorThread running = projector;
        if (running != null) {
            running.durable(sequence);
        }
    }

    HistoryQueries queries() {
        return queries;
    }

    HistoryLocation location() {
        return location;
    }

    /** The last batch whose rows are committed to the history. */
    long projectedSequence() {
        final ProjectorThread running = projector;
        return running == null ? storedSequence : running.projectedSequence();
    }

    /** Durable batches not yet in the history. */
    long lagBatches() {
        return Math.max(0, durableSequence.get() - projectedSequence());
    }

    /** Why the projection stopped (or never started), or null. */
    String failure() {
        final ProjectorThread running = projector;
        return running == null ? openFailure : running.failure();
    }

    State state() {
        if (failure() != null) {
            return State.FAILED;
        }
        return projector == null ? State.OPENING : State.FOLLOWING;
    }

    /** Waits for the projector to open, stops it after its transaction in progress, closes the read connections. */
    @Override
    public void close() throws InterruptedException {
        opener.join();
        final ProjectorThread running = projector;
        if (running != null) {
            running.close();
        }
        queries.close();
    }
}
