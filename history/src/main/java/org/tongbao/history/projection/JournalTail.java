package org.tongbao.history.projection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.journal.ChainHash;
import org.tongbao.durability.journal.JournalCorruptedException;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.journal.JournalRecord;
import org.tongbao.durability.recovery.Recovery;

/**
 * Follows a journal that another thread or process may be appending to, from a given batch
 * on, without re-reading what came before: each {@link #poll} hands over the records written
 * since the last one. Each record's CRC and sequence are checked, and its link to the chain
 * hash before it, so a history can never be continued on a journal it does not belong to.
 *
 * <p>A record that is not yet whole at the end of the last segment is being written (or was
 * cut by a crash, which the writer truncates on restart): the poll stops before it and a later
 * one reads it. A bad record anywhere else is corruption and throws
 * {@link JournalCorruptedException}. Segments that {@code tongbao archive} moved into the data
 * directory's {@code archive/} are read from there, in front of the journal's own (the list
 * comes from {@link Recovery#segmentsFromGenesis}, the one that recovery uses), so a history
 * started after an archive still gets every batch from genesis; when the segments it needs are
 * in neither place, the poll throws with a message saying so.
 *
 * <p>One thread at a time (the projector's).
 */
public final class JournalTail {
    private final DataDirectory data;
    private final Path directory;
    private final ChainHash chainHash = new ChainHash();
    private final CRC32C crc = new CRC32C();
    private long sequence;
    private byte[] headHash;
    private Path segment;
    private long offset;

    /**
     * Starts after batch {@code afterSequence}, whose chain hash is {@code headHash} (all zeros
     * for genesis): the next record must link to it.
     */
    public JournalTail(final DataDirectory data, final long afterSequence, final byte[] headHash) {
        this.data = data;
        this.directory = data.journal();
        this.sequence = afterSequence;
        this.headHash = headHash.clone();
    }

    /** The last batch handed over (or the starting one). */
    public long sequence() {
        return sequence;
    }

    /** The chain hash of {@link #sequence()}. */
    public byte[] headHash() {
        return headHash.clone();
    }

    /**
     * Hands {@code visitor} the whole records after {@link #sequence()} and at most
     * {@code limitSequence}, at most {@code recordsMax} of them, in order; returns how many.
     * The record passed is valid only during the call.
     */
    public int poll(final long limitSequence, final int recordsMax, final Consumer<JournalRecord> visitor) {
        int delivered = 0;
        while (delivered < recordsMax && sequence < limitSequence) {
            if (segment == null && !findSegment()) {
                return delivered;
            }
            final int read = readSegment(limitSequence, recordsMax - delivered, visitor);
            delivered += read;
            if (read == 0 && !nextSegment()) {
                return delivered;
            }
        }
        return delivered;
    }

    /** Positions at the segment holding {@code sequence + 1}; false when the journal does not reach it yet. */
    private boolean findSegment() {
        final List<Path> segments = Recovery.segmentsFromGenesis(data);
        Path found = null;
        for (final Path candidate : segments) {
            final long first = firstSequence(candidate);
            if (first <= sequence + 1) {
                found = candidate;
            }
        }
        if (found == null) {
            if (!segments.isEmpty()) {
                throw new IllegalStateException("the journal in " + directory + " starts at batch "
                        + firstSequence(segments.getFirst()) + " but the history is at batch " + sequence
                        + ": the segments in between were archived and are not in " + data.archive()
                        + "; put them back there, or rebuild the history from a fresh database");
            }
            return false;
        }
        segment = found;
        offset = 0;
        return true;
    }

    /** Moves to the segment that starts right after the last record, when it exists. */
    private boolean nextSegment() {
        final Path next = successor();
        if (next == null || next.equals(segment)) {
            return false;
        }
        segment = next;
        offset = 0;
        return true;
    }

    /** The segment (archived or not) whose first batch is {@code sequence + 1}, or null. */
    private Path successor() {
        for (final Path candidate : Recovery.segmentsFromGenesis(data)) {
            if (firstSequence(candidate) == sequence + 1) {
                return candidate;
            }
        }
        return null;
    }

    private int readSegment(final long limitSequence, final int recordsMax, final Consumer<JournalRecord> visitor) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (offset >= size) {
                return 0;
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            int delivered = 0;
            while (offset < size && delivered < recordsMax && sequence < limitSequence) {
                final int length = wholeRecordLength(mapped, (int) offset, size);
                if (length < 0) {
                    if (isLastSegment()) {
                        return delivered;
                    }
                    throw new JournalCorruptedException(segment, offset, "damaged record in a segment that has a successor");
                }
                final long recordSequence = mapped.getLong((int) offset + JournalDescriptor.SEQUENCE_OFFSET);
                if (recordSequence <= sequence) {
                    offset += length;
                    continue;
                }
                if (recordSequence > limitSequence) {
                    return delivered;
                }
                final ByteBuffer record = mapped.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
                visitor.accept(link(record, recordSequence));
                offset += length;
                delivered++;
            }
            return delivered;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read journal segment " + segment, e);
        }
    }

    private JournalRecord link(final ByteBuffer record, final long recordSequence) {
        if (recordSequence != sequence + 1) {
            throw new JournalCorruptedException(segment, offset,
                    "record has sequence " + recordSequence + " where " + (sequence + 1) + " was expected");
        }
        final byte[] previous = new byte[JournalDescriptor.HASH_BYTES];
        record.get(JournalDescriptor.PREVIOUS_HASH_OFFSET, previous);
        if (!Arrays.equals(previous, headHash)) {
            throw new JournalCorruptedException(segment, offset, "record " + recordSequence
                    + " does not link to the chain hash the history recorded for batch " + sequence
                    + ": this history belongs to another journal");
        }
        final byte[] content = chainHash.contentDigest(record);
        final byte[] linked = chainHash.link(previous, content);
        final JournalRecord valid = new JournalRecord(segment, offset, recordSequence,
                record.getLong(JournalDescriptor.TIMESTAMP_OFFSET), record.getInt(JournalDescriptor.COUNT_OFFSET),
                previous, content, linked, record);
        sequence = recordSequence;
        headHash = linked;
        return valid;
    }

    /** The length of the whole, CRC-valid record at {@code at}, or -1 when there is none (yet). */
    private int wholeRecordLength(final ByteBuffer mapped, final int at, final long size) {
        if (size - at < JournalDescriptor.HEADER_BYTES) {
            return -1;
        }
        final int length = mapped.getInt(at);
        final int count = mapped.getInt(at + JournalDescriptor.COUNT_OFFSET);
        if (length < JournalDescriptor.recordLength(1) || at + (long) length > size
                || JournalDescriptor.recordLength(count) != length) {
            return -1;
        }
        crc.reset();
        crc.update(mapped.slice(at + JournalDescriptor.CRC_START, length - JournalDescriptor.CRC_START));
        return (int) crc.getValue() == mapped.getInt(at + JournalDescriptor.CRC_OFFSET) ? length : -1;
    }

    private boolean isLastSegment() {
        final Path next = successor();
        return next == null || next.equals(segment);
    }

    private static long firstSequence(final Path file) {
        final String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - JournalDescriptor.SEGMENT_SUFFIX.length()));
        } catch (final NumberFormatException e) {
            throw new JournalCorruptedException(file, 0, "not a journal segment name");
        }
    }
}
