package org.tongbao.durability.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.ReadModel;
import org.tongbao.durability.journal.JournalBase;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.journal.JournalRecord;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.command.CommandBatch;

/**
 * Start-up: the newest valid snapshot, then replay of every journal record after it. The
 * result has the same state hash as the ledger had before the stop. A torn last record is
 * cut off (it was never acknowledged); any other damage throws
 * {@link org.tongbao.durability.journal.JournalCorruptedException} and nothing is changed.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * What recovery did.
     *
     * @param ledger            the recovered ledger, at the journal's last batch
     * @param journal           where the journal ends (for the writer to continue)
     * @param snapshotSequence  batch of the snapshot used, 0 for none
     * @param replayedBatches   batches replayed from the journal
     * @param replayedCommands  commands in them
     * @param truncatedBytes    torn bytes cut from the end of the journal
     * @param warnings          snapshots skipped as unreadable, and why
     */
    public record Recovered(Ledger ledger, JournalScan journal, long snapshotSequence, long replayedBatches,
                            long replayedCommands, long truncatedBytes, List<String> warnings) {
    }

    /**
     * Recovers the ledger of {@code data}: from its newest valid snapshot when
     * {@code useSnapshots}, else from genesis; when {@code truncateTornTail}, cuts a torn last
     * record off the file (a writer does; {@code verify} only reports it).
     */
    public static Recovered recover(final DataDirectory data, final LedgerConfig config, final boolean useSnapshots,
                                    final boolean truncateTornTail) {
        return recover(data, config, useSnapshots, truncateTornTail, null);
    }

    /** As {@link #recover(DataDirectory, LedgerConfig, boolean, boolean)}, rebuilding {@code readModel} (may be null) too. */
    public static Recovered recover(final DataDirectory data, final LedgerConfig config, final boolean useSnapshots,
                                    final boolean truncateTornTail, final ReadModel readModel) {
        return recover(data, config, useSnapshots, truncateTornTail, readModel, null);
    }

    /**
     * As above, reading the segments in {@code archive} (may be null) in front of the journal,
     * as {@code tongbao archive} moved them there: so a journal whose beginning was archived can
     * still be replayed from genesis and its whole hash chain checked.
     */
    public static Recovered recover(final DataDirectory data, final LedgerConfig config, final boolean useSnapshots,
                                    final boolean truncateTornTail, final ReadModel readModel, final Path archive) {
        final List<String> warnings = new ArrayList<>();
        SnapshotFiles.Loaded loaded = null;
        for (final Path file : useSnapshots ? SnapshotFiles.list(data.snapshots()) : List.<Path>of()) {
            try {
                loaded = SnapshotFiles.read(file, config);
                break;
            } catch (final RuntimeException e) {
                warnings.add("skipped snapshot " + file + ": " + e.getMessage());
            }
        }
        final Ledger ledger = loaded == null ? new Ledger(config) : loaded.ledger();
        final long base = ledger.sequence();
        final JournalBase onDisk = JournalBase.read(data.journal());
        final JournalBase journalBase = archive == null ? onDisk : JournalBase.genesis();
        final List<Path> segments = segments(data, onDisk, archive == null ? List.of() : JournalReader.segments(archive));
        if (journalBase.sequence() > base) {
            throw new IllegalStateException("the journal in " + data.journal() + " starts after batch "
                    + journalBase.sequence() + " (older segments were archived) but the " + (loaded == null
                    ? "replay starts from genesis" : "newest usable snapshot is at batch " + base)
                    + ": recover from a snapshot at or after batch " + journalBase.sequence()
                    + ", or put the archived segments back in front of the journal");
        }
        if (journalBase.sequence() == base && base > 0
                && !Arrays.equals(journalBase.headHash(), loaded.snapshot().journalHash())) {
            throw new IllegalStateException("snapshot at batch " + base + " does not belong to this journal: the"
                    + " journal base's chain hash differs from the one the snapshot recorded");
        }
        if (readModel != null) {
            readModel.recovered(data, ledger);
        }
        final byte[] baseHash = loaded == null ? JournalScan.GENESIS_HASH : loaded.snapshot().journalHash();
        final CommandBatch batch = new CommandBatch(config.batchMax());
        final BatchOutcome outcome = new BatchOutcome(config.batchMax());
        final long[] replayed = new long[2];
        final JournalScan scan = JournalReader.scan(segments, journalBase.start(), record -> {
            if (record.sequence() < base) {
                return;
            }
            if (record.sequence() == base) {
                if (!Arrays.equals(record.chainHash(), baseHash)) {
                    throw new IllegalStateException("snapshot at batch " + base + " does not belong to this journal:"
                            + " the journal's chain hash there differs from the one the snapshot recorded");
                }
                return;
            }
            record.commandsInto(batch);
            ledger.apply(record.sequence(), record.timestampMs(), batch, outcome);
            if (readModel != null) {
                readModel.batchApplied(ledger, record.sequence(), record.timestampMs(), outcome);
            }
            replayed[0]++;
            replayed[1] += record.commandCount();
        });
        if (scan.lastSequence() < base) {
            throw new IllegalStateException("the journal ends at batch " + scan.lastSequence()
                    + " but the snapshot is at batch " + base + ": journal segments are missing from " + data.journal());
        }
        if (scan.tornBytes() > 0 && truncateTornTail) {
            truncate(scan.lastSegment(), scan.validBytes());
        }
        return new Recovered(ledger, scan, base, replayed[0], replayed[1], scan.tornBytes(), warnings);
    }

    /**
     * Scans the whole history from genesis for read models that rebuild from scratch: the
     * archived segments in {@code data.archive()} first when the journal's beginning was
     * archived (throws, saying so, when they are not there), then the journal.
     */
    public static JournalScan scanFromGenesis(final DataDirectory data, final Consumer<JournalRecord> visitor) {
        final JournalBase base = JournalBase.read(data.journal());
        final List<Path> archived = base.sequence() > 0 ? JournalReader.segments(data.archive()) : List.of();
        if (base.sequence() > 0 && archived.isEmpty()) {
            throw new IllegalStateException("the journal in " + data.journal() + " starts after batch "
                    + base.sequence() + " and its archived segments are not in " + data.archive()
                    + ": put them back there to rebuild from genesis");
        }
        return JournalReader.scan(segments(data, base, archived), JournalScan.empty(), visitor);
    }

    /**
     * The segments that hold {@code data}'s journal from genesis as far as they are on disk: the
     * archived ones in {@code data.archive()} when the journal's beginning was archived, then the
     * journal's own after its base. For readers that follow the journal from any batch (the
     * history projection); unlike {@link #scanFromGenesis} it does not insist on the archive,
     * since a reader that starts after the base needs none of it.
     */
    public static List<Path> segmentsFromGenesis(final DataDirectory data) {
        final JournalBase base = JournalBase.read(data.journal());
        return segments(data, base, base.sequence() > 0 ? JournalReader.segments(data.archive()) : List.of());
    }

    /** {@code archived} segments, then the journal's own after its base {@code onDisk}. */
    private static List<Path> segments(final DataDirectory data, final JournalBase onDisk, final List<Path> archived) {
        final List<Path> segments = new ArrayList<>(archived);
        segments.addAll(JournalReader.unarchived(JournalReader.segments(data.journal()), onDisk));
        return segments;
    }

    private static void truncate(final Path segment, final long validBytes) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(validBytes);
            channel.force(true);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot cut the torn record off " + segment, e);
        }
    }
}
