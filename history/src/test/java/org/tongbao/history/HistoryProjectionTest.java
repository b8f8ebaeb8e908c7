package org.tongbao.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.archive.JournalArchiver;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.Ledger;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.query.HistoryQueries;
import org.tongbao.history.query.Page;
import org.tongbao.history.query.StatementFilter;
import org.tongbao.history.query.StatementLine;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;
import org.tongbao.sim.PilotSimulator;

/**
 * The projection against real databases (a SQLite file, the local PostgreSQL server): the rows
 * equal the journal's events exactly, statement running balances equal the engine's balances at
 * the head, and the projection resumes where it stopped.
 */
class HistoryProjectionTest {
    @TempDir
    Path temporary;

    private final List<HistoryLocation> created = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        created.forEach(TestDatabases::drop);
    }

    private HistoryDatabase freshDatabase(final HistoryLocation.Dialect dialect) {
        final HistoryLocation location = TestDatabases.fresh(dialect, temporary);
        created.add(location);
        return HistoryDatabase.open(location);
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void projectsASimulatedPilotWithTheJournalsCountsSumsAndBalances(final HistoryLocation.Dialect dialect)
            throws Exception {
        final HistoryDatabase database = freshDatabase(dialect);
        final Path root = temporary.resolve("pilot");
        new PilotSimulator(new PilotSimulator.Options(2022, java.time.LocalDate.of(2022, 2, 10), 0.0002, 7))
                .run(root, (day, dayIndex, days, commands) -> { });
        final DataDirectory data = new DataDirectory(root);
        final JournalTotals journal = JournalTotals.of(data, LedgerConfigFile.read(root.resolve(LedgerConfigFile.FILE_NAME)));

        try (HistoryProjector projector = HistoryProjector.open(data, database, HistoryProjector.Options.defaults())) {
            assertThat(projector.projectAvailable(Long.MAX_VALUE)).isEqualTo(journal.batches());
            assertThat(projector.checkBalances()).isEmpty();
            assertThat(projector.committedSequence()).isEqualTo(journal.ledger().sequence());
        }

        final JournalTotals stored = JournalTotals.stored(database.location());
        assertThat(stored.sameCounts(journal)).as("stored %s, journal %s", stored, journal).isTrue();
        assertThat(journal.transfers()).isGreaterThan(10_000);
        assertThat(JournalTotals.distinctTransferRows(database.location())).isEqualTo(journal.transfers());
        assertStatementsMatchTheLedger(database, journal.ledger());
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void resumesAfterItsStoredPositionWhenTheJournalGrows(final HistoryLocation.Dialect dialect) throws Exception {
        final HistoryDatabase database = freshDatabase(dialect);
        final Path root = temporary.resolve("payments");
        final PaymentJournal journal = new PaymentJournal(root, 200, 11).setUp().payments(30, 100, 40);
        final DataDirectory data = new DataDirectory(root);
        final long first;
        try (HistoryProjector projector = HistoryProjector.open(data, database, HistoryProjector.Options.defaults())) {
            first = projector.projectAvailable(Long.MAX_VALUE);
        }
        journal.payments(50, 100, 40);
        try (HistoryProjector projector = HistoryProjector.open(data, database, HistoryProjector.Options.defaults())) {
            assertThat(projector.snapshotSequence()).as("restarted from a snapshot at or before its position")
                    .isPositive().isLessThanOrEqualTo(first);
            assertThat(projector.startSequence()).isEqualTo(first);
            assertThat(projector.projectAvailable(Long.MAX_VALUE)).isEqualTo(50);
            assertThat(projector.projectAvailable(Long.MAX_VALUE)).isZero();
            assertThat(projector.checkBalances()).isEmpty();
        }
        final JournalTotals expected = JournalTotals.of(data, PaymentJournal.CONFIG);
        assertThat(JournalTotals.stored(database.location()).sameCounts(expected)).isTrue();
        assertStatementsMatchTheLedger(database, expected.ledger());
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void refusesToContinueOnAnotherJournal(final HistoryLocation.Dialect dialect) throws Exception {
        final HistoryDatabase database = freshDatabase(dialect);
        new PaymentJournal(temporary.resolve("one"), 50, 1).setUp().payments(5, 20, 1);
        new PaymentJournal(temporary.resolve("other"), 50, 2).setUp().payments(5, 20, 1);
        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(temporary.resolve("one")), database,
                HistoryProjector.Options.defaults())) {
            projector.projectAvailable(Long.MAX_VALUE);
        }

        assertThatThrownBy(() -> HistoryProjector.open(new DataDirectory(temporary.resolve("other")), database,
                HistoryProjector.Options.defaults()))
                .hasMessageContaining("was made from another journal");
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void projectsFromGenesisAfterTheJournalsBeginningWasArchived(final HistoryLocation.Dialect dialect)
            throws Exception {
        final HistoryDatabase database = freshDatabase(dialect);
        final Path root = temporary.resolve("archived");
        new PaymentJournal(root, 200, 5).segmentBytes(600 * 1024).setUp().payments(60, 400, 40);
        final DataDirectory data = new DataDirectory(root);
        final JournalTotals expected = JournalTotals.of(data, PaymentJournal.CONFIG);
        final JournalArchiver.Archived archived = JournalArchiver.archive(data, data.archive());
        assertThat(archived.segments()).as("segments moved to the archive").isGreaterThan(1);
        assertThat(archived.throughSequence()).isGreaterThan(20);

        try (HistoryProjector projector = HistoryProjector.open(data, database, HistoryProjector.Options.defaults())) {
            assertThat(projector.projectAvailable(Long.MAX_VALUE)).isEqualTo(expected.batches());
            assertThat(projector.checkBalances()).isEmpty();
        }
        assertThat(JournalTotals.stored(database.location()).sameCounts(expected)).isTrue();
        assertStatementsMatchTheLedger(database, expected.ledger());
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void buildsTheTransferIndexesAgainWhenTheFirstCatchUpEnds(final HistoryLocation.Dialect dialect) throws Exception {
        final HistoryDatabase database = freshDatabase(dialect);
        final List<String> migrated = TestDatabases.transferIndexes(database.location());
        assertThat(migrated).hasSize(3);
        final Path root = temporary.resolve("catch-up");
        new PaymentJournal(root, 200, 3).setUp().payments(10, 100, 5);

        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), database,
                HistoryProjector.Options.defaults())) {
            assertThat(projector.projectAvailable(Long.MAX_VALUE)).isEqualTo(11);
        }
        assertThat(TestDatabases.transferIndexes(database.location())).isEqualTo(migrated);
        assertThat(TestDatabases.queryLong(database.location(), "select count(*) from deferred_indexes")).isZero();
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void buildsIndexesThatACrashLeftDeferredWhenItOpens(final HistoryLocation.Dialect dialect) throws Exception {
        final HistoryDatabase database = freshDatabase(dialect);
        final List<String> migrated = TestDatabases.transferIndexes(database.location());
        final Path root = temporary.resolve("crashed-catch-up");
        new PaymentJournal(root, 200, 3).setUp().payments(3, 100, 5);
        TestDatabases.deferTransferIndexesByHand(database.location());
        assertThat(TestDatabases.transferIndexes(database.location())).isEmpty();

        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), database,
                new HistoryProjector.Options(1_000, 16, 1_000, false))) {
            assertThat(TestDatabases.transferIndexes(database.location())).isEqualTo(migrated);
            assertThat(projector.projectAvailable(Long.MAX_VALUE)).isEqualTo(4);
        }
        assertThat(TestDatabases.queryLong(database.location(), "select count(*) from deferred_indexes")).isZero();
    }

    @Test
    void saysWhereTheArchivedSegmentsShouldBeWhenTheyAreMissing() throws Exception {
        final HistoryDatabase database = freshDatabase(HistoryLocation.Dialect.SQLITE);
        final Path root = temporary.resolve("archived-away");
        new PaymentJournal(root, 200, 5).segmentBytes(600 * 1024).setUp().payments(60, 400, 40);
        final DataDirectory data = new DataDirectory(root);
        final Path elsewhere = temporary.resolve("elsewhere");
        assertThat(JournalArchiver.archive(data, elsewhere).segments()).isGreaterThan(1);

        try (HistoryProjector projector = HistoryProjector.open(data, database, HistoryProjector.Options.defaults())) {
            assertThatThrownBy(() -> projector.projectAvailable(Long.MAX_VALUE))
                    .hasMessageContaining("were archived and are not in " + data.archive());
        }
    }

    /**
     * Every account's statement, paged through whole: the newest balance is the ledger's, each
     * line's balance less its amount is the balance of the line before it, and the oldest starts
     * from zero.
     */
    static void assertStatementsMatchTheLedger(final HistoryDatabase database, final Ledger ledger) {
        try (HistoryQueries queries = new HistoryQueries(database, 1)) {
            for (int index = 0; index < ledger.accountCount(); index++) {
                final AccountView account = ledger.account(ledger.accountId(index));
                long cursor = Page.FIRST;
                long expectedBalance = account.balanceFen();
                int lines = 0;
                do {
                    final Page<StatementLine> page = queries.statement(account.id(), StatementFilter.ALL, cursor, 500);
                    for (final StatementLine line : page.rows()) {
                        assertThat(line.balanceFen()).as("account %d at position %d", account.id(), line.position())
                                .isEqualTo(expectedBalance);
                        expectedBalance = Math.subtractExact(line.balanceFen(), line.amountFen());
                        lines++;
                    }
                    cursor = page.nextCursor();
                } while (cursor != 0);
                assertThat(expectedBalance).as("account %d before its first of %d movements", account.id(), lines)
                        .isZero();
            }
        }
    }
}
