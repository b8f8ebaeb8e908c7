package org.tongbao.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.projection.ProjectorThread;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * Beside a running ledger: the sequencer's listener tells the projector thread of each durable
 * batch, the projection follows on its own thread while payments go on, and catches up (lag 0)
 * with the journal's counts once they stop.
 */
class ProjectorThreadTest {
    @TempDir
    Path temporary;

    @Test
    void followsALiveLedgerAndCatchesUp() throws Exception {
        final Path root = temporary.resolve("data");
        new PaymentJournal(root, 50, 4).setUp();
        final HistoryDatabase database = HistoryDatabase.open(HistoryLocation.sqliteIn(root));
        final ProjectorThread[] follower = new ProjectorThread[1];
        final long headSequence;
        try (DurableLedger ledger = DurableLedger.open(new DataDirectory(root), PaymentJournal.CONFIG,
                System::currentTimeMillis, new DurableLedger.Options(1_024, 1 << 22, 0, false),
                new Sequencer.BatchListener() {
                    @Override
                    public void batchApplied(final long sequence, final long timestampMs, final CommandBatch batch,
                                             final BatchOutcome outcome, final byte[] head) {
                    }

                    @Override
                    public void batchDurable(final long sequence, final long timestampMs, final byte[] head) {
                        if (follower[0] != null) {
                            follower[0].durable(sequence);
                        }
                    }
                })) {
            follower[0] = new ProjectorThread(HistoryProjector.open(new DataDirectory(root), database,
                    HistoryProjector.Options.defaults()), 50, true).start();
            final Sequencer sequencer = ledger.sequencer();
            long id = 10_000_000;
            for (int b = 0; b < 200; b++) {
                final CommandBatch block = new CommandBatch(10);
                for (int i = 0; i < 10; i++) {
                    block.appendTransfer(id++, PaymentJournal.wallet(i), PaymentJournal.wallet(i + 20), 10,
                            TransferCode.P2P.number());
                }
                sequencer.submit(block, 1_000).get(10, TimeUnit.SECONDS);
            }
            headSequence = sequencer.query(l -> l.sequence()).get();
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (follower[0].projectedSequence() < headSequence && System.nanoTime() < deadlineNs) {
            Thread.sleep(10);
        }
        assertThat(follower[0].failure()).isNull();
        assertThat(follower[0].lagBatches()).isZero();
        assertThat(follower[0].projectedSequence()).isEqualTo(headSequence);
        follower[0].close();
        final JournalTotals journal = JournalTotals.of(new DataDirectory(root), PaymentJournal.CONFIG);
        assertThat(JournalTotals.stored(database.location()).sameCounts(journal)).isTrue();
    }
}
