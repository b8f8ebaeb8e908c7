package org.tongbao.history;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tongbao.durability.DataDirectory;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * The projector under test in {@link ProjectorCrashTest}, run in a child JVM that the test kills
 * with SIGKILL. Arguments: the data directory, the history location ({@code --history} syntax)
 * and the rows per SQL transaction (small, so that a kill lands between and inside many
 * commits). Prints {@code ready <storedSequence>} once open, then projects the whole journal and
 * prints {@code done <sequence>}.
 */
final class ProjectorWorker {
    private ProjectorWorker() {
    }

    public static void main(final String[] args) {
        final Path root = Path.of(args[0]);
        final HistoryDatabase database = HistoryDatabase.open(HistoryLocation.parse(args[1], root));
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), database,
                new HistoryProjector.Options(Long.parseLong(args[2]), 16, 1_000, true))) {
            out.println("ready " + projector.startSequence());
            while (projector.projectAvailable(Long.MAX_VALUE) > 0) {
                out.println("projected " + projector.committedSequence());
            }
            out.println("done " + projector.committedSequence());
        }
    }
}
