package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.durability.JournalFixture.RecordPlace;
import org.tongbao.durability.journal.JournalCorruptedException;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.command.CommandDescriptor;

/**
 * Damage anywhere but a torn last record stops start-up: recovery throws
 * {@link JournalCorruptedException} naming the segment and the byte offset of the damaged
 * record, and leaves every file exactly as it was. Real files, damaged on disk.
 */
class JournalCorruptionTest {
    private static final LedgerConfig CONFIG = JournalFixture.config();
    /** The smallest segment limit allowed: one full batch, so a small journal spans several segments. */
    private static final long SMALL_SEGMENT_BYTES = JournalDescriptor.recordLength(CONFIG.batchMax());
    /** Which record is damaged: the fourth of six, in the middle of the only segment. */
    private static final int DAMAGED = 3;

    @TempDir
    Path root;

    @ParameterizedTest(name = "byte {0} of the record")
    @ValueSource(ints = {
        JournalDescriptor.LENGTH_OFFSET, JournalDescriptor.LENGTH_OFFSET + 1, JournalDescriptor.LENGTH_OFFSET + 2,
        JournalDescriptor.LENGTH_OFFSET + 3,
        JournalDescriptor.CRC_OFFSET, JournalDescriptor.CRC_OFFSET + 3,
        JournalDescriptor.SEQUENCE_OFFSET, JournalDescriptor.SEQUENCE_OFFSET + 7,
        JournalDescriptor.TIMESTAMP_OFFSET + 1,
        JournalDescriptor.COUNT_OFFSET, JournalDescriptor.VERSION_OFFSET,
        JournalDescriptor.PREVIOUS_HASH_OFFSET, JournalDescriptor.PREVIOUS_HASH_OFFSET + 31,
        JournalDescriptor.COMMANDS_OFFSET, JournalDescriptor.COMMANDS_OFFSET + CommandDescriptor.AMOUNT * Long.BYTES,
        JournalDescriptor.COMMANDS_OFFSET + JournalDescriptor.COMMAND_BYTES + CommandDescriptor.ID * Long.BYTES + 2})
    void aFlippedByteInAnEarlierRecordStopsRecoveryAtThatRecord(final int byteInRecord) throws IOException {
        final List<RecordPlace> records = writeJournal(JournalFixture.ONE_SEGMENT_BYTES);
        final RecordPlace damaged = records.get(DAMAGED);
        JournalFixture.flipByte(damaged.file(), damaged.offset() + byteInRecord);

        assertRefusedUnchanged(damaged.file(), damaged.offset());
    }

    @Test
    void damageBeforeTheNewestSnapshotIsRefusedToo() throws IOException {
        final List<RecordPlace> records = writeJournal(JournalFixture.ONE_SEGMENT_BYTES);
        final RecordPlace damaged = records.get(1);
        JournalFixture.flipByte(damaged.file(), damaged.offset() + JournalDescriptor.COMMANDS_OFFSET + 9);

        assertRefusedUnchanged(damaged.file(), damaged.offset());
    }

    @Test
    void aRecordRewrittenWithAValidCrcBreaksTheHashChainAtTheRecordAfterIt() throws IOException {
        final List<RecordPlace> records = writeJournal(JournalFixture.ONE_SEGMENT_BYTES);
        final RecordPlace tampered = records.get(DAMAGED);
        final byte[] bytes = Files.readAllBytes(tampered.file());
        final ByteBuffer record = ByteBuffer.wrap(bytes, (int) tampered.offset(), tampered.length()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        final int amount = JournalDescriptor.COMMANDS_OFFSET + CommandDescriptor.AMOUNT * Long.BYTES;
        record.putLong(amount, record.getLong(amount) + 1);
        final CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(JournalDescriptor.CRC_START).limit(tampered.length()));
        record.putInt(JournalDescriptor.CRC_OFFSET, (int) crc.getValue());
        Files.write(tampered.file(), bytes);

        final JournalCorruptedException refused = assertRefusedUnchanged(tampered.file(), records.get(DAMAGED + 1).offset());
        assertThat(refused).hasMessageContaining("hash chain");
    }

    @Test
    void aMissingRecordInTheMiddleIsAGapInSequenceAndIsRefused() throws IOException {
        final List<RecordPlace> records = writeJournal(JournalFixture.ONE_SEGMENT_BYTES);
        final RecordPlace dropped = records.get(DAMAGED);
        final byte[] bytes = Files.readAllBytes(dropped.file());
        final ByteArrayOutputStream without = new ByteArrayOutputStream();
        without.write(bytes, 0, (int) dropped.offset());
        without.write(bytes, (int) dropped.end(), bytes.length - (int) dropped.end());
        Files.write(dropped.file(), without.toByteArray());

        final JournalCorruptedException refused = assertRefusedUnchanged(dropped.file(), dropped.offset());
        assertThat(refused).hasMessageContaining("sequence " + (dropped.sequence() + 1))
                .hasMessageContaining(dropped.sequence() + " was expected");
    }

