package org.tongbao.engine;

import java.util.Arrays;
import org.tongbao.engine.event.LedgerEvents;

/**
 * What {@link Ledger#apply} returns for one batch: a result code per command (and whether it
 * was a replay of an id seen before), and the events the batch produced. Reused across
 * batches by the thread that owns the ledger.
 */
public final class BatchOutcome {
    private int[] results;
    private boolean[] replayed;
    private int count;
    private final LedgerEvents events;

    public BatchOutcome(final int batchMax) {
        results = new int[batchMax];
        replayed = new boolean[batchMax];
        events = new LedgerEvents(batchMax * 2);
    }

    void reset(final int commands) {
        if (commands > results.length) {
            results = new int[commands];
            replayed = new boolean[commands];
        }
        Arrays.fill(replayed, 0, commands, false);
        count = commands;
        events.clear();
    }

    void set(final int index, final ResultCode code) {
        results[index] = code.number();
    }

    void setNumber(final int index, final int number) {
        results[index] = number;
    }

    void markReplayed(final int index) {
        replayed[index] = true;
    }

    public int count() {
        return count;
    }

    public ResultCode result(final int index) {
        return ResultCode.ofNumber(results[index]);
    }

    public int resultNumber(final int index) {
        return results[index];
    }

    /** True when the command's id had been seen and this is its original outcome, not a new effect. */
    public boolean replayed(final int index) {
        return replayed[index];
    }

    public LedgerEvents events() {
        return events;
    }
}
