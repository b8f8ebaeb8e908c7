package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;

/**
 * A snapshot holds the whole state: snapshot + journal tail rebuilds exactly what a replay of
 * the whole journal rebuilds, which is exactly the live ledger, including open pending
 * transfers and both generations of the idempotency window. Real files.
 */
class SnapshotRoundTripTest {
    /** A small idempotency window, so that over the run it rotates and both generations hold ids. */
    private static final LedgerConfig CONFIG = JournalFixture.config().withIdempotencyGeneration(16);
    private static final int BATCHES = 40;
    private static final int OLDER_SNAPSHOT_AT = 15;
    private static final int NEWER_SNAPSHOT_AT = 30;

    @TempDir
    Path root;

    private DataDirectory data;
    private byte[] liveHash;
    private long liveSequence;
    private SnapshotFiles.Snapshot older;
    private SnapshotFiles.Snapshot newer;
    private byte[] olderLiveHash;
    private byte[] newerLiveHash;
    private byte[] newerHeadHash;
    private final ResultTally tally = new ResultTally();

    @BeforeEach
    void writeVariedJournalWithTwoSnapshots() throws IOException {
        try (JournalFixture fixture = JournalFixture.create(root, CONFIG, 16 * 1024)) {
            fixture.openStandardAccounts();
            final VariedStream stream = new VariedStream(10_000);
            for (int i = 0; i < BATCHES; i++) {
                tally.add(fixture.append(stream.next()));
                if (i == OLDER_SNAPSHOT_AT) {
                    assertThat(fixture.ledger().pendingCount()).as("open pending transfers at the snapshot").isPositive();
                    older = fixture.snapshot();
                    olderLiveHash = fixture.ledger().stateHash();
                }
                if (i == NEWER_SNAPSHOT_AT) {
                    newer = fixture.snapshot();
                    newerLiveHash = fixture.ledger().stateHash();
                    newerHeadHash = fixture.headHash();
                }
            }
            data = fixture.data();
            liveHash = fixture.ledger().stateHash();
            liveSequence = fixture.ledger().sequence();
            assertThat(fixture.ledger().pendingCount()).as("open pending transfers at the end").isPositive();
        }
        assertThat(tally.ok).as("commands applied").isGreaterThan(2 * CONFIG.idempotencyGeneration());
        assertThat(tally.rejected).as("commands rejected").isPositive();
        assertThat(tally.replayed).as("commands answered as replays").isPositive();
    }

    @Test
    void snapshotPlusTailGivesTheSameStateHashAsAFullReplayAndAsTheLiveLedger() {
        final Recovery.Recovered fromSnapshot = Recovery.recover(data, CONFIG, true, true);
        final Recovery.Recovered fromGenesis = Recovery.recover(data, CONFIG, false, false);

        assertThat(fromSnapshot.warnings()).isEmpty();
        assertThat(fromSnapshot.snapshotSequence()).isEqualTo(newer.sequence());
        assertThat(fromSnapshot.replayedBatches()).isEqualTo(liveSequence - newer.sequence());
        assertThat(fromGenesis.snapshotSequence()).isZero();
        assertThat(fromGenesis.replayedBatches()).isEqualTo(liveSequence);
        assertThat(fromSnapshot.ledger().stateHash()).isEqualTo(liveHash).isEqualTo(fromGenesis.ledger().stateHash());
        assertThat(fromSnapshot.ledger().checkInvariants()).isEmpty();
    }

    @Test
    void aSnapshotFileAloneRebuildsTheStateHashItRecords() {
        final SnapshotFiles.Loaded loaded = SnapshotFiles.read(newer.file(), CONFIG);

        assertThat(loaded.snapshot().sequence()).isEqualTo(newer.sequence());
        assertThat(loaded.snapshot().stateHash()).isEqualTo(newerLiveHash).isEqualTo(newer.stateHash());
        assertThat(loaded.snapshot().journalHash()).isEqualTo(newerHeadHash);
        assertThat(loaded.ledger().stateHash()).isEqualTo(newerLiveHash);
        assertThat(loaded.ledger().sequence()).isEqualTo(newer.sequence());
        assertThat(loaded.ledger().pendingCount()).isPositive();
        assertThat(loaded.ledger().checkInvariants()).isEmpty();
        assertThat(SnapshotFiles.read(older.file(), CONFIG).ledger().stateHash()).isEqualTo(olderLiveHash);
    }

    @Test
    void aDamagedNewestSnapshotIsSkippedWithAWarningAndTheOlderOneUsed() throws IOException {
        JournalFixture.flipByte(newer.file(), Files.size(newer.file()) / 2);

        final Recovery.Recovered recovered = Recovery.recover(data, CONFIG, true, true);

        assertThat(recovered.warnings()).singleElement().asString()
                .contains(newer.file().toString()).contains("CRC-32C");
        assertThat(recovered.snapshotSequence()).isEqualTo(older.sequence());
        assertThat(recovered.ledger().stateHash()).isEqualTo(liveHash);
    }

