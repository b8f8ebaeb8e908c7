package org.tongbao.history.projection;

import org.tongbao.engine.Checks;

/**
 * The history's one ordering key: {@code position = sequence × 2^24 + row}, the row being the
 * event's index in its batch's {@code LedgerEvents}. Every table's primary key and every
 * query's keyset cursor. 2^24 rows a batch is far above what a batch of at most 8,192 commands
 * produces (a day's loan collection of a million loans would be about 4 million rows); the
 * projector stops with a message rather than wrap.
 */
public final class Positions {
    public static final int ROW_BITS = 24;
    public static final int ROWS_PER_BATCH_MAX = 1 << ROW_BITS;

    private Positions() {
    }

    public static long of(final long sequence, final int row) {
        if (row < 0 || row >= ROWS_PER_BATCH_MAX) {
            // Not Checks.check: its message would be built for every row (a profile showed it).
            Checks.check(false, "batch " + sequence + " has more than 2^24 events");
        }
        return (sequence << ROW_BITS) | row;
    }

    /** The first position of batch {@code sequence}. */
    public static long firstOf(final long sequence) {
        return sequence << ROW_BITS;
    }

    public static long sequence(final long position) {
        return position >>> ROW_BITS;
    }

    public static int row(final long position) {
        return (int) (position & (ROWS_PER_BATCH_MAX - 1));
    }
}
