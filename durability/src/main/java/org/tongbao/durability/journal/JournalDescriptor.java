package org.tongbao.durability.journal;

import java.nio.file.Path;

/**
 * Binary layout of one journal record: one batch, exactly as the ledger applied it. Records
 * follow each other in segment files named by the sequence of their first record
 * ({@code journal/00000000000000000001.tbj}). All integers little-endian.
 *
 * <pre>
 *  offset  size  field
 *  ------  ----  ---------------------------------------------------------------
 *       0     4  recordLength     bytes of the whole record: 64 + 64 × commandCount
 *       4     4  crc32c           CRC-32C of bytes [8, recordLength)
 *       8     8  sequence         batch sequence number, 1, 2, 3, ... without gaps
 *      16     8  timestampMs      batch time (epoch milliseconds), never decreasing
 *      24     4  commandCount     1 .. batch maximum
 *      28     4  formatVersion    1
 *      32    32  previousHash     chain hash of the previous record; zeros before the first
 *      64  64×n  commands         CommandDescriptor words, 8 little-endian longs each
 * </pre>
 *
 * <b>Hash chain.</b> A record's content digest is SHA-256 over bytes [8, 32) followed by the
 * commands (everything but the length, the CRC and the previous hash). Its chain hash is
 * SHA-256(previousHash ‖ contentDigest). The last record's chain hash is the journal's head
 * hash: publishing it commits to the whole history, and proving that a transfer is in the
 * journal needs only its batch and the content digests of the batches after it.
 */
public final class JournalDescriptor {
    public static final int HEADER_BYTES = 64;
    public static final int COMMAND_BYTES = 64;
    public static final int FORMAT_VERSION = 1;
    public static final int HASH_BYTES = 32;

    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int COUNT_OFFSET = 24;
    public static final int VERSION_OFFSET = 28;
    public static final int PREVIOUS_HASH_OFFSET = 32;
    public static final int COMMANDS_OFFSET = 64;

    /** Start of the bytes the CRC covers. */
    public static final int CRC_START = SEQUENCE_OFFSET;

    public static final String SEGMENT_SUFFIX = ".tbj";

    private JournalDescriptor() {
    }

    public static int recordLength(final int commandCount) {
        return HEADER_BYTES + COMMAND_BYTES * commandCount;
    }

    /** The first sequence a segment file's name gives, or 0 when the name is not a segment name. */
    public static long firstSequenceOrZero(final Path file) {
        final String name = file.getFileName().toString();
        if (!name.endsWith(SEGMENT_SUFFIX)) {
            return 0;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /** File name of the segment whose first record has {@code firstSequence}. */
    public static String segmentName(final long firstSequence) {
        return String.format("%020d%s", firstSequence, SEGMENT_SUFFIX);
    }
}