    @Test
    void aSnapshotCutShortOrWithBytesAddedIsRefusedSayingSo(@TempDir final Path scratch) throws IOException {
        final byte[] whole = Files.readAllBytes(newer.file());
        final Path damaged = scratch.resolve(newer.file().getFileName());
        final List<Integer> lengths = List.of(0, 7, 8, 80, 88, whole.length / 3, whole.length - 9, whole.length - 8,
                whole.length - 1);
        for (final int length : lengths) {
            Files.write(damaged, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> SnapshotFiles.read(damaged, CONFIG)).as("cut to %d bytes", length)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageMatching("(?s).*(not a Tongbao snapshot|ends inside its state|CRC-32C).*");
        }
        Files.write(damaged, Arrays.copyOf(whole, whole.length + 8));
        assertThatThrownBy(() -> SnapshotFiles.read(damaged, CONFIG)).isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("(?s).*(unexpected bytes|CRC-32C).*");
    }

    @Test
    void whenEverySnapshotIsDamagedRecoveryReplaysFromGenesis() throws IOException {
        JournalFixture.flipByte(newer.file(), 8);
        final byte[] olderBytes = Files.readAllBytes(older.file());
        Files.write(older.file(), Arrays.copyOf(olderBytes, olderBytes.length - 3));

        final Recovery.Recovered recovered = Recovery.recover(data, CONFIG, true, true);

        assertThat(recovered.warnings()).hasSize(2);
        assertThat(recovered.warnings().get(0)).contains(newer.file().toString());
        assertThat(recovered.warnings().get(1)).contains(older.file().toString());
        assertThat(recovered.snapshotSequence()).isZero();
        assertThat(recovered.replayedBatches()).isEqualTo(liveSequence);
        assertThat(recovered.ledger().stateHash()).isEqualTo(liveHash);
    }

    @Test
    void aTemporarySnapshotLeftByACrashIsIgnored() throws IOException {
        Files.write(data.snapshots().resolve(SnapshotFiles.fileName(liveSequence) + ".tmp"), new byte[] {1, 2, 3});

        final Recovery.Recovered recovered = Recovery.recover(data, CONFIG, true, true);

        assertThat(recovered.warnings()).isEmpty();
        assertThat(recovered.snapshotSequence()).isEqualTo(newer.sequence());
        assertThat(recovered.ledger().stateHash()).isEqualTo(liveHash);
    }

    @Test
    void aSnapshotOfAnotherJournalIsRefused(@TempDir final Path otherRoot) throws IOException {
        try (JournalFixture other = JournalFixture.create(otherRoot, CONFIG, 16 * 1024)) {
            other.openStandardAccounts();
            for (int i = 0; i < BATCHES; i++) {
                other.append(JournalFixture.payments(100_000 + 10L * i, 2));
            }
        }
        Files.createDirectories(otherRoot.resolve("snapshots"));
        Files.copy(newer.file(), otherRoot.resolve("snapshots").resolve(newer.file().getFileName()));

        assertThatThrownBy(() -> Recovery.recover(new DataDirectory(otherRoot), CONFIG, true, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("snapshot at batch " + newer.sequence() + " does not belong to this journal");
    }

    @Test
    void aSnapshotBeyondTheEndOfTheJournalIsRefused() throws IOException {
        final List<Path> segments = JournalReader.segments(data.journal());
        assertThat(segments).hasSizeGreaterThan(1);
        Files.delete(segments.getLast());

        assertThatThrownBy(() -> Recovery.recover(data, CONFIG, true, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("journal segments are missing");
    }

    @Test
    void retriedCommandsAfterARestartAreAnsweredAsReplaysOfTheirFirstOutcome(@TempDir final Path durableRoot)
            throws Exception {
        final AtomicLong clockMs = new AtomicLong(JournalFixture.START_MS);
        final DurableLedger.Options options = new DurableLedger.Options(1_024, 1 << 20, 4, false);
        final CommandBatch last = new CommandBatch(CONFIG.batchMax());
        final Sequencer.Reply first;
        final byte[] before;
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(durableRoot), CONFIG, clockMs::get, options, null)) {
            for (final List<Command> batch : JournalFixture.standardAccountBatches()) {
                submit(durable.sequencer(), clockMs, batch);
            }
            final VariedStream stream = new VariedStream(50_000);
            for (int i = 0; i < 9; i++) {
                submit(durable.sequencer(), clockMs, stream.next());
            }
            stream.next().forEach(command -> command.appendTo(last));
            first = submit(durable.sequencer(), clockMs, last);
            before = durable.sequencer().query(Ledger::stateHash).get();
        }
        assertThat(first.results()).as("the retried block holds applied and rejected commands")
                .contains(ResultCode.OK.number()).containsAnyOf(ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT.number(),
                        ResultCode.INSUFFICIENT_FUNDS.number());
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(durableRoot), CONFIG, clockMs::get, options, null)) {
            assertThat(durable.recovered().snapshotSequence()).as("recovered from a snapshot").isPositive();
            assertThat(durable.recovered().replayedBatches()).as("and the journal after it").isPositive();
            assertThat(durable.sequencer().query(Ledger::stateHash).get()).isEqualTo(before);

            final Sequencer.Reply retried = submit(durable.sequencer(), clockMs, last);

            for (int i = 0; i < last.count(); i++) {
                assertThat(retried.replayed()[i]).as("command %d replayed", i).isTrue();
                assertThat(retried.results()[i]).as("command %d result", i).isEqualTo(first.results()[i]);
            }
        }
    }

