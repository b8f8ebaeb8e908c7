package org.tongbao.kpi.aggregate;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.kpi.metric.Dimension;

/**
 * Rows of counters for consecutive period keys (days, or weeks, months...). A row has one
 * lane for the total and one per {@link Dimension}; a lane holds {@code columns} longs per slot,
 * slot-major ({@code lane[slot × columns + column]}), so one event's columns for one slot share
 * a cache line. Lanes are as wide as the slots in use when the row was made, and widen when a
 * dimension takes a new slot (rare: at most {@link Dimension#slotsMax()} times in all).
 *
 * <pre>
 *  row ─┬─ lane 0 (total)       [slot 0: c0 c1 .. c(columns−1)]
 *       ├─ lane 1 (district)    [slot 0: c0 ..][slot 1: c0 ..] ..
 *       ├─ ..
 *       └─ lane 7 (sector)      [slot 0: c0 ..] ..
 * </pre>
 *
 * A new row copies the stock columns (levels) of the row before it, so every key from the first
 * to the last has a row and a level carries over days without events. Ledger thread only.
 */
final class RowStore {
    static final int TOTAL_LANE = 0;
    static final int LANES = Dimension.values().length + 1;
    /** Most rows a store holds: 100 years of days. */
    static final int ROWS_MAX = 36_525;

    private final int columns;
    private final int[] stockColumns;
    private long[][][] rows = new long[16][][];
    private int count;
    private int firstKey;

    RowStore(final int columns, final int[] stockColumns) {
        this.columns = columns;
        this.stockColumns = stockColumns.clone();
    }

    static int lane(final Dimension dimension) {
        return dimension == null ? TOTAL_LANE : dimension.ordinal() + 1;
    }

    int columns() {
        return columns;
    }

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int firstKey() {
        return firstKey;
    }

    int lastKey() {
        return firstKey + count - 1;
    }

    /** The row of {@code key}, or null when outside the stored keys. */
    long[][] row(final int key) {
        if (count == 0 || key < firstKey || key > lastKey()) {
            return null;
        }
        return rows[key - firstKey];
    }

    long[][] current() {
        return rows[count - 1];
    }

    /** Adds rows up to {@code key} (no-op when already there); lanes sized by {@code slotsUsed} (per lane). */
    void advanceTo(final int key, final int[] slotsUsed) {
        if (count == 0) {
            firstKey = key;
            append(newRow(slotsUsed, null));
            return;
        }
        Checks.check(key >= lastKey(), "period keys must not go back: " + key + " after " + lastKey());
        Checks.check(key - firstKey < ROWS_MAX, "the KPI aggregates hold at most " + ROWS_MAX + " periods");
        while (lastKey() < key) {
            append(newRow(slotsUsed, current()));
        }
    }

    /** Widens lane {@code lane} of the current row to {@code slots} slots. */
    void widenCurrent(final int lane, final int slots) {
        if (count == 0) {
            return;
        }
        final long[][] row = current();
        if (row[lane].length < slots * columns) {
            row[lane] = Arrays.copyOf(row[lane], slots * columns);
        }
    }

    /** Value at (lane, slot, column) of {@code row}; 0 past the lane's width. */
    long get(final long[][] row, final int lane, final int slot, final int column) {
        final int at = slot * columns + column;
        return row == null || at >= row[lane].length ? 0 : row[lane][at];
    }

    /** Replaces every row (codec): {@code restored[i]} is the row of key {@code first + i}. */
    void restore(final int first, final long[][][] restored) {
        firstKey = first;
        count = restored.length;
        rows = Arrays.copyOf(restored, Math.max(16, restored.length));
    }

    private long[][] newRow(final int[] slotsUsed, final long[][] previous) {
        final long[][] row = new long[LANES][];
        for (int lane = 0; lane < LANES; lane++) {
            row[lane] = new long[slotsUsed[lane] * columns];
            if (previous != null) {
                final int slots = Math.min(slotsUsed[lane], previous[lane].length / columns);
                for (int slot = 0; slot < slots; slot++) {
                    for (final int column : stockColumns) {
                        row[lane][slot * columns + column] = previous[lane][slot * columns + column];
                    }
                }
            }
        }
        return row;
    }

    private void append(final long[][] row) {
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        rows[count++] = row;
    }
}
