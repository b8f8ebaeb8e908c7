package org.tongbao.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tongbao.engine.CommandGenerators.Batch;
import org.tongbao.engine.CommandGenerators.History;
import org.tongbao.engine.command.Command;

/**
 * Greedy shrinking of a failing {@link History}, so that a failure reads as a few commands
 * rather than hundreds: try dropping each whole batch, then each single command, keep every
 * removal after which the history still fails, and repeat while that removes something. Each
 * try re-runs the check; at most {@link #RUNS_MAX} of them. No cleverness: batch times, ids and
 * flags are kept as they were, so a shrunk history may fail for a related reason, which the
 * caller reports. Test thread only.
 */
final class HistoryShrinker {
    /** Re-runs of the check a shrink may take; a run is milliseconds, so a shrink is seconds at most. */
    static final int RUNS_MAX = 3_000;

    private final Predicate<History> fails;
    private int runs;

    private HistoryShrinker(final Predicate<History> fails) {
        this.fails = fails;
    }

    /** A smaller history, made of {@code failing}'s commands, for which {@code fails} still holds. */
    record Shrunk(History history, int runs) {
    }

    static Shrunk shrink(final History failing, final Predicate<History> fails) {
        final HistoryShrinker shrinker = new HistoryShrinker(fails);
        History history = failing;
        boolean smaller = true;
        while (smaller && shrinker.runs < RUNS_MAX) {
            final History withoutBatches = shrinker.dropBatches(history);
            final History withoutCommands = shrinker.dropCommands(withoutBatches);
            smaller = withoutCommands.commandCount() < history.commandCount();
            history = withoutCommands;
        }
        return new Shrunk(history, shrinker.runs);
    }

    /** Drops each batch whose removal keeps the failure, from the last to the first. */
    private History dropBatches(final History start) {
        History history = start;
        for (int index = history.batches().size() - 1; index >= 0 && runs < RUNS_MAX; index--) {
            final List<Batch> batches = new ArrayList<>(history.batches());
            batches.remove(index);
            history = keepIfStillFailing(history, history.withBatches(batches));
        }
        return history;
    }

    /** Drops each command whose removal keeps the failure; a batch left empty goes too. */
    private History dropCommands(final History start) {
        History history = start;
        for (int batchIndex = history.batches().size() - 1; batchIndex >= 0; batchIndex--) {
            for (int index = history.batches().get(batchIndex).commands().size() - 1; index >= 0; index--) {
                if (runs >= RUNS_MAX || batchIndex >= history.batches().size()) {
                    return history;
                }
                history = keepIfStillFailing(history, without(history, batchIndex, index));
            }
        }
        return history;
    }

    private History keepIfStillFailing(final History current, final History candidate) {
        runs++;
        return fails.test(candidate) ? candidate : current;
    }

    private static History without(final History history, final int batchIndex, final int commandIndex) {
        final List<Batch> batches = new ArrayList<>(history.batches());
        final Batch batch = batches.get(batchIndex);
        final List<Command> commands = new ArrayList<>(batch.commands());
        commands.remove(commandIndex);
        if (commands.isEmpty()) {
            batches.remove(batchIndex);
        } else {
            batches.set(batchIndex, new Batch(batch.timestampMs(), List.copyOf(commands)));
        }
        return history.withBatches(batches);
    }
}
