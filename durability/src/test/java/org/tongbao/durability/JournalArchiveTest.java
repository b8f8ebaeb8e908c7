package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.archive.JournalArchiver;
import org.tongbao.durability.journal.JournalBase;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;

/**
 * Archiving: segments the newest snapshot covers move to the archive, the chain stays linked
 * through {@code journal/BASE}, recovery from the snapshot gives the same state, a replay from
 * genesis needs (and with it, accepts) the archive, and a run cut short is harmless.
 */
class JournalArchiveTest {
    private static final long SEGMENT_BYTES = 8 * 1024;

    @TempDir
    Path root;

    private final LedgerConfig config = JournalFixture.config();
    private byte[] stateHash;

    @BeforeEach
    void journalOfSeveralSegmentsWithASnapshot() throws Exception {
        final DurableLedger.Options options = new DurableLedger.Options(1_024, SEGMENT_BYTES, 0, false);
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(root), config, () -> JournalFixture.START_MS,
                options, null)) {
            for (final List<Command> batch : JournalFixture.standardAccountBatches()) {
                submit(durable, batch);
            }
            for (int block = 0; block < 30; block++) {
                submit(durable, JournalFixture.payments(10_000 + block * 10L, 10));
            }
            durable.snapshot();
            for (int block = 30; block < 35; block++) {
                submit(durable, JournalFixture.payments(10_000 + block * 10L, 10));
            }
            stateHash = durable.sequencer().query(ledger -> ledger.stateHash()).get();
        }
        assertThat(JournalReader.segments(data().journal()).size()).isGreaterThan(3);
    }

    private DataDirectory data() {
        return new DataDirectory(root);
    }

    @Test
    void movesTheSegmentsTheSnapshotCoversAndLinksTheRestThroughTheBase() {
        final int before = JournalReader.segments(data().journal()).size();

        final JournalArchiver.Archived archived = archive();

        assertThat(archived.segments()).isPositive();
        assertThat(JournalReader.segments(data().archive())).hasSize(archived.segments());
        assertThat(JournalReader.segments(data().journal())).hasSize(before - archived.segments());
        assertThat(archived.throughSequence()).isLessThanOrEqualTo(archived.snapshotSequence());
        assertThat(JournalBase.read(data().journal()).sequence()).isEqualTo(archived.throughSequence());
    }

    @Test
    void recoversFromTheSnapshotToTheSameStateAfterArchiving() {
        archive();

        final Recovery.Recovered recovered = Recovery.recover(data(), config, true, false);

        assertThat(recovered.ledger().stateHash()).isEqualTo(stateHash);
    }

    @Test
    void refusesToReplayFromGenesisWithoutTheArchiveAndSaysWhy() {
        final JournalArchiver.Archived archived = archive();

        assertThatThrownBy(() -> Recovery.recover(data(), config, false, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("starts after batch " + archived.throughSequence())
                .hasMessageContaining("archived");
    }

    @Test
    void replaysFromGenesisWhenGivenTheArchive() {
        archive();

        final Recovery.Recovered recovered = Recovery.recover(data(), config, false, false, null, data().archive());

        assertThat(recovered.ledger().stateHash()).isEqualTo(stateHash);
        assertThat(recovered.snapshotSequence()).isZero();
    }

    @Test
    void aRunCutShortAfterTheBaseLeavesSegmentsTheReaderSkips() throws Exception {
        archive();
        for (final Path archivedSegment : JournalReader.segments(data().archive())) {
            Files.copy(archivedSegment, data().journal().resolve(archivedSegment.getFileName()));
        }

        final Recovery.Recovered recovered = Recovery.recover(data(), config, true, false);

        assertThat(recovered.ledger().stateHash()).isEqualTo(stateHash);
    }

    @Test
    void theLedgerKeepsWritingAfterArchivingAndArchivesAgainLater() throws Exception {
        archive();
        final DurableLedger.Options options = new DurableLedger.Options(1_024, SEGMENT_BYTES, 0, false);
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(root), config, () -> JournalFixture.START_MS,
                options, null)) {
            for (int block = 35; block < 60; block++) {
                submit(durable, JournalFixture.payments(10_000 + block * 10L, 10));
            }
            durable.snapshot();
            stateHash = durable.sequencer().query(ledger -> ledger.stateHash()).get();
        }

        final JournalArchiver.Archived again = archive();

        assertThat(again.segments()).isPositive();
        assertThat(Recovery.recover(data(), config, true, false).ledger().stateHash()).isEqualTo(stateHash);
        assertThat(Recovery.recover(data(), config, false, false, null, data().archive()).ledger().stateHash())
                .isEqualTo(stateHash);
    }

    @Test
    void discardingWhileTheLedgerRunsDeletesCoveredSegmentsAndOlderSnapshotsAndRecoversFromTheSnapshot()
            throws Exception {
        final DurableLedger.Options options = new DurableLedger.Options(1_024, SEGMENT_BYTES, 0, false);
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(root), config, () -> JournalFixture.START_MS,
                options, null)) {
            final List<Path> segments = JournalReader.segments(data().journal());
            final long newest = durable.snapshot().sequence();
            final List<JournalScan> scannedThrough = new ArrayList<>();
            for (int k = 1; k < segments.size(); k++) {
                scannedThrough.add(JournalReader.scan(segments.subList(0, k), JournalBase.genesis().start(), r -> { }));
            }

            final Path olderReadModel = data().snapshots().resolve(String.format("%020d.kpi", 1));
            final Path keptReadModel = data().snapshots().resolve(String.format("%020d.kpi", newest));
            Files.writeString(olderReadModel, "a read model's snapshot");
            Files.writeString(keptReadModel, "a read model's snapshot");

            final JournalArchiver.Discarded discarded = JournalArchiver.discardCovered(data(), newest);

            assertThat(olderReadModel).doesNotExist();
            assertThat(keptReadModel).exists();

            assertThat(discarded.segments()).isPositive();
            assertThat(JournalReader.segments(data().journal())).hasSize(segments.size() - discarded.segments());
            final JournalScan expected = scannedThrough.get(discarded.segments() - 1);
            assertThat(discarded.throughSequence()).isEqualTo(expected.lastSequence()).isLessThanOrEqualTo(newest);
            assertThat(JournalBase.read(data().journal()).headHash())
                    .as("the base read from the first kept record's link is the chain hash a scan finds")
                    .isEqualTo(expected.headHash());
            assertThat(SnapshotFiles.list(data().snapshots())).singleElement()
                    .satisfies(file -> assertThat(SnapshotFiles.sequenceOf(file)).isEqualTo(newest));
            assertThat(data().archive()).doesNotExist();
            for (int block = 35; block < 60; block++) {
                submit(durable, JournalFixture.payments(10_000 + block * 10L, 10));
            }
            stateHash = durable.sequencer().query(ledger -> ledger.stateHash()).get();
        }

        assertThat(Recovery.recover(data(), config, true, false).ledger().stateHash()).isEqualTo(stateHash);
        assertThatThrownBy(() -> Recovery.recover(data(), config, false, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("archived");
    }

    private JournalArchiver.Archived archive() {
        try (DataDirectory directory = data().lockForWriting()) {
            return JournalArchiver.archive(directory, directory.archive());
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void submit(final DurableLedger durable, final List<Command> commands) throws Exception {
        final CommandBatch block = new CommandBatch(commands.size());
        commands.forEach(command -> command.appendTo(block));
        final var reply = durable.sequencer().submit(block).get(10, TimeUnit.SECONDS);
        assertThat(reply.failure()).isNull();
        for (final int result : reply.results()) {
            assertThat(ResultCode.ofNumber(result)).isIn(ResultCode.OK);
        }
    }
}
