package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;

class DurableLedgerTest {
    @TempDir
    Path data;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Test
    void restartRecoversTheSameStateFromTheNewestSnapshotAndTheJournalAfterIt() throws Exception {
        final LedgerConfig config = LedgerConfig.defaults(1_000).withIdempotencyGeneration(1_024);
        final DurableLedger.Options options = new DurableLedger.Options(1_024, 1 << 20, 5, false);
        final byte[] before;
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(data), config, clock::get, options, null)) {
            final Sequencer sequencer = durable.sequencer();
            submit(sequencer, Command.OpenAccount.of(1, AccountKind.CENTRAL_BANK, 0, 0, 0, 0),
                    Command.OpenAccount.of(2, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                    Command.OpenAccount.of(3, AccountKind.PERSONAL, 2, 1, 320508, 0),
                    Command.OpenAccount.of(4, AccountKind.PERSONAL, 2, 1, 320508, 0));
            submit(sequencer, Command.Transfer.of(10, 1, 2, 1_000_000, TransferCode.ISSUANCE));
            for (int i = 0; i < 10; i++) {
                submit(sequencer, Command.Transfer.of(100 + i, 2, 3 + (i % 2), 1_000 + i, TransferCode.EXCHANGE_IN));
            }
            before = sequencer.query(Ledger::stateHash).get();
        }
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(data), config, clock::get, options, null)) {
            assertThat(durable.recovered().warnings()).isEmpty();
            assertThat(durable.recovered().snapshotSequence()).isEqualTo(10);
            assertThat(durable.recovered().replayedBatches()).isEqualTo(2);
            assertThat(durable.sequencer().query(Ledger::stateHash).get()).isEqualTo(before);
        }
    }

    @Test
    void takesASnapshotWhenEnoughBatchTimeHasPassedWhateverTheBatchCount() throws Exception {
        final LedgerConfig config = LedgerConfig.defaults(1_000).withIdempotencyGeneration(1_024);
        final DurableLedger.Options options = new DurableLedger.Options(1_024, 1 << 20, 0, false, 60_000);
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(data), config, clock::get, options, null)) {
            submit(durable.sequencer(), Command.OpenAccount.of(1, AccountKind.CENTRAL_BANK, 0, 0, 0, 0));
            submit(durable.sequencer(), Command.OpenAccount.of(2, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
            clock.addAndGet(60_000);
            submit(durable.sequencer(), Command.OpenAccount.of(3, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
            submit(durable.sequencer(), Command.OpenAccount.of(4, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
        }
        try (var snapshots = Files.list(data.resolve("snapshots"))) {
            assertThat(snapshots.map(path -> path.getFileName().toString()).toList())
                    .containsExactly("00000000000000000003.tbs");
        }
    }

    private void submit(final Sequencer sequencer, final Command... commands) throws Exception {
        final CommandBatch block = new CommandBatch(commands.length);
        for (final Command command : commands) {
            command.appendTo(block);
        }
        clock.addAndGet(1_000);
        final Sequencer.Reply reply = sequencer.submit(block).get();
        assertThat(reply.failed()).isFalse();
        for (final int result : reply.results()) {
            assertThat(ResultCode.ofNumber(result)).isEqualTo(ResultCode.OK);
        }
    }
}
