package org.tongbao.durability.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;

/**
 * One valid record met by {@link JournalReader}: a view valid only during the visitor call.
 *
 * @param file          the segment file
 * @param offset        byte offset of the record in the file
 * @param sequence      batch sequence
 * @param timestampMs   batch time
 * @param commandCount  commands in the batch
 * @param previousHash  chain hash of the record before
 * @param contentDigest SHA-256 of the record's content
 * @param chainHash     SHA-256(previousHash ‖ contentDigest): the head hash up to this record
 * @param record        the record's bytes, position 0 to limit = record length
 */
public record JournalRecord(Path file, long offset, long sequence, long timestampMs, int commandCount,
                            byte[] previousHash, byte[] contentDigest, byte[] chainHash, ByteBuffer record) {

    /** Appends the record's commands to {@code batch} (cleared first). */
    public void commandsInto(final CommandBatch batch) {
        batch.clear();
        final ByteBuffer in = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long[] words = new long[CommandDescriptor.WORDS];
        for (int i = 0; i < commandCount; i++) {
            final int base = JournalDescriptor.COMMANDS_OFFSET + i * JournalDescriptor.COMMAND_BYTES;
            for (int w = 0; w < CommandDescriptor.WORDS; w++) {
                words[w] = in.getLong(base + w * Long.BYTES);
            }
            batch.appendWords(words, 0);
        }
    }
}
