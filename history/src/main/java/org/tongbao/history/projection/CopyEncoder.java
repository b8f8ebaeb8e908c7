package org.tongbao.history.projection;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes {@link RowBlock} rows in PostgreSQL's binary {@code COPY} format, the fastest way into
 * a PostgreSQL table: no SQL text to parse per row, no per-value conversion on the server.
 *
 * <pre>
 *  file:   "PGCOPY\n\377\r\n\0" | int32 flags = 0 | int32 header extension = 0 | tuples | int16 -1
 *  tuple:  int16 field count | per field: int32 byte length | the value, big-endian
 *          (bigint: 8 bytes, integer: 4 bytes)
 * </pre>
 *
 * The column order of each table is the one of its {@code COPY ... (columns)} statement in
 * {@link HistoryWriter}. One buffer, grown as needed and reused; owned by one thread.
 */
final class CopyEncoder {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    static final int TRANSFER_FIELDS = 16;
    static final int CHANGE_FIELDS = 13;
    static final int BATCH_FIELDS = 5;

    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.BIG_ENDIAN);

    /** The encoded bytes: {@code array()[0 .. length())}. */
    byte[] array() {
        return buffer.array();
    }

    int length() {
        return buffer.position();
    }

    /** The transfer rows of {@code block}, columns as {@code HistoryWriter.COPY_TRANSFERS}. */
    void transfers(final RowBlock block) {
        start(block.transfers * (2 + TRANSFER_FIELDS * 4 + 12 * 8 + 4 * 4));
        final long[] t = block.transferWords;
        for (int r = 0; r < block.transfers; r++) {
            final int at = r * RowBlock.TRANSFER_WORDS;
            buffer.putShort((short) TRANSFER_FIELDS);
            bigint(Positions.of(t[at], (int) t[at + 1]));
            bigint(t[at]);
            integer(t[at + 1]);
            integer(t[at + 2]);
            bigint(t[at + 3]);
            integer(t[at + 4]);
            bigint(t[at + 5]);
            integer(t[at + 6]);
            for (int word = 7; word < RowBlock.TRANSFER_WORDS; word++) {
                bigint(t[at + word]);
            }
        }
        buffer.putShort((short) -1);
    }

    /** The account-change rows of {@code block}, columns as {@code HistoryWriter.COPY_CHANGES}. */
    void changes(final RowBlock block) {
        start(block.changes * (2 + CHANGE_FIELDS * 4 + 9 * 8 + 4 * 4));
        final long[] c = block.changeWords;
        for (int r = 0; r < block.changes; r++) {
            final int at = r * RowBlock.CHANGE_WORDS;
            buffer.putShort((short) CHANGE_FIELDS);
            bigint(Positions.of(c[at], (int) c[at + 1]));
            bigint(c[at]);
            integer(c[at + 1]);
            integer(c[at + 2]);
            bigint(c[at + 3]);
            integer(c[at + 4]);
            bigint(c[at + 5]);
            bigint(c[at + 6]);
            bigint(c[at + 7]);
            integer(c[at + 8]);
            bigint(c[at + 9]);
            bigint(c[at + 10]);
            bigint(c[at + 11]);
        }
        buffer.putShort((short) -1);
    }

    /** The batch rows of {@code block}, columns as {@code HistoryWriter.COPY_BATCHES}. */
    void batches(final RowBlock block) {
        start(block.batches * (2 + BATCH_FIELDS * 4 + 2 * 8 + 3 * 4));
        final long[] b = block.batchWords;
        for (int r = 0; r < block.batches; r++) {
            final int at = r * RowBlock.BATCH_WORDS;
            buffer.putShort((short) BATCH_FIELDS);
            bigint(b[at]);
            bigint(b[at + 1]);
            integer(b[at + 2]);
            integer(b[at + 3]);
            integer(b[at + 4]);
        }
        buffer.putShort((short) -1);
    }

    private void start(final int tupleBytes) {
        final int needed = SIGNATURE.length + 8 + tupleBytes + 2;
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2)).order(ByteOrder.BIG_ENDIAN);
        }
        buffer.clear();
        buffer.put(SIGNATURE);
        buffer.putInt(0);
        buffer.putInt(0);
    }

    private void bigint(final long value) {
        buffer.putInt(Long.BYTES);
        buffer.putLong(value);
    }

    /** An {@code integer} column: the value must fit (rows, command indexes, types and codes do). */
    private void integer(final long value) {
        buffer.putInt(Integer.BYTES);
        buffer.putInt(Math.toIntExact(value));
    }
}
