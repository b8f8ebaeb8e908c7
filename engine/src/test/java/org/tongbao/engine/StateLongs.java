package org.tongbao.engine;

import java.util.Arrays;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;

/**
 * The canonical state ({@link StateWriter}) held in memory as longs: {@link Ledger#writeState}
 * into it, {@link Ledger#restore} from it, with no file in between. For snapshot round trips
 * in tests. Test thread only.
 */
final class StateLongs extends StateWriter<StateLongs> {
    private long[] values = new long[1_024];
    private int size;

    /** The ledger's whole state as written now. */
    static StateLongs of(final Ledger ledger) {
        final StateLongs longs = new StateLongs();
        ledger.writeState(longs);
        return longs;
    }

    /** A ledger restored from {@code ledger}'s state; throws unless the restore reads every long written. */
    static Ledger roundTrip(final LedgerConfig config, final Ledger ledger) {
        return of(ledger).restore(config);
    }

    /** A ledger restored from these longs; throws unless the restore reads every one of them. */
    Ledger restore(final LedgerConfig config) {
        final Reader reader = new Reader();
        final Ledger restored = Ledger.restore(config, reader);
        Checks.check(reader.position == size,
                "the restore read " + reader.position + " of the " + size + " longs written");
        return restored;
    }

    int size() {
        return size;
    }

    @Override
    protected void write(final long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    @Override
    protected StateLongs self() {
        return this;
    }

    private final class Reader implements StateReader {
        private int position;

        @Override
        public long next() {
            Checks.check(position < size, "the restore reads past the " + size + " longs written");
            return values[position++];
        }
    }
}
