package org.tongbao.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.command.CommandBatch;

/**
 * The ledger made durable, as a server runs it: locks the data directory, recovers (newest
 * snapshot + journal replay, torn tail cut), continues the journal, and commits through the
 * group-commit {@link Sequencer}. Takes a snapshot every {@code snapshotEveryBatches} batches
 * or {@code snapshotEveryMs} of batch time (whichever comes first; 0 switches either off), on
 * demand, and on a clean {@link #close}.
 *
 * <p>Thread-safety: submit through {@link #sequencer()} from any thread.
 */
public final class DurableLedger implements AutoCloseable {
    /** Settings beyond the ledger's own. */
    public record Options(int queueCapacity, long segmentBytesMax, long snapshotEveryBatches, boolean snapshotOnClose,
                          long snapshotEveryMs) {
        public Options {
            Checks.checkArgument(queueCapacity > 0, "queueCapacity must be positive");
            Checks.checkArgument(snapshotEveryBatches >= 0, "snapshotEveryBatches must be 0 (never) or more");
            Checks.checkArgument(snapshotEveryMs >= 0, "snapshotEveryMs must be 0 (never) or more");
        }

        /** Snapshots by batch count only. */
        public Options(final int queueCapacity, final long segmentBytesMax, final long snapshotEveryBatches,
                       final boolean snapshotOnClose) {
            this(queueCapacity, segmentBytesMax, snapshotEveryBatches, snapshotOnClose, 0);
        }

        /** Every 100,000 batches or 10 minutes, and on a clean stop. */
        public static Options defaults() {
            return new Options(65_536, JournalWriter.SEGMENT_BYTES_DEFAULT, 100_000, true, 10 * 60_000L);
        }
    }

    private final DataDirectory data;
    private final Options options;
    private final JournalWriter journal;
    private final Sequencer sequencer;
    private final Recovery.Recovered recovered;
    private final ReadModel readModel;
    private long lastSnapshotSequence;
    /** Batch time of the last snapshot, or of the first batch since start; -1 before that batch. */
    private long lastSnapshotMs;

    private DurableLedger(final DataDirectory data, final LedgerConfig config, final LongSupplier clockMs,
                          final Options options, final Sequencer.BatchListener listener, final ReadModel readModel) {
        this.data = data;
        this.options = options;
        this.readModel = readModel;
        this.recovered = Recovery.recover(data, LedgerConfigFile.readOrCreate(data.root(), config), true, true, readModel);
        this.lastSnapshotSequence = recovered.snapshotSequence();
        this.lastSnapshotMs = -1;
        this.journal = JournalWriter.open(data.journal(), recovered.journal(), recovered.ledger().config().batchMax(),
                options.segmentBytesMax());
        this.sequencer = new Sequencer(recovered.ledger(), journal, clockMs, options.queueCapacity(),
                new Sequencer.BatchListener() {
                    @Override
                    public void batchApplied(final long sequence, final long timestampMs, final CommandBatch batch,
                                             final BatchOutcome outcome, final byte[] head) {
                        afterBatch(listener, sequence, timestampMs, batch, outcome, head);
                    }

                    @Override
                    public void batchDurable(final long sequence, final long timestampMs, final byte[] head) {
                        if (listener != null) {
                            listener.batchDurable(sequence, timestampMs, head);
                        }
                    }
                });
    }

    /**
     * Opens (recovering) the ledger in {@code data}. {@code config} applies to a new directory;
     * an existing one keeps the configuration it was created with ({@link LedgerConfigFile}).
     * {@code listener} may be null.
     */
    public static DurableLedger open(final DataDirectory data, final LedgerConfig config, final LongSupplier clockMs,
                                     final Options options, final Sequencer.BatchListener listener) {
        return open(data, config, clockMs, options, listener, null);
    }

    /**
     * As {@link #open(DataDirectory, LedgerConfig, LongSupplier, Options, Sequencer.BatchListener)},
     * keeping {@code readModel} (may be null): rebuilt on recovery, fed every committed batch
     * before {@code listener}, and told of every snapshot.
     */
    public static DurableLedger open(final DataDirectory data, final LedgerConfig config, final LongSupplier clockMs,
                                     final Options options, final Sequencer.BatchListener listener,
                                     final ReadModel readModel) {
        data.lockForWriting();
        try {
            return new DurableLedger(data, config, clockMs, options, listener, readModel);
        } catch (final RuntimeException e) {
            try {
                data.close();
            } catch (final IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    /** What start-up recovery did. */
    public Recovery.Recovered recovered() {
        return recovered;
    }

    /** The journal's head hash: the SHA-256 chain value of the last durable batch, read between batches. */
    public byte[] headHash() {
        try {
            return sequencer.query(ledger -> journal.headHash()).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the head hash", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("reading the head hash failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** How many fsyncs the journal has had since this ledger was opened: one per batch or fewer. */
    public long journalSyncs() {
        return journal.syncs();
    }

    /** Writes a snapshot now, between batches; returns it. */
    public SnapshotFiles.Snapshot snapshot() {
        try {
            return sequencer.query(ledger -> {
                final SnapshotFiles.Snapshot written = writeSnapshot(ledger, journal.headHash());
                lastSnapshotSequence = ledger.sequence();
                return written;
            }).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a snapshot", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("snapshot failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Answers what is queued, snapshots (if configured and anything changed), closes the journal, unlocks. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (options.snapshotOnClose()) {
                sequencer.query(ledger -> {
                    if (ledger.sequence() > lastSnapshotSequence) {
                        writeSnapshot(ledger, journal.headHash());
                    }
                    return null;
                });
            }
            sequencer.close();
            journal.close();
        } finally {
            data.close();
        }
    }

    /**
     * The ledger's snapshot, then the read model's beside it (sequencer thread, between
     * batches). The journal is synced first: the syncer may not yet have made the last batches
     * durable, and a snapshot must never be ahead of the journal on disk.
     */
    private SnapshotFiles.Snapshot writeSnapshot(final Ledger ledger, final byte[] head) {
        try {
            journal.sync();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot sync the journal before a snapshot: " + e.getMessage(), e);
        }
        final SnapshotFiles.Snapshot written = SnapshotFiles.write(data.snapshots(), ledger, head);
        if (readModel != null) {
            readModel.snapshotWritten(data, ledger.sequence());
        }
        return written;
    }

    private void afterBatch(final Sequencer.BatchListener listener, final long sequence, final long timestampMs,
                            final CommandBatch batch, final BatchOutcome outcome, final byte[] head) {
        if (readModel != null) {
            readModel.batchApplied(recovered.ledger(), sequence, timestampMs, outcome);
        }
        if (listener != null) {
            listener.batchApplied(sequence, timestampMs, batch, outcome, head);
        }
        if (lastSnapshotMs < 0) {
            lastSnapshotMs = timestampMs;
        }
        final boolean batchesDue = options.snapshotEveryBatches() > 0
                && sequence - lastSnapshotSequence >= options.snapshotEveryBatches();
        final boolean timeDue = options.snapshotEveryMs() > 0 && timestampMs - lastSnapshotMs >= options.snapshotEveryMs();
        if (batchesDue || timeDue) {
            try {
                writeSnapshot(recovered.ledger(), head);
                lastSnapshotSequence = sequence;
                lastSnapshotMs = timestampMs;
            } catch (final UncheckedIOException e) {
                throw new IllegalStateException("periodic snapshot failed: " + e.getMessage(), e);
            }
        }
    }
}
