package org.tongbao.durability.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;

/**
 * Snapshots of the ledger: the canonical state ({@link StateWriter}) after a given batch, in
 * {@code snapshots/<sequence, 20 digits>.tbs}. Written atomically: to a temporary file, synced,
 * renamed, and the directory synced, so a crash leaves either the old set or the new one.
 *
 * <pre>
 *  offset  size  field
 *       0     8  magic "TBSNAP02" (02: loan applications after the loans; a snapshot of
 *                  another version is skipped and recovery replays the journal instead)
 *       8     8  sequence          the batch after which the state was taken
 *      16    32  journalHash       the journal's chain hash at that batch
 *      48    32  stateHash         Ledger.stateHash() of the state
 *      80   8×n  state             the canonical stream, little-endian longs
 *    last     8  crc32c            CRC-32C of every byte before it (as a long)
 * </pre>
 *
 * Stateless; any thread, but one writer per data directory.
 */
public final class SnapshotFiles {
    public static final String SUFFIX = ".tbs";
    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] MAGIC = "TBSNAP02".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SnapshotFiles() {
    }

    /** What a snapshot file says about itself. */
    public record Snapshot(Path file, long sequence, byte[] journalHash, byte[] stateHash) {
    }

    public static String fileName(final long sequence) {
        return String.format("%020d%s", sequence, SUFFIX);
    }

    /** The batch a snapshot file's name says it was taken after. */
    public static long sequenceOf(final Path file) {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** Writes a snapshot of {@code ledger}, whose last batch has chain hash {@code journalHash}. */
    public static Snapshot write(final Path directory, final Ledger ledger, final byte[] journalHash) {
        final byte[] stateHash = ledger.stateHash();
        final Path target = directory.resolve(fileName(ledger.sequence()));
        final Path temporary = directory.resolve(fileName(ledger.sequence()) + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                final CrcOutput out = new CrcOutput(Channels.newOutputStream(channel));
                out.write(MAGIC);
                out.writeLong(ledger.sequence());
                out.write(journalHash);
                out.write(stateHash);
                ledger.writeState(out);
                out.writeTrailer();
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            JournalWriter.syncDirectory(directory);
            return new Snapshot(target, ledger.sequence(), journalHash.clone(), stateHash);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + target, e);
        }
    }

    /** Snapshot files of {@code directory}, newest first. */
    public static List<Path> list(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString())).toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + directory, e);
        }
    }

    /** The ledger a snapshot holds, checked (CRC, and state hash recomputed after loading). */
    public static Loaded read(final Path file, final LedgerConfig config) {
        try (InputStream raw = Files.newInputStream(file)) {
            final CrcInput in = new CrcInput(raw, Files.size(file) - Long.BYTES);
            final byte[] magic = in.readBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalStateException("snapshot " + file + " is not a Tongbao snapshot of this version, "
                        + new String(MAGIC, java.nio.charset.StandardCharsets.US_ASCII) + " (bad magic)");
            }
            final long sequence = in.readLong();
            final byte[] journalHash = in.readBytes(JournalDescriptor.HASH_BYTES);
            final byte[] stateHash = in.readBytes(JournalDescriptor.HASH_BYTES);
            final Ledger ledger = Ledger.restore(config, in);
            in.checkTrailer(file);
            final byte[] rebuilt = ledger.stateHash();
            if (!Arrays.equals(rebuilt, stateHash) || ledger.sequence() != sequence) {
                throw new IllegalStateException("snapshot " + file + " rebuilds a different state (hash "
                        + HexFormat.of().formatHex(rebuilt) + ", recorded " + HexFormat.of().formatHex(stateHash) + ")");
            }
            return new Loaded(new Snapshot(file, sequence, journalHash, stateHash), ledger);
        } catch (final EOFException e) {
            throw new IllegalStateException("snapshot " + file + " is cut short: it ends inside its state", e);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + file, e);
        }
    }

    /** A snapshot and the ledger rebuilt from it. */
    public record Loaded(Snapshot snapshot, Ledger ledger) {
    }

    /**
     * The canonical state stream written to a file, keeping a CRC-32C of everything written.
     * Longs gather in a 1 MiB buffer that is checksummed and written whole: per-long calls
     * cost more than the disk at tens of millions of accounts.
     */
    private static final class CrcOutput extends StateWriter<CrcOutput> {
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private final byte[] buffer = new byte[1 << 20];
        private int position;

        CrcOutput(final OutputStream out) {
            this.out = out;
        }

        void write(final byte[] bytes) throws IOException {
            flushBuffer();
            out.write(bytes);
            crc.update(bytes);
        }

        void writeLong(final long value) throws IOException {
            if (position + Long.BYTES > buffer.length) {
                flushBuffer();
            }
            LITTLE_ENDIAN_LONG.set(buffer, position, value);
            position += Long.BYTES;
        }

        @Override
        protected void write(final long value) {
            try {
                writeLong(value);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected CrcOutput self() {
            return this;
        }

        void writeTrailer() throws IOException {
            flushBuffer();
            final byte[] trailer = new byte[Long.BYTES];
            LITTLE_ENDIAN_LONG.set(trailer, 0, crc.getValue());
            out.write(trailer);
            out.flush();
        }

        private void flushBuffer() throws IOException {
            crc.update(buffer, 0, position);
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    /**
     * Input that keeps a CRC-32C of everything read before the trailer, reading and checksumming
     * 1 MiB at a time (never past the body, so the trailer stays unread until checked).
     */
    private static final class CrcInput implements StateReader {
        private final InputStream in;
        private final CRC32C crc = new CRC32C();
        private final byte[] buffer = new byte[1 << 20];
        private final long bodyBytes;
        private long filled;
        private int position;
        private int limit;

        CrcInput(final InputStream in, final long bodyBytes) {
            this.in = in;
            this.bodyBytes = bodyBytes;
        }

        byte[] readBytes(final int count) throws IOException {
            final byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                if (position == limit) {
                    fill();
                }
                bytes[i] = buffer[position++];
            }
            return bytes;
        }

        long readLong() throws IOException {
            if (limit - position < Long.BYTES) {
                return (long) LITTLE_ENDIAN_LONG.get(readBytes(Long.BYTES), 0);
            }
            final long value = (long) LITTLE_ENDIAN_LONG.get(buffer, position);
            position += Long.BYTES;
            return value;
        }

        /** Reads the next chunk of the body (keeping any unread bytes) and checksums it. */
        private void fill() throws IOException {
            final int left = limit - position;
            System.arraycopy(buffer, position, buffer, 0, left);
            position = 0;
            limit = left;
            final int want = (int) Math.min(buffer.length - left, bodyBytes - filled);
            if (want <= 0) {
                throw new EOFException("snapshot ends inside its state");
            }
            final int got = in.readNBytes(buffer, left, want);
            if (got < want) {
                throw new EOFException("snapshot ends inside its state");
            }
            crc.update(buffer, left, got);
            filled += got;
            limit = left + got;
        }

        @Override
        public long next() {
            try {
                return readLong();
            } catch (final EOFException e) {
                throw new IllegalStateException("snapshot ends inside its state", e);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void checkTrailer(final Path file) throws IOException {
            final long unread = bodyBytes - filled + (limit - position);
            if (unread != 0) {
                throw new IllegalStateException("snapshot " + file + " has " + unread + " unexpected bytes");
            }
            final long expected = crc.getValue();
            final byte[] trailer = in.readNBytes(Long.BYTES);
            if (trailer.length < Long.BYTES || (long) LITTLE_ENDIAN_LONG.get(trailer, 0) != expected) {
                throw new IllegalStateException("snapshot " + file + " fails its CRC-32C check");
            }
        }
    }
}