    private static Sequencer.Reply submit(final Sequencer sequencer, final AtomicLong clockMs, final List<Command> commands)
            throws Exception {
        final CommandBatch block = new CommandBatch(commands.size());
        commands.forEach(command -> command.appendTo(block));
        return submit(sequencer, clockMs, block);
    }

    private static Sequencer.Reply submit(final Sequencer sequencer, final AtomicLong clockMs, final CommandBatch block)
            throws Exception {
        clockMs.addAndGet(1_000);
        final Sequencer.Reply reply = sequencer.submit(block).get();
        assertThat(reply.failed()).isFalse();
        return reply;
    }

    /**
     * Batches mixing payments, merchant payments, pending transfers (posted in full or in part,
     * voided, expiring, left open), freezes, tier changes, exchange-out, redemption, rejected
     * commands, and retries of the previous batch's first command (same fields: a replay; other
     * fields: refused). Deterministic: batch n of any stream from the same first id is the same.
     */
    private static final class VariedStream {
        private long nextId;
        private long previousFirstId;
        private long previousPending;
        private int batch;

        VariedStream(final long firstId) {
            this.nextId = firstId;
        }

        List<Command> next() {
            final int i = batch++;
            final List<Command> commands = new ArrayList<>();
            final long firstId = nextId;
            commands.add(Command.Transfer.of(nextId++, JournalFixture.ALICE, JournalFixture.BOB, 100 + i, TransferCode.P2P));
            commands.add(Command.Transfer.of(nextId++, JournalFixture.DAVE, JournalFixture.ALICE, 50 + i, TransferCode.P2P));
            commands.add(Command.Transfer.of(nextId++, JournalFixture.BOB, JournalFixture.SHOP, 200 + i,
                    TransferCode.MERCHANT_PAYMENT));
            if (i % 3 == 1) {
                commands.add(Command.PostPending.of(nextId++, previousPending, i % 2 == 0 ? 0 : 500));
            } else if (i % 3 == 2) {
                commands.add(Command.VoidPending.of(nextId++, previousPending));
            }
            final long pending = nextId++;
            commands.add(Command.Transfer.pending(pending, JournalFixture.ALICE, JournalFixture.SHOP, 1_000 + i,
                    TransferCode.MERCHANT_PAYMENT, i % 3 == 2 ? 3_600 : 30));
            if (i % 5 == 4) {
                commands.add(Command.Transfer.pending(nextId++, JournalFixture.BOB, JournalFixture.SHOP, 77,
                        TransferCode.MERCHANT_PAYMENT, 2));
            }
            commands.add(Command.Transfer.of(nextId++, JournalFixture.CAROL, JournalFixture.BOB, 60_000, TransferCode.P2P));
            if (i % 7 == 3) {
                commands.add(new Command.Freeze(nextId++, JournalFixture.CAROL));
            } else if (i % 7 == 4) {
                commands.add(new Command.Unfreeze(nextId++, JournalFixture.CAROL));
            }
            if (i % 10 == 5) {
                commands.add(new Command.ChangeTier(nextId++, JournalFixture.BOB, 3));
            }
            if (i % 4 == 0) {
                commands.add(Command.Transfer.of(nextId++, JournalFixture.BOB, JournalFixture.OPERATOR_A, 10,
                        TransferCode.EXCHANGE_OUT));
                commands.add(Command.Transfer.of(nextId++, JournalFixture.OPERATOR_A, JournalFixture.CENTRAL_BANK, 1_000,
                        TransferCode.REDEMPTION));
            }
            if (i > 0) {
                final long amountFen = i % 2 == 0 ? 1 : 100 + i - 1;
                commands.add(Command.Transfer.of(previousFirstId, JournalFixture.ALICE, JournalFixture.BOB, amountFen,
                        TransferCode.P2P));
            }
            previousFirstId = firstId;
            previousPending = pending;
            return commands;
        }
    }

    /** Counts of outcomes over the whole stream, to show it exercised what it claims. */
    private static final class ResultTally {
        int ok;
        int rejected;
        int replayed;

        void add(final BatchOutcome outcome) {
            for (int i = 0; i < outcome.count(); i++) {
                if (outcome.replayed(i)) {
                    replayed++;
                } else if (outcome.result(i) == ResultCode.OK) {
                    ok++;
                } else {
                    rejected++;
                }
            }
        }
    }
}
