package org.tongbao.durability.journal;

import java.nio.file.Path;

/**
 * The journal is damaged somewhere other than a torn last record: start-up stops and names
 * the spot, and nothing is overwritten. An operator restores the segment from a replica or a
 * backup, or truncates deliberately with full knowledge of what is lost.
 */
public final class JournalCorruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final long offset;

    public JournalCorruptedException(final Path file, final long offset, final String reason) {
        super("journal corrupted in " + file + " at byte offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
