package org.tongbao.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.projection.Positions;
import org.tongbao.history.query.CsvExport;
import org.tongbao.history.query.Direction;
import org.tongbao.history.query.HistoryQueries;
import org.tongbao.history.query.Page;
import org.tongbao.history.query.StatementFilter;
import org.tongbao.history.query.StatementLine;
import org.tongbao.history.query.TransferRow;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * The queries against a naive reference: the journal is replayed into a plain list of money
 * movements, and every statement, receipt list and operator listing, paged through whole with
 * small pages under each filter, must equal the list filtered and sorted newest first. Same
 * journal, both databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryQueriesTest {
    private static final int PAGE = 7;

    private Path temporary;
    /** One money movement as the reference sees it. */
    private record Movement(long position, long timeMs, long transferId, int code, long debitId, long creditId,
                            long amountFen) {
    }

    private final List<Movement> movements = new ArrayList<>();
    private final List<HistoryLocation> created = new ArrayList<>();
    private Path root;

    @BeforeAll
    void writeJournal(@TempDir final Path folder) throws Exception {
        temporary = folder;
        root = temporary.resolve("data");
        new PaymentJournal(root, 40, 3).setUp().payments(90, 30, 80);
        final Ledger ledger = new Ledger(PaymentJournal.CONFIG);
        final CommandBatch batch = new CommandBatch(PaymentJournal.CONFIG.batchMax());
        final BatchOutcome outcome = new BatchOutcome(PaymentJournal.CONFIG.batchMax());
        JournalReader.scan(new DataDirectory(root).journal(), record -> {
            record.commandsInto(batch);
            ledger.apply(record.sequence(), record.timestampMs(), batch, outcome);
            final LedgerEvents events = outcome.events();
            for (int row = 0; row < events.count(); row++) {
                if (events.type(row).movesMoney()) {
                    movements.add(new Movement(Positions.of(record.sequence(), row), record.timestampMs(), events.id(row),
                            events.code(row), ledger.accountId(events.debitIndex(row)),
                            ledger.accountId(events.creditIndex(row)), events.amountFen(row)));
                }
            }
        });
        movements.sort((a, b) -> Long.compare(b.position(), a.position()));
    }

    @AfterAll
    void dropSchemas() {
        created.forEach(TestDatabases::drop);
    }

    private HistoryQueries project(final HistoryLocation.Dialect dialect) {
        final HistoryLocation location = TestDatabases.fresh(dialect, temporary);
        created.add(location);
        final HistoryDatabase database = HistoryDatabase.open(location);
        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), database,
                HistoryProjector.Options.defaults())) {
            projector.projectAvailable(Long.MAX_VALUE);
        }
        return new HistoryQueries(database, 2);
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void statementsUnderEveryFilterEqualTheReferenceNewestFirst(final HistoryLocation.Dialect dialect) {
        try (HistoryQueries queries = project(dialect)) {
            final long wallet = PaymentJournal.wallet(4);
            final long counterparty = PaymentJournal.wallet(9);
            final long middleMs = PaymentJournal.START_MS + 30 * PaymentJournal.DAY_MS;
            final long endMs = PaymentJournal.START_MS + 55 * PaymentJournal.DAY_MS;
            final List<StatementFilter> filters = List.of(StatementFilter.ALL,
                    StatementFilter.ALL.period(middleMs, endMs),
                    StatementFilter.ALL.codes(TransferCode.MERCHANT_PAYMENT),
                    StatementFilter.ALL.counterparty(counterparty),
                    StatementFilter.ALL.amounts(100, 300),
                    StatementFilter.ALL.direction(Direction.OUT).period(PaymentJournal.START_MS, middleMs)
                            .codes(TransferCode.P2P, TransferCode.MERCHANT_PAYMENT).amounts(50, 450));
            for (final StatementFilter filter : filters) {
                final List<Long> expected = movements.stream().filter(sideOf(wallet, filter)).map(Movement::position).toList();
                assertThat(expected).as("the reference has lines for %s", filter).isNotEmpty();
                assertThat(allPages((cursor, limit) -> queries.statement(wallet, filter, cursor, limit)))
                        .as("statement of %d under %s", wallet, filter)
                        .extracting(StatementLine::position).containsExactlyElementsOf(expected);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void receiptsAreTheMoneyIntoTheMerchantAndOperatorListingsItsCustomers(final HistoryLocation.Dialect dialect) {
        try (HistoryQueries queries = project(dialect)) {
            final long merchant = PaymentJournal.FIRST_MERCHANT;
            final List<Long> receipts = movements.stream().filter(m -> m.creditId() == merchant).map(Movement::position)
                    .toList();
            final List<StatementLine> lines = allPages((cursor, limit) ->
                    queries.receipts(merchant, StatementFilter.ALL, cursor, limit));
            assertThat(lines).extracting(StatementLine::position).containsExactlyElementsOf(receipts);
            assertThat(lines).allMatch(line -> line.amountFen() > 0);

            final long operator = PaymentJournal.OPERATOR_B;
            final List<Long> operatorRows = movements.stream()
                    .filter(m -> heldAt(m.debitId(), operator) || heldAt(m.creditId(), operator))
                    .map(Movement::position).toList();
            assertThat(allPages((cursor, limit) -> queries.operatorTransfers(operator, StatementFilter.ALL, cursor, limit)))
                    .extracting(TransferRow::position).containsExactlyElementsOf(operatorRows);
        }
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void whileAFirstCatchUpHasTheIndexesDroppedStatementsAndLookupsAreRefusedSayingWhy(
            final HistoryLocation.Dialect dialect) throws Exception {
        final HistoryLocation location = TestDatabases.fresh(dialect, temporary);
        created.add(location);
        final HistoryDatabase database = HistoryDatabase.open(location);
        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), database,
                HistoryProjector.Options.defaults())) {
            projector.projectAvailable(Long.MAX_VALUE);
        }
        try (HistoryQueries queries = new HistoryQueries(database, 2);
             java.sql.Connection connection = database.connect();
             java.sql.Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            final long wallet = PaymentJournal.wallet(7);
            statement.executeUpdate("insert into deferred_indexes (name, definition) values"
                    + " ('transfers_by_debit', 'create index transfers_by_debit on transfers (debit_id)')");

            assertThatThrownBy(() -> queries.statement(wallet, StatementFilter.ALL, Long.MAX_VALUE, PAGE))
                    .isInstanceOf(HistoryException.class).hasMessageContaining("first catch-up");
            assertThatThrownBy(() -> queries.transfer(movements.getFirst().transferId()))
                    .isInstanceOf(HistoryException.class).hasMessageContaining("indexes are built at the end");
            assertThat(queries.projectedSequence()).as("health still reads the position").isPositive();

            statement.executeUpdate("delete from deferred_indexes");
            assertThat(queries.transfer(movements.getFirst().transferId())).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(HistoryLocation.Dialect.class)
    void findsATransferByIdAndExportsAnyResultAsCsv(final HistoryLocation.Dialect dialect) throws Exception {
        try (HistoryQueries queries = project(dialect)) {
            final Movement some = movements.get(movements.size() / 2);
            final List<TransferRow> found = queries.transfer(some.transferId());
            assertThat(found).extracting(TransferRow::position).contains(some.position());
            assertThat(found.getFirst().amountFen()).isEqualTo(some.amountFen());
            assertThat(queries.transfer(-12345)).isEmpty();

            final long wallet = PaymentJournal.wallet(7);
            final StringWriter csv = new StringWriter();
            final long written = CsvExport.exportAll(csv, StatementLine.CSV_HEADER,
                    (cursor, limit) -> queries.statement(wallet, StatementFilter.ALL, cursor, limit));
            final String[] lines = csv.toString().split("\r\n");
            assertThat(lines[0]).isEqualTo(String.join(",", StatementLine.CSV_HEADER));
            assertThat(written).isEqualTo(lines.length - 1)
                    .isEqualTo(movements.stream().filter(sideOf(wallet, StatementFilter.ALL)).count());
            assertThat(lines[1].split(",")).hasSize(StatementLine.CSV_HEADER.size());
            assertThat(lines[1]).contains("+08:00");

            final StringWriter one = new StringWriter();
            CsvExport.write(one, TransferRow.CSV_HEADER, found);
            assertThat(one.toString().split("\r\n")).hasSize(found.size() + 1);
            assertThat(CsvExport.field("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
        }
    }

    private static boolean heldAt(final long accountId, final long operator) {
        return accountId == operator
                || accountId >= PaymentJournal.FIRST_MERCHANT && PaymentJournal.operatorOf(accountId) == operator;
    }

    private static Predicate<Movement> sideOf(final long wallet, final StatementFilter filter) {
        return m -> {
            final boolean out = m.debitId() == wallet && filter.direction() != Direction.IN;
            final boolean in = m.creditId() == wallet && filter.direction() != Direction.OUT;
            final long counterparty = out ? m.creditId() : m.debitId();
            return (out || in) && m.timeMs() >= filter.fromMs() && m.timeMs() < filter.untilMs()
                    && filter.keeps(m.code(), counterparty, m.amountFen());
        };
    }

    private static <T> List<T> allPages(final CsvExport.PageSource<T> query) {
        final List<T> rows = new ArrayList<>();
        long cursor = Page.FIRST;
        do {
            final Page<T> page = query.page(cursor, PAGE);
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(PAGE);
            rows.addAll(page.rows());
            cursor = page.nextCursor();
        } while (cursor != 0);
        return rows;
    }
}
