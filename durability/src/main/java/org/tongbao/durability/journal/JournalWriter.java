package org.tongbao.durability.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.tongbao.engine.Checks;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;

/**
 * Appends batches to the journal ({@link JournalDescriptor}) and makes them durable. A batch
 * is written with {@link #append} and is durable once {@link #sync} returns: the group-commit
 * sequencer's syncer calls sync once for the batches handed to it since the last, and only
 * then answers their callers. Segments roll over at a size limit; the directory is synced
 * whenever a segment is created.
 *
 * <p>Fail-stop: once a write or a sync has failed, every later {@link #append} and
 * {@link #sync} throws that failure again. (Linux reports a failed writeback once and then
 * marks the pages clean, so a second fsync could "succeed" over data that never reached the
 * disk; a snapshot taken on its word would be ahead of the journal.)
 *
 * <p>Threads: {@link #append}, {@link #lastSequence}, {@link #headHash} and
 * {@link #bytesWritten} belong to one thread (the sequencer's); {@link #sync}, {@link #syncs}
 * and {@link #close} may be called from any thread (the syncer's, a snapshot's).
 */
public final class JournalWriter implements AutoCloseable {
    /** Default segment size limit: 256 MiB, about 4 million commands. */
    public static final long SEGMENT_BYTES_DEFAULT = 256L << 20;

    private final Path directory;
    private final long segmentBytesMax;
    private final ByteBuffer buffer;
    /** Guards {@link #segment} against a sync on another thread while a segment rolls over. */
    private final Object segmentLock = new Object();
    private final CRC32C crc = new CRC32C();
    private final ChainHash chainHash = new ChainHash();
    private FileChannel segment;
    private long segmentBytes;
    private long lastSequence;
    private byte[] headHash;
    private long bytesWritten;
    private long syncs;
    /** The first write or sync that failed (guarded by {@link #segmentLock}); the writer is then dead. */
    private IOException failure;

    /**
     * Continues the journal after {@code position} (as found by {@link JournalReader#scan}):
     * appends to its last segment, or starts the first one.
     */
    public static JournalWriter open(final Path directory, final JournalScan position, final int batchMax,
                                     final long segmentBytesMax) {
        try {
            Files.createDirectories(directory);
            final JournalWriter writer = new JournalWriter(directory, position.lastSequence(), position.headHash(),
                    batchMax, segmentBytesMax);
            if (position.lastSegment() != null) {
                writer.segment = FileChannel.open(position.lastSegment(), StandardOpenOption.WRITE);
                writer.segment.position(position.validBytes());
                writer.segmentBytes = position.validBytes();
            }
            return writer;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + directory, e);
        }
    }

    private JournalWriter(final Path directory, final long lastSequence, final byte[] headHash, final int batchMax,
                          final long segmentBytesMax) {
        Checks.checkArgument(segmentBytesMax >= JournalDescriptor.recordLength(batchMax),
                "segment size limit must hold at least one full batch");
        this.directory = directory;
        this.segmentBytesMax = segmentBytesMax;
        this.lastSequence = lastSequence;
        this.headHash = headHash.clone();
        this.buffer = ByteBuffer.allocateDirect(JournalDescriptor.recordLength(batchMax)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes one batch (not yet durable); returns the new head hash. */
    public byte[] append(final long sequence, final long timestampMs, final CommandBatch batch) throws IOException {
        Checks.checkArgument(sequence == lastSequence + 1, "journal sequence must grow by one");
        Checks.checkArgument(batch.count() > 0, "an empty batch is not journaled");
        rethrowFailure();
        final int length = encode(sequence, timestampMs, batch);
        try {
            if (segment == null || segmentBytes + length > segmentBytesMax) {
                startSegment(sequence);
            }
            buffer.position(0).limit(length);
            while (buffer.hasRemaining()) {
                segment.write(buffer);
            }
        } catch (final IOException e) {
            failed(e);
            throw e;
        }
        segmentBytes += length;
        bytesWritten += length;
        lastSequence = sequence;
        return headHash.clone();
    }

    /**
     * Forces everything appended so far to the device (fdatasync). May run on another thread
     * than {@link #append} (the sequencer's syncer does so): a segment that rolls over meanwhile
     * was forced before it was closed, so syncing the current one covers all.
     */
    public void sync() throws IOException {
        synchronized (segmentLock) {
            rethrowFailure();
            if (segment != null) {
                try {
                    segment.force(false);
                } catch (final IOException e) {
                    failed(e);
                    throw e;
                }
                syncs++;
            }
        }
    }

    private void failed(final IOException cause) {
        synchronized (segmentLock) {
            if (failure == null) {
                failure = cause;
            }
        }
    }

    private void rethrowFailure() throws IOException {
        synchronized (segmentLock) {
            if (failure != null) {
                throw new IOException("the journal failed earlier and takes no more writes or syncs: "
                        + failure.getMessage(), failure);
            }
        }
    }

    /** How many times {@link #sync} forced the journal since this writer was opened. */
    public long syncs() {
        synchronized (segmentLock) {
            return syncs;
        }
    }

    public long lastSequence() {
        return lastSequence;
    }

    public byte[] headHash() {
        return headHash.clone();
    }

    /** Bytes appended since this writer was opened. */
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() throws IOException {
        synchronized (segmentLock) {
            if (segment != null) {
                segment.force(false);
                segment.close();
                segment = null;
            }
        }
    }

    private int encode(final long sequence, final long timestampMs, final CommandBatch batch) {
        final int count = batch.count();
        final int length = JournalDescriptor.recordLength(count);
        final ByteBuffer b = buffer;
        b.clear();
        b.putInt(JournalDescriptor.LENGTH_OFFSET, length);
        b.putLong(JournalDescriptor.SEQUENCE_OFFSET, sequence);
        b.putLong(JournalDescriptor.TIMESTAMP_OFFSET, timestampMs);
        b.putInt(JournalDescriptor.COUNT_OFFSET, count);
        b.putInt(JournalDescriptor.VERSION_OFFSET, JournalDescriptor.FORMAT_VERSION);
        b.put(JournalDescriptor.PREVIOUS_HASH_OFFSET, headHash);
        int position = JournalDescriptor.COMMANDS_OFFSET;
        for (int i = 0; i < count; i++) {
            for (int w = 0; w < CommandDescriptor.WORDS; w++) {
                b.putLong(position, batch.word(i, w));
                position += Long.BYTES;
            }
        }
        b.position(0).limit(length);
        final byte[] contentDigest = chainHash.contentDigest(b);
        headHash = chainHash.link(headHash, contentDigest);
        crc.reset();
        b.position(JournalDescriptor.CRC_START).limit(length);
        crc.update(b);
        b.putInt(JournalDescriptor.CRC_OFFSET, (int) crc.getValue());
        return length;
    }

    private void startSegment(final long firstSequence) throws IOException {
        final Path file = directory.resolve(JournalDescriptor.segmentName(firstSequence));
        synchronized (segmentLock) {
            if (segment != null) {
                segment.force(false);
                segment.close();
            }
            segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        segmentBytes = 0;
        syncDirectory(directory);
    }

    /** Makes a created or renamed file's directory entry durable. */
    public static void syncDirectory(final Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
