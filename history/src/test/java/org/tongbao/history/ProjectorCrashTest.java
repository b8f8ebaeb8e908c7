package org.tongbao.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tongbao.durability.DataDirectory;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * Exactly once, proved with real crashes: the projector runs in a child JVM
 * ({@link ProjectorWorker}) and is killed with SIGKILL in the middle of projecting a journal of
 * 240,000 payments, several times: each time once it has committed past where it started, plus a
 * random delay (so the kill falls inside a transaction, or between two); after each kill the database holds whole transactions only
 * (the stored position's batches and nothing else); a last run completes it, and then row
 * counts and sums equal the journal's, with no duplicate.
 *
 * <p>The kill moments come from a seeded random; the seed is printed and
 * {@code -Dtongbao.crash.seed=<seed>} draws the same moments again.
 */
class ProjectorCrashTest {
    private static final int ROUNDS = 3;
    private static final int KILL_DELAY_MS_MAX = 150;
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final int ROWS_PER_TRANSACTION = 7_000;

    @TempDir
    Path temporary;

    private HistoryLocation location;

    @AfterEach
    void dropSchema() {
        if (location != null) {
            TestDatabases.drop(location);
        }
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void killedMidWriteAndRestartedItHoldsEveryTransferExactlyOnce(final HistoryLocation.Dialect dialect)
            throws Exception {
        location = TestDatabases.fresh(dialect, temporary);
        final String address = dialect == HistoryLocation.Dialect.SQLITE
                ? location.jdbcUrl().substring("jdbc:sqlite:".length())
                : TestDatabases.POSTGRES + "&schema=" + location.schema();
        final Path root = temporary.resolve("data");
        new PaymentJournal(root, 2_000, 5).setUp().payments(240, 1_000, 90);
        final JournalTotals journal = JournalTotals.of(new DataDirectory(root), PaymentJournal.CONFIG);
        HistoryDatabase.open(location);

        final long seed = Long.getLong("tongbao.crash.seed", System.nanoTime());
        System.out.println("ProjectorCrashTest seed " + seed + " (rerun with -Dtongbao.crash.seed=" + seed + ")");
        final Random random = new Random(seed);
        final List<Long> positionsAfterKills = new ArrayList<>();
        long before = 0;
        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(root, address, round, before, random.nextInt(KILL_DELAY_MS_MAX + 1));
            final long position = storedPosition();
            assertThat(position).as("round %d committed past %d", round, before).isGreaterThan(before);
            before = position;
            positionsAfterKills.add(position);
            assertWholeTransactionsOnly(position);
        }
        System.out.println("positions after the kills: " + positionsAfterKills + " of " + journal.batches());
        assertThat(positionsAfterKills).as("kills landed while the journal was being projected")
                .allMatch(position -> position < journal.batches());

        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), HistoryDatabase.open(location),
                HistoryProjector.Options.defaults())) {
            projector.projectAvailable(Long.MAX_VALUE);
            assertThat(projector.checkBalances()).isEmpty();
        }
        final JournalTotals stored = JournalTotals.stored(location);
        assertThat(stored.sameCounts(journal)).as("stored %s, journal %s", stored, journal).isTrue();
        assertThat(JournalTotals.distinctTransferRows(location)).isEqualTo(journal.transfers());
        HistoryProjectionTest.assertStatementsMatchTheLedger(HistoryDatabase.open(location), journal.ledger());
        assertThat(TestDatabases.transferIndexes(location)).as("the indexes a killed catch-up deferred").hasSize(3);
        assertThat(TestDatabases.queryLong(location, "select count(*) from deferred_indexes")).isZero();
    }

    /** The rows are exactly those of the batches up to the stored position: nothing half-written. */
    private void assertWholeTransactionsOnly(final long position) throws Exception {
        assertThat(TestDatabases.queryLong(location, "select coalesce(max(sequence), 0) from batches")).isEqualTo(position);
        assertThat(TestDatabases.queryLong(location, "select coalesce(max(sequence), 0) from transfers"))
                .isLessThanOrEqualTo(position);
        assertThat(TestDatabases.queryLong(location, "select count(*) from transfers"))
                .isEqualTo(TestDatabases.queryLong(location, "select coalesce(sum(transfers), 0) from batches"));
        assertThat(TestDatabases.queryLong(location, "select count(*) from account_changes"))
                .isEqualTo(TestDatabases.queryLong(location, "select coalesce(sum(account_changes), 0) from batches"));
    }

    private long storedPosition() throws Exception {
        return TestDatabases.queryLong(location, "select sequence from projection_position");
    }

    /** Starts the worker, waits until it has committed past {@code before}, waits {@code killDelayMs} more, kills it. */
    private void runAndKill(final Path root, final String address, final int round, final long before,
                            final int killDelayMs) throws Exception {
        final Path output = temporary.resolve("worker-" + round + ".out");
        final Path errors = temporary.resolve("worker-" + round + ".err");
        final Process worker = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ProjectorWorker.class.getName(), root.toString(), address,
                Integer.toString(ROWS_PER_TRANSACTION))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        try {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
            while (storedPosition() <= before && worker.isAlive() && System.nanoTime() < deadlineNs) {
                Thread.sleep(2);
            }
            assertThat(worker.isAlive()).as("worker %d still projecting; its output: %s, its stderr: %s", round,
                    Files.readString(output), Files.readString(errors)).isTrue();
            Thread.sleep(killDelayMs);
        } finally {
            worker.destroyForcibly();
            assertThat(worker.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        final String said = Files.readString(output, StandardCharsets.US_ASCII);
        System.out.printf("round %d: killed %d ms after it committed past batch %d: %s%n", round, killDelayMs, before,
                said.replace('\n', ' '));
        if (!said.contains("done")) {
            assertThat(worker.exitValue()).as("worker %d was killed by SIGKILL; its stderr: %s", round,
                    Files.readString(errors)).isEqualTo(KILLED_BY_SIGKILL);
        }
    }
}
