package org.tongbao.durability.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads the journal from its first segment, checking every record's length, CRC, sequence,
 * format and hash chain, and hands each valid record to a visitor in order.
 *
 * <p><b>Torn tail or corruption.</b> A crash can cut the record being written; it was never
 * acknowledged (acknowledgement waits for the sync after the write). A bad record is taken
 * for such a torn tail only when it is the last thing in the last segment: fewer bytes than a
 * header remain, or no intact record follows it and its length runs past the end of the file,
 * it ends exactly at the end of the file, or the rest of the file is zeros. Anything else (a
 * bad record with an intact one or other data after it, a gap in sequence, a broken chain, a
 * bad segment name) is corruption and throws
 * {@link JournalCorruptedException} naming the file and byte offset.
 *
 * <p>Stateless; any thread. Segments are memory-mapped read-only while scanned.
 */
public final class JournalReader {
    private JournalReader() {
    }

    /** The segment files of {@code directory} in sequence order (none if it does not exist). */
    public static List<Path> segments(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(JournalDescriptor.SEGMENT_SUFFIX))
                    .sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list the journal in " + directory, e);
        }
    }

    /**
     * Scans the journal of {@code directory} from its base ({@link JournalBase}: genesis, or the
     * last archived batch), calling {@code visitor} for each valid record in order.
     */
    public static JournalScan scan(final Path directory, final Consumer<JournalRecord> visitor) {
        final JournalBase base = JournalBase.read(directory);
        return scan(unarchived(segments(directory), base), base.start(), visitor);
    }

    /**
     * Scans {@code segments} in order, the first continuing from {@code start} (its sequence
     * and chain hash): for a journal with its archived segments put back in front of it, or
     * any other run of consecutive segments.
     */
    public static JournalScan scan(final List<Path> segments, final JournalScan start,
                                   final Consumer<JournalRecord> visitor) {
        final ChainHash chainHash = new ChainHash();
        final CRC32C crc = new CRC32C();
        JournalScan position = start;
        for (int i = 0; i < segments.size(); i++) {
            position = scanSegment(segments.get(i), i == segments.size() - 1, position, chainHash, crc, visitor);
        }
        return position;
    }

    private static JournalScan scanSegment(final Path file, final boolean last, final JournalScan before,
                                           final ChainHash chainHash, final CRC32C crc,
                                           final Consumer<JournalRecord> visitor) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            checkSegmentName(file, before.lastSequence() + 1);
            long offset = 0;
            long sequence = before.lastSequence();
            byte[] head = before.headHash();
            long records = before.records();
            long commands = before.commands();
            while (offset < size) {
                final String problem = recordProblem(mapped, (int) offset, size, crc);
                if (problem != null) {
                    if (last && isTornTail(mapped, (int) offset, size, crc)) {
                        return new JournalScan(sequence, head, records, commands, file, offset, size - offset);
                    }
                    throw new JournalCorruptedException(file, offset, problem);
                }
                final int length = mapped.getInt((int) offset);
                final ByteBuffer record = mapped.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
                final JournalRecord valid = checkLinks(file, offset, record, sequence, head, chainHash);
                visitor.accept(valid);
                sequence = valid.sequence();
                head = valid.chainHash();
                records++;
                commands += valid.commandCount();
                offset += length;
            }
            return new JournalScan(sequence, head, records, commands, file, size, 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read journal segment " + file, e);
        }
    }

    /**
     * The segments holding batches after {@code base}: drops the ones wholly at or before it,
     * which an archive cut short by a crash may have left behind (they are in the archive).
     */
    public static List<Path> unarchived(final List<Path> segments, final JournalBase base) {
        int first = 0;
        while (first + 1 < segments.size()
                && JournalDescriptor.firstSequenceOrZero(segments.get(first + 1)) <= base.sequence() + 1
                && JournalDescriptor.firstSequenceOrZero(segments.get(first + 1)) > 0) {
            first++;
        }
        return segments.subList(first, segments.size());
    }

    /** Why the record at {@code offset} is not whole and intact, or null when it is. */
    private static String recordProblem(final ByteBuffer segment, final int offset, final long size, final CRC32C crc) {
        if (size - offset < JournalDescriptor.HEADER_BYTES) {
            return "only " + (size - offset) + " bytes left, less than a record header";
        }
        final int length = segment.getInt(offset);
        if (length < JournalDescriptor.recordLength(1) || (length - JournalDescriptor.HEADER_BYTES) % JournalDescriptor.COMMAND_BYTES != 0) {
            return "record length " + length + " is not 64 + 64 × commands";
        }
        if (offset + (long) length > size) {
            return "record length " + length + " runs past the end of the file";
        }
        crc.reset();
        crc.update(segment.slice(offset + JournalDescriptor.CRC_START, length - JournalDescriptor.CRC_START));
        if ((int) crc.getValue() != segment.getInt(offset + JournalDescriptor.CRC_OFFSET)) {
            return "CRC-32C mismatch";
        }
        final int count = segment.getInt(offset + JournalDescriptor.COUNT_OFFSET);
        if (JournalDescriptor.recordLength(count) != length) {
            return "command count " + count + " does not match the record length " + length;
        }
        if (segment.getInt(offset + JournalDescriptor.VERSION_OFFSET) != JournalDescriptor.FORMAT_VERSION) {
            return "unknown format version " + segment.getInt(offset + JournalDescriptor.VERSION_OFFSET);
        }
        return null;
    }

    /** Whether a bad record at {@code offset} is the torn end of the file rather than damage. */
    private static boolean isTornTail(final ByteBuffer segment, final int offset, final long size, final CRC32C crc) {
        if (size - offset < JournalDescriptor.HEADER_BYTES) {
            return true;
        }
        if (intactRecordAfter(segment, offset, size, crc)) {
            return false;
        }
        final int length = segment.getInt(offset);
        if (length >= JournalDescriptor.recordLength(1) && offset + (long) length >= size) {
            return true;
        }
        for (long i = offset; i < size; i++) {
            if (segment.get((int) i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an intact record starts somewhere after {@code offset}. Records are 64 + 64 × n
     * bytes long, so they all start at multiples of 64; a damaged length field may claim to run
     * past the end of the file, but the records written after it are still in their places.
     */
    private static boolean intactRecordAfter(final ByteBuffer segment, final int offset, final long size,
                                             final CRC32C crc) {
        for (long next = offset + JournalDescriptor.COMMAND_BYTES; next + JournalDescriptor.HEADER_BYTES <= size;
             next += JournalDescriptor.COMMAND_BYTES) {
            if (recordProblem(segment, (int) next, size, crc) == null) {
                return true;
            }
        }
        return false;
    }

    private static JournalRecord checkLinks(final Path file, final long offset, final ByteBuffer record,
                                            final long sequenceBefore, final byte[] headBefore, final ChainHash chainHash) {
        final long sequence = record.getLong(JournalDescriptor.SEQUENCE_OFFSET);
        if (sequence != sequenceBefore + 1) {
            throw new JournalCorruptedException(file, offset,
                    "record has sequence " + sequence + " where " + (sequenceBefore + 1) + " was expected");
        }
        final byte[] previousHash = new byte[JournalDescriptor.HASH_BYTES];
        record.get(JournalDescriptor.PREVIOUS_HASH_OFFSET, previousHash);
        if (!Arrays.equals(previousHash, headBefore)) {
            throw new JournalCorruptedException(file, offset,
                    "broken hash chain: record " + sequence + " does not link to the record before it");
        }
        final byte[] contentDigest = chainHash.contentDigest(record);
        final byte[] linked = chainHash.link(previousHash, contentDigest);
        return new JournalRecord(file, offset, sequence, record.getLong(JournalDescriptor.TIMESTAMP_OFFSET),
                record.getInt(JournalDescriptor.COUNT_OFFSET), previousHash, contentDigest, linked, record);
    }

    private static void checkSegmentName(final Path file, final long expectedFirst) {
        final String expected = JournalDescriptor.segmentName(expectedFirst);
        if (!file.getFileName().toString().equals(expected)) {
            throw new JournalCorruptedException(file, 0,
                    "segment should be named " + expected + " (its first record must be batch " + expectedFirst + ")");
        }
    }
}
