package org.tongbao.durability.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.journal.JournalBase;
import org.tongbao.durability.journal.JournalCorruptedException;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.LedgerConfig;

/**
 * Moves journal segments that the newest usable snapshot already covers out of the journal
 * directory, into an archive directory, and never deletes one that is not safely copied first.
 *
 * <p>Order, so that a crash at any point loses nothing: (1) each segment is copied to the
 * archive (temporary name, fsync, rename, fsync of the directory) and checked against the
 * original; (2) {@code journal/BASE} records the last archived batch and its chain hash; (3)
 * only then are the originals removed. A crash before (2) leaves the journal as it was plus
 * copies; after it, the reader skips segments wholly behind the base. The last segment (the
 * one being appended to) is never archived. Recovery afterwards needs a snapshot at or after
 * the base; {@code verify} replays from genesis again when given the archive.
 *
 * <p>The caller holds the data directory's writer lock (no server may run meanwhile).
 */
public final class JournalArchiver {
    /** What an archive run moved. */
    public record Archived(int segments, long bytes, long throughSequence, long snapshotSequence, Path archive) {
    }

    /** What a discard deleted: segments, their bytes, and the last batch they held (the new base). */
    public record Discarded(int segments, long bytes, long throughSequence) {
    }

    private JournalArchiver() {
    }

    /** Archives into {@code archive} every segment wholly covered by the newest usable snapshot of {@code data}. */
    public static Archived archive(final DataDirectory data, final Path archive) {
        final LedgerConfig config = LedgerConfigFile.read(data.root().resolve(LedgerConfigFile.FILE_NAME));
        final long snapshot = newestUsableSnapshot(data, config);
        final JournalBase base = JournalBase.read(data.journal());
        final List<Path> segments = JournalReader.unarchived(JournalReader.segments(data.journal()), base);
        final int covered = covered(segments, snapshot);
        if (covered == 0) {
            return new Archived(0, 0, base.sequence(), snapshot, archive);
        }
        final List<Path> moving = segments.subList(0, covered);
        final JournalScan end = JournalReader.scan(moving, base.start(), record -> { });
        long bytes = 0;
        try {
            Files.createDirectories(archive);
            for (final Path segment : moving) {
                bytes += copyDurably(segment, archive.resolve(segment.getFileName()));
            }
            new JournalBase(end.lastSequence(), end.headHash()).write(data.journal());
            for (final Path segment : moving) {
                Files.delete(segment);
            }
            JournalWriter.syncDirectory(data.journal());
        } catch (final IOException e) {
            throw new UncheckedIOException("archiving the journal of " + data.root() + " into " + archive + " failed", e);
        }
        return new Archived(moving.size(), bytes, end.lastSequence(), snapshot, archive);
    }

    /**
     * For timing runs that would not fit on the disk (the simulator's full-scale year): deletes,
     * without copying, the journal segments wholly covered by the snapshot just written at
     * {@code snapshotSequence}, and every older snapshot (the ledger's and the read models'). The directory can afterwards be
     * recovered and verified only from that snapshot on, never from genesis. Safe while the
     * ledger is open in this process (the writer only appends to the last segment, which is
     * kept); the base is read from the first kept record's link, not by scanning what goes.
     */
    public static Discarded discardCovered(final DataDirectory data, final long snapshotSequence) {
        final JournalBase base = JournalBase.read(data.journal());
        final List<Path> segments = JournalReader.unarchived(JournalReader.segments(data.journal()), base);
        final int covered = covered(segments, snapshotSequence);
        try {
            long bytes = 0;
            long through = base.sequence();
            if (covered > 0) {
                final Path firstKept = segments.get(covered);
                through = JournalDescriptor.firstSequenceOrZero(firstKept) - 1;
                new JournalBase(through, previousHash(firstKept)).write(data.journal());
                for (final Path segment : segments.subList(0, covered)) {
                    bytes += Files.size(segment);
                    Files.delete(segment);
                }
                JournalWriter.syncDirectory(data.journal());
            }
            deleteOlderSnapshots(data.snapshots(), snapshotSequence);
            return new Discarded(covered, bytes, through);
        } catch (final IOException e) {
            throw new UncheckedIOException("discarding covered journal segments of " + data.root() + " failed", e);
        }
    }

    /**
     * Deletes the ledger's and the read models' snapshot files (named by their batch:
     * {@code <20 digits>.<kind>}) taken before batch {@code kept}.
     */
    private static void deleteOlderSnapshots(final Path snapshots, final long kept) throws IOException {
        final List<Path> older;
        try (var files = Files.list(snapshots)) {
            older = files.filter(file -> {
                final String name = file.getFileName().toString();
                return name.matches("\\d{20}\\.[a-z]+") && Long.parseLong(name.substring(0, 20)) < kept;
            }).toList();
        }
        for (final Path file : older) {
            Files.delete(file);
        }
    }

    /**
     * How many of {@code segments}, from the first, hold only batches up to {@code snapshot}
     * (the next one starts at or before the batch after it). The last segment never counts.
     */
    private static int covered(final List<Path> segments, final long snapshot) {
        int covered = 0;
        while (covered + 1 < segments.size()
                && JournalDescriptor.firstSequenceOrZero(segments.get(covered + 1)) - 1 <= snapshot) {
            covered++;
        }
        return covered;
    }

    /** The chain hash the first record of {@code segment} links to: the head of everything before it. */
    private static byte[] previousHash(final Path segment) throws IOException {
        final ByteBuffer header = ByteBuffer.allocate(JournalDescriptor.HEADER_BYTES);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            int read = 0;
            while (header.hasRemaining() && read >= 0) {
                read = channel.read(header);
            }
        }
        if (header.hasRemaining()) {
            throw new JournalCorruptedException(segment, 0, "the segment is shorter than one record header");
        }
        final byte[] hash = new byte[JournalDescriptor.HASH_BYTES];
        header.get(JournalDescriptor.PREVIOUS_HASH_OFFSET, hash);
        return hash;
    }

    private static long newestUsableSnapshot(final DataDirectory data, final LedgerConfig config) {
        for (final Path file : SnapshotFiles.list(data.snapshots())) {
            try {
                return SnapshotFiles.read(file, config).snapshot().sequence();
            } catch (final RuntimeException unusable) {
                continue;
            }
        }
        return 0;
    }

    private static long copyDurably(final Path source, final Path target) throws IOException {
        final Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        if (Files.mismatch(source, temporary) != -1) {
            throw new IOException("the copy of " + source + " in the archive differs from the original");
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        JournalWriter.syncDirectory(target.getParent());
        return Files.size(target);
    }
}
