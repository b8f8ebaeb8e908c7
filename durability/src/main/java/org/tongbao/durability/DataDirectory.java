package org.tongbao.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Tongbao data directory: {@code journal/} (segments), {@code snapshots/}, {@code archive/}
 * (segments moved out of the journal by {@code tongbao archive}), and a {@code LOCK}
 * file held exclusively by the one process that writes, so two servers can never append to
 * the same journal. Readers such as {@code verify} do not take the lock.
 */
public final class DataDirectory implements AutoCloseable {
    private final Path root;
    private FileChannel lockChannel;
    private FileLock lock;

    public DataDirectory(final Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path journal() {
        return root.resolve("journal");
    }

    public Path snapshots() {
        return root.resolve("snapshots");
    }

    /** Where {@code tongbao archive} moves journal segments by default. */
    public Path archive() {
        return root.resolve("archive");
    }

    /** Takes the writer's lock; fails with a clear message when another process holds it. */
    public DataDirectory lockForWriting() {
        try {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(root.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("another Tongbao process is using the data directory " + root
                        + "; stop it first (only one process may append to a journal)");
            }
            return this;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot lock the data directory " + root, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
            lockChannel.close();
            lock = null;
        }
    }
}
