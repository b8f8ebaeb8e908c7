package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;

/** The read-model hook: told where recovery starts, fed replayed and live batches in order, told of snapshots. */
class ReadModelTest {
    private static final LedgerConfig CONFIG = LedgerConfig.defaults(64).withIdempotencyGeneration(1 << 10)
            .withPendingMax(16);

    @TempDir
    Path temporary;

    /** Records what it is told. */
    private static final class Recorder implements ReadModel {
        final List<String> calls = new ArrayList<>();

        @Override
        public void recovered(final DataDirectory data, final Ledger ledger) {
            calls.add("recovered at " + ledger.sequence());
        }

        @Override
        public void batchApplied(final Ledger ledger, final long sequence, final long timestampMs,
                                 final BatchOutcome outcome) {
            calls.add("batch " + sequence + (ledger.sequence() == sequence ? "" : " (ledger elsewhere)"));
        }

        @Override
        public void snapshotWritten(final DataDirectory data, final long sequence) {
            calls.add("snapshot " + sequence);
        }
    }

    @Test
    void aReadModelSeesEveryBatchOnceAcrossARestart() throws Exception {
        final Path data = temporary.resolve("data");
        final Recorder first = new Recorder();
        try (DurableLedger durable = open(data, first)) {
            for (long id = 1; id <= 5; id++) {
                final CommandBatch batch = new CommandBatch(1);
                Command.OpenAccount.of(id, id == 1 ? AccountKind.CENTRAL_BANK : AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0)
                        .appendTo(batch);
                durable.sequencer().submit(batch, 1_000).get();
            }
        }
        final Recorder second = new Recorder();
        try (DurableLedger durable = open(data, second)) {
            assertThat(durable.recovered().snapshotSequence()).isEqualTo(4);
        }

        assertThat(first.calls).containsExactly("recovered at 0", "batch 1", "batch 2", "snapshot 2", "batch 3", "batch 4",
                "snapshot 4", "batch 5");
        assertThat(second.calls).containsExactly("recovered at 4", "batch 5");
    }

    private static DurableLedger open(final Path data, final ReadModel model) {
        final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        return DurableLedger.open(new DataDirectory(data), CONFIG, clock::incrementAndGet,
                new DurableLedger.Options(64, JournalWriter.SEGMENT_BYTES_DEFAULT, 2, false), null, model);
    }
}
