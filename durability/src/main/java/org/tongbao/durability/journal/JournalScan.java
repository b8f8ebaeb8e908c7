package org.tongbao.durability.journal;

import java.nio.file.Path;

/**
 * What {@link JournalReader#scan} found: where the valid journal ends, and a torn last record
 * if there was one.
 *
 * @param lastSequence  sequence of the last valid record (0 for an empty journal)
 * @param headHash      chain hash of the last valid record (zeros for an empty journal)
 * @param records       valid records
 * @param commands      commands in the valid records
 * @param lastSegment   the last segment file, or null when there is none
 * @param validBytes    bytes of valid records in the last segment
 * @param tornBytes     bytes after them: a record cut short by a crash, never acknowledged
 */
public record JournalScan(long lastSequence, byte[] headHash, long records, long commands, Path lastSegment,
                          long validBytes, long tornBytes) {
    public static final byte[] GENESIS_HASH = new byte[JournalDescriptor.HASH_BYTES];

    public static JournalScan empty() {
        return new JournalScan(0, GENESIS_HASH.clone(), 0, 0, null, 0, 0);
    }
}