    @Test
    void aSegmentNamedForAnotherFirstBatchIsRefused() throws IOException {
        final List<RecordPlace> records = writeJournal(JournalFixture.ONE_SEGMENT_BYTES);
        final Path misnamed = records.getFirst().file().resolveSibling(JournalDescriptor.segmentName(2));
        Files.move(records.getFirst().file(), misnamed);

        final JournalCorruptedException refused = assertRefusedUnchanged(misnamed, 0);
        assertThat(refused).hasMessageContaining(JournalDescriptor.segmentName(1));
    }

    @Test
    void aMissingSegmentIsRefusedAtTheSegmentAfterIt() throws IOException {
        final List<RecordPlace> records = writeJournal(SMALL_SEGMENT_BYTES);
        final List<Path> segments = records.stream().map(RecordPlace::file).distinct().toList();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        Files.delete(segments.get(1));

        assertRefusedUnchanged(segments.get(2), 0);
    }

    @Test
    void aDamagedLastRecordOfAnOlderSegmentIsCorruptionNotATornTail() throws IOException {
        final List<RecordPlace> records = writeJournal(SMALL_SEGMENT_BYTES);
        final RecordPlace lastOfFirstSegment = lastRecordOf(records, records.getFirst().file());
        assertThat(lastOfFirstSegment.sequence()).isLessThan(records.getLast().sequence());
        JournalFixture.flipByte(lastOfFirstSegment.file(),
                lastOfFirstSegment.offset() + JournalDescriptor.COMMANDS_OFFSET + CommandDescriptor.AMOUNT * Long.BYTES);

        assertRefusedUnchanged(lastOfFirstSegment.file(), lastOfFirstSegment.offset());
    }

    @Test
    void aCutShortOlderSegmentIsCorruptionNotATornTail() throws IOException {
        final List<RecordPlace> records = writeJournal(SMALL_SEGMENT_BYTES);
        final RecordPlace lastOfFirstSegment = lastRecordOf(records, records.getFirst().file());
        final byte[] bytes = Files.readAllBytes(lastOfFirstSegment.file());
        Files.write(lastOfFirstSegment.file(), Arrays.copyOf(bytes, (int) lastOfFirstSegment.end() - 1));

        assertRefusedUnchanged(lastOfFirstSegment.file(), lastOfFirstSegment.offset());
    }

    @Test
    void startUpOfADurableLedgerIsRefusedAndReleasesTheDataDirectory() throws Exception {
        final List<RecordPlace> records = writeJournal(JournalFixture.ONE_SEGMENT_BYTES);
        final RecordPlace damaged = records.get(DAMAGED);
        JournalFixture.flipByte(damaged.file(), damaged.offset() + JournalDescriptor.COMMANDS_OFFSET);
        final TreeMap<String, String> before = JournalFixture.contents(root);

        assertThatThrownBy(() -> DurableLedger.open(new DataDirectory(root), CONFIG, () -> JournalFixture.START_MS,
                DurableLedger.Options.defaults(), null))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(damaged.file() + " at byte offset " + damaged.offset());
        try (DataDirectory again = new DataDirectory(root).lockForWriting()) {
            assertThat(again.root()).isEqualTo(root.toAbsolutePath());
        }
        final TreeMap<String, String> after = JournalFixture.contents(root);
        after.remove("LOCK");
        after.remove(LedgerConfigFile.FILE_NAME);
        assertThat(after).as("journal and snapshot files").isEqualTo(before);
    }

    /** Recovery, with or without snapshots and with tail cutting on, refuses and changes no file. */
    private JournalCorruptedException assertRefusedUnchanged(final Path file, final long offset) {
        final TreeMap<String, String> before = JournalFixture.contents(root);
        JournalCorruptedException refused = null;
        for (final boolean useSnapshots : new boolean[] {true, false}) {
            final Throwable thrown = catchThrowable(
                    () -> Recovery.recover(new DataDirectory(root), CONFIG, useSnapshots, true));
            assertThat(thrown).isInstanceOf(JournalCorruptedException.class);
            refused = (JournalCorruptedException) thrown;
            assertThat(refused.file()).isEqualTo(file.toAbsolutePath());
            assertThat(refused.offset()).isEqualTo(offset);
            assertThat(refused).hasMessageContaining(file.toAbsolutePath().toString())
                    .hasMessageContaining("byte offset " + offset);
        }
        assertThat(JournalFixture.contents(root)).as("files after a refused recovery").isEqualTo(before);
        return refused;
    }

    /**
     * Six batches, with a snapshot after the third. With the smallest segments they lie in three
     * segments: batches 1-3, batch 4, batches 5-6.
     */
    private List<RecordPlace> writeJournal(final long segmentBytesMax) throws IOException {
        try (JournalFixture fixture = JournalFixture.create(root, CONFIG, segmentBytesMax)) {
            fixture.openStandardAccounts();
            fixture.snapshot();
            fixture.append(JournalFixture.payments(1_000, 60));
            fixture.append(JournalFixture.payments(2_000, 60));
            fixture.append(JournalFixture.payments(3_000, 3));
            return JournalFixture.records(fixture.data());
        }
    }

    private static RecordPlace lastRecordOf(final List<RecordPlace> records, final Path segment) {
        return records.stream().filter(record -> record.file().equals(segment)).reduce((first, second) -> second)
                .orElseThrow();
    }
}
