package org.tongbao.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.archive.JournalArchiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tongbao archive}: moves journal segments the newest snapshot covers into an archive directory. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        header = "Move journal segments a snapshot covers into DIR/archive.",
        description = {"Move the journal segments that the newest usable snapshot already covers out of DIR/journal",
            "into an archive directory (copied and checked first, never deleted unarchived); journal/BASE keeps",
            "the hash chain linked. Run it with the server stopped. Afterwards the ledger recovers from the",
            "snapshot; verify --archive DIR replays from genesis."})
final class ArchiveCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The data directory.")
    private Path data;

    @Option(names = "--to", description = "Where the segments go (default: DIR/archive).")
    private Path to;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("no data directory at " + data);
        }
        try (DataDirectory directory = new DataDirectory(data).lockForWriting()) {
            final JournalArchiver.Archived archived = JournalArchiver.archive(directory,
                    to != null ? to : directory.archive());
            if (archived.segments() == 0) {
                System.out.printf("archive: nothing to move: no closed segment ends at or before the newest usable"
                        + " snapshot (batch %d)%n", archived.snapshotSequence());
                return 0;
            }
            System.out.printf("archive: moved %d segments (%,d bytes, batches up to %d) to %s; the journal now starts"
                    + " after batch %d; newest snapshot: batch %d%n", archived.segments(), archived.bytes(),
                    archived.throughSequence(), archived.archive(), archived.throughSequence(), archived.snapshotSequence());
            return 0;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot release the data directory " + data, e);
        }
    }
}
