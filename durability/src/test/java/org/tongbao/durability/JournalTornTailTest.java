package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.JournalFixture.RecordPlace;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;

/**
 * A crash while a batch is being appended leaves its record cut short: it was never
 * acknowledged, so recovery drops exactly that record, cuts it off the file, and the journal
 * continues from the record before. Real files; every cut of the last record is tried.
 */
class JournalTornTailTest {
    private static final LedgerConfig CONFIG = JournalFixture.config();
    private static final int LAST_BATCH_COMMANDS = 3;

    @TempDir
    Path temporary;

    /** The journal as written, the commands of the last record, and the state before and after it. */
    private record Written(Path root, List<RecordPlace> records, List<Command> lastBatch, long lastTimestampMs,
                           byte[] stateBeforeLast, byte[] stateAfterLast, byte[] headBeforeLast, byte[] headAfterLast) {
        RecordPlace last() {
            return records.getLast();
        }
    }

    @Test
    void recoveryDropsExactlyTheLastRecordWhereverItIsCut() throws IOException {
        final Written written = writeJournal(temporary.resolve("original"), JournalFixture.ONE_SEGMENT_BYTES);
        assertThat(segmentCount(written)).isEqualTo(1);
        assertEveryCutDropsTheLastRecord(written);
    }

    @Test
    void aTornRecordAloneInTheNewestSegmentIsCutToAnEmptySegmentThatTheJournalContinues() throws IOException {
        final Written written = writeJournal(temporary.resolve("original"), JournalDescriptor.recordLength(CONFIG.batchMax()));
        assertThat(segmentCount(written)).isGreaterThan(1);
        assertThat(written.last().offset()).as("the last record starts its own segment").isZero();
        assertEveryCutDropsTheLastRecord(written);
    }

    @Test
    void zerosAfterTheLastRecordAreTakenForATornTailAndCutOff() throws IOException {
        final Written written = writeJournal(temporary.resolve("original"), JournalFixture.ONE_SEGMENT_BYTES);
        for (final int zeros : new int[] {1, JournalDescriptor.HEADER_BYTES - 1, JournalDescriptor.HEADER_BYTES, 4_096}) {
            final Path root = temporary.resolve("zeros-" + zeros);
            JournalFixture.copyTree(written.root(), root);
            final Path segment = root.resolve("journal").resolve(written.last().file().getFileName());
            Files.write(segment, new byte[zeros], StandardOpenOption.APPEND);

            final Recovery.Recovered recovered = Recovery.recover(new DataDirectory(root), CONFIG, true, true);

            assertThat(recovered.journal().lastSequence()).as("%d zeros", zeros).isEqualTo(written.last().sequence());
            assertThat(recovered.truncatedBytes()).as("%d zeros", zeros).isEqualTo(zeros);
            assertThat(recovered.ledger().stateHash()).as("%d zeros", zeros).isEqualTo(written.stateAfterLast());
            assertThat(Files.size(segment)).as("%d zeros", zeros).isEqualTo(written.last().end());
        }
    }

    private void assertEveryCutDropsTheLastRecord(final Written written) throws IOException {
        final RecordPlace last = written.last();
        assertThat(last.length()).isEqualTo(JournalDescriptor.recordLength(LAST_BATCH_COMMANDS));
        final byte[] segmentBytes = Files.readAllBytes(last.file());
        for (long cut = last.offset(); cut < last.end(); cut++) {
            final Path root = temporary.resolve("cut-" + cut);
            JournalFixture.copyTree(written.root(), root);
            final Path segment = root.resolve("journal").resolve(last.file().getFileName());
            Files.write(segment, Arrays.copyOf(segmentBytes, Math.toIntExact(cut)));
            final DataDirectory data = new DataDirectory(root);

            final Recovery.Recovered recovered = Recovery.recover(data, CONFIG, true, true);

            assertThat(recovered.journal().lastSequence()).as("cut at %d", cut).isEqualTo(last.sequence() - 1);
            assertThat(recovered.ledger().sequence()).as("cut at %d", cut).isEqualTo(last.sequence() - 1);
            assertThat(recovered.ledger().stateHash()).as("cut at %d", cut).isEqualTo(written.stateBeforeLast());
            assertThat(recovered.journal().headHash()).as("cut at %d", cut).isEqualTo(written.headBeforeLast());
            assertThat(recovered.truncatedBytes()).as("cut at %d", cut).isEqualTo(cut - last.offset());
            assertThat(Files.size(segment)).as("file cut back to the record start, cut at %d", cut).isEqualTo(last.offset());

            appendAgain(data, recovered, written);
            final Recovery.Recovered again = Recovery.recover(data, CONFIG, true, true);
            assertThat(again.truncatedBytes()).as("cut at %d, appended again", cut).isZero();
            assertThat(again.journal().lastSequence()).as("cut at %d, appended again", cut).isEqualTo(last.sequence());
            assertThat(again.ledger().stateHash()).as("cut at %d, appended again", cut).isEqualTo(written.stateAfterLast());
            assertThat(again.journal().headHash()).as("cut at %d, appended again", cut).isEqualTo(written.headAfterLast());
            assertThat(Files.readAllBytes(segment)).as("cut at %d, appended again", cut).isEqualTo(segmentBytes);
        }
    }

    /** Appends the lost batch again, as a restarted server would when its client retries. */
    private static void appendAgain(final DataDirectory data, final Recovery.Recovered recovered, final Written written)
            throws IOException {
        final CommandBatch batch = new CommandBatch(CONFIG.batchMax());
        written.lastBatch().forEach(command -> command.appendTo(batch));
        try (JournalWriter writer = JournalWriter.open(data.journal(), recovered.journal(), CONFIG.batchMax(),
                JournalFixture.ONE_SEGMENT_BYTES)) {
            writer.append(written.last().sequence(), written.lastTimestampMs(), batch);
            writer.sync();
        }
    }

    private static Written writeJournal(final Path root, final long segmentBytesMax) throws IOException {
        try (JournalFixture fixture = JournalFixture.create(root, CONFIG, segmentBytesMax)) {
            fixture.openStandardAccounts();
            fixture.append(JournalFixture.payments(1_000, CONFIG.batchMax()));
            final byte[] stateBefore = fixture.ledger().stateHash();
            final byte[] headBefore = fixture.headHash();
            final List<Command> lastBatch = JournalFixture.payments(2_000, LAST_BATCH_COMMANDS);
            final BatchOutcome applied = fixture.append(lastBatch);
            for (int i = 0; i < applied.count(); i++) {
                assertThat(applied.result(i)).isEqualTo(ResultCode.OK);
            }
            return new Written(root, JournalFixture.records(fixture.data()), lastBatch, fixture.nowMs(), stateBefore,
                    fixture.ledger().stateHash(), headBefore, fixture.headHash());
        }
    }

    private static long segmentCount(final Written written) {
        return written.records().stream().map(RecordPlace::file).distinct().count();
    }
}
