package org.tongbao.durability;

import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;

/**
 * A model kept from the ledger's batches (KPI aggregates, for instance) that must come back
 * exactly after a restart. Recovery tells it where it starts ({@link #recovered}: the ledger
 * at the snapshot's batch, or at genesis), then hands it every replayed batch, and the durable
 * ledger every committed one ({@link #batchApplied}); after each ledger snapshot it may write
 * its own beside it ({@link #snapshotWritten}), so the next recovery starts both from the same
 * batch. All calls come from one thread: recovery's, then the sequencer's.
 */
public interface ReadModel {
    /**
     * Recovery starts from {@code ledger} at batch {@code ledger.sequence()} (0 for genesis): load
     * the model's state at that batch (e.g. its snapshot beside the ledger's), or rebuild it.
     */
    void recovered(DataDirectory data, Ledger ledger);

    /** A batch was applied: {@code ledger} is as it is right after it, {@code outcome} holds its events. */
    void batchApplied(Ledger ledger, long sequence, long timestampMs, BatchOutcome outcome);

    /** A ledger snapshot at batch {@code sequence} was just written in {@code data.snapshots()}. */
    void snapshotWritten(DataDirectory data, long sequence);
}
