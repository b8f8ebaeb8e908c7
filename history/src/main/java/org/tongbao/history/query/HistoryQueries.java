package org.tongbao.history.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.ToLongFunction;
import org.tongbao.engine.Checks;
import org.tongbao.history.HistoryException;
import org.tongbao.history.projection.Positions;
import org.tongbao.history.store.HistoryDatabase;

/**
 * The history's read side: a wallet's statement with running balance, a merchant's receipts,
 * an operator bank's transfers, lookup by transfer id. Every list is keyset-paginated, newest
 * first, by position (no OFFSET: page 10,000 costs what page 1 costs).
 *
 * <p>A statement is two index range scans, the wallet as payer and as payee, each stopped at
 * the page size, merged: so its cost depends on the page, not on the wallet's history. A period
 * becomes a position range through the {@code batches} table (batch time never decreases).
 *
 * <p>Thread-safe: keeps a small pool of read connections, one per query in flight.
 */
public final class HistoryQueries implements AutoCloseable {
    public static final int PAGE_ROWS_MAX = 1_000;
    public static final int CONNECTIONS_DEFAULT = 4;

    private static final String STATEMENT_COLUMNS = "position, sequence, row_number, command_index, time_ms,"
            + " event_type, transfer_id, code";
    private static final String TRANSFER_COLUMNS = "position, sequence, row_number, command_index, time_ms, event_type,"
            + " transfer_id, code, debit_id, credit_id, amount_fen, reference, debit_balance_fen, credit_balance_fen,"
            + " debit_operator_id, credit_operator_id";

    private final HistoryDatabase database;
    private final BlockingQueue<Connection> idle;

    public HistoryQueries(final HistoryDatabase database, final int connections) {
        Checks.checkArgument(connections >= 1, "connections must be at least 1");
        this.database = database;
        this.idle = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            idle.add(openReader());
        }
    }

    /** The last journal batch the history holds. */
    public long projectedSequence() {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select sequence from projection_position where id = 1");
                 ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    /** A wallet's movements, newest first, with the balance after each; {@code filter.direction()} picks the sides. */
    public Page<StatementLine> statement(final long accountId, final StatementFilter filter, final long beforePosition,
                                         final int limit) {
        checkPage(beforePosition, limit);
        return run(connection -> {
            requireIndexes(connection);
            final long[] range = positionRange(connection, filter, beforePosition);
            final List<String> branches = new ArrayList<>(2);
            if (filter.direction() != Direction.IN) {
                branches.add(statementBranch("debit_id", "credit_id", "-", "debit_balance_fen", filter));
            }
            if (filter.direction() != Direction.OUT) {
                branches.add(statementBranch("credit_id", "debit_id", "", "credit_balance_fen", filter));
            }
            final String sql = union(branches);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                for (int b = 0; b < branches.size(); b++) {
                    parameter = bindBranch(statement, parameter, accountId, range, filter, limit + 1);
                }
                statement.setInt(parameter, limit + 1);
                final List<StatementLine> lines = new ArrayList<>(limit + 1);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        lines.add(new StatementLine(rows.getLong(1), rows.getLong(2), rows.getInt(3), rows.getInt(4),
                                rows.getLong(5), rows.getInt(6), rows.getLong(7), rows.getInt(8), rows.getLong(9),
                                rows.getLong(10), rows.getLong(11), rows.getLong(12)));
                    }
                }
                return page(lines, limit, StatementLine::position);
            }
        });
    }

    /** A merchant's receipts: the money that came into its wallet, newest first. */
    public Page<StatementLine> receipts(final long merchantId, final StatementFilter filter, final long beforePosition,
                                        final int limit) {
        return statement(merchantId, filter.direction(Direction.IN), beforePosition, limit);
    }

    /**
     * Transfers with at least one party held at operator bank {@code operatorId} (its reserve
     * included), newest first. {@code filter.counterpartyId()} is ignored; direction IN keeps
     * those whose payee is held there, OUT those whose payer is. There is no operator index (see
     * the schema): this reads the transfers newest first and keeps the operator's, so a page
     * costs about its length divided by the operator's share of the traffic.
     */
    public Page<TransferRow> operatorTransfers(final long operatorId, final StatementFilter filter,
                                               final long beforePosition, final int limit) {
        checkPage(beforePosition, limit);
        final StatementFilter kept = filter.counterparty(0);
        final String where = switch (kept.direction()) {
            case BOTH -> "(debit_operator_id = ? or credit_operator_id = ?)";
            case IN -> "credit_operator_id = ?";
            case OUT -> "debit_operator_id = ?";
        };
        return run(connection -> {
            final long[] range = positionRange(connection, kept, beforePosition);
            try (PreparedStatement statement = connection.prepareStatement(transferBranch(where, kept))) {
                int parameter = 1;
                if (kept.direction() == Direction.BOTH) {
                    statement.setLong(parameter++, operatorId);
                }
                bindBranch(statement, parameter, operatorId, range, kept, limit + 1);
                return page(readTransfers(statement), limit, TransferRow::position);
            }
        });
    }

    /**
     * The rows of transfer {@code transferId}: usually one; a merchant payment paid partly from
     * campaign funds has a row per campaign and one for the rest. Empty when unknown.
     */
    public List<TransferRow> transfer(final long transferId) {
        return run(connection -> {
            requireIndexes(connection);
            try (PreparedStatement statement = connection.prepareStatement("select " + TRANSFER_COLUMNS
                    + " from transfers where transfer_id = ? order by position")) {
                statement.setLong(1, transferId);
                return readTransfers(statement);
            }
        });
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            try {
                connection.close();
            } catch (final SQLException e) {
                throw new HistoryException("closing a history connection failed: " + e.getMessage(), e);
            }
        }
    }

    // ------------------------------------------------------------------------------------

    private static String statementBranch(final String account, final String counterparty, final String sign,
                                          final String balance, final StatementFilter filter) {
        return "select " + STATEMENT_COLUMNS + ", " + counterparty + " as counterparty_id, " + sign
                + "amount_fen as amount_fen, " + balance + " as balance_fen, reference from transfers where " + account
                + " = ?" + conditions(filter, counterparty) + " order by position desc limit ?";
    }

    private static String transferBranch(final String where, final StatementFilter filter) {
        return "select " + TRANSFER_COLUMNS + " from transfers where " + where + conditions(filter, null)
                + " order by position desc limit ?";
    }

    private static String conditions(final StatementFilter filter, final String counterpartyColumn) {
        final StringBuilder sql = new StringBuilder(" and position < ? and position >= ?");
        if (filter.hasPeriod()) {
            sql.append(" and time_ms >= ? and time_ms < ?");
        }
        if (filter.codeMask() != 0) {
            sql.append(" and code in (");
            for (int code = 0; code < Long.SIZE; code++) {
                if ((filter.codeMask() & 1L << code) != 0) {
                    sql.append(sql.charAt(sql.length() - 1) == '(' ? "" : ", ").append(code);
                }
            }
            sql.append(')');
        }
        if (counterpartyColumn != null && filter.counterpartyId() != 0) {
            sql.append(" and ").append(counterpartyColumn).append(" = ?");
        }
        if (filter.hasAmountRange()) {
            sql.append(" and amount_fen >= ? and amount_fen <= ?");
        }
        return sql.toString();
    }

    private static int bindBranch(final PreparedStatement statement, final int first, final long key,
                                  final long[] range, final StatementFilter filter, final int limit)
            throws SQLException {
        int parameter = first;
        statement.setLong(parameter++, key);
        statement.setLong(parameter++, range[1]);
        statement.setLong(parameter++, range[0]);
        if (filter.hasPeriod()) {
            statement.setLong(parameter++, filter.fromMs());
            statement.setLong(parameter++, filter.untilMs());
        }
        if (filter.counterpartyId() != 0) {
            statement.setLong(parameter++, filter.counterpartyId());
        }
        if (filter.hasAmountRange()) {
            statement.setLong(parameter++, filter.amountMinFen());
            statement.setLong(parameter++, filter.amountMaxFen());
        }
        statement.setInt(parameter++, limit);
        return parameter;
    }

    /** Both branches, each already limited, merged newest first. */
    private static String union(final List<String> branches) {
        if (branches.size() == 1) {
            return "select * from (" + branches.getFirst() + ") as only_side order by position desc limit ?";
        }
        return "select * from (" + branches.get(0) + ") as first_side union all select * from (" + branches.get(1)
                + ") as second_side order by position desc limit ?";
    }

    /** [lowest, beyond) positions the query may return: the period's batches, before the cursor. */
    private static long[] positionRange(final Connection connection, final StatementFilter filter,
                                        final long beforePosition) throws SQLException {
        long low = 0;
        long beyond = beforePosition;
        if (filter.fromMs() != Long.MIN_VALUE) {
            low = firstBatchAtOrAfter(connection, filter.fromMs(), Long.MAX_VALUE);
        }
        if (filter.untilMs() != Long.MAX_VALUE) {
            beyond = Math.min(beyond, firstBatchAtOrAfter(connection, filter.untilMs(), beyond));
        }
        return new long[] {low, beyond};
    }

    private static long firstBatchAtOrAfter(final Connection connection, final long timeMs, final long none)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select sequence from batches where time_ms >= ? order by time_ms, sequence limit 1")) {
            statement.setLong(1, timeMs);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Positions.firstOf(row.getLong(1)) : none;
            }
        }
    }

    private static List<TransferRow> readTransfers(final PreparedStatement statement) throws SQLException {
        final List<TransferRow> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new TransferRow(result.getLong(1), result.getLong(2), result.getInt(3), result.getInt(4),
                        result.getLong(5), result.getInt(6), result.getLong(7), result.getInt(8), result.getLong(9),
                        result.getLong(10), result.getLong(11), result.getLong(12), result.getLong(13),
                        result.getLong(14), result.getLong(15), result.getLong(16)));
            }
        }
        return rows;
    }

    private static <T> Page<T> page(final List<T> rows, final int limit, final ToLongFunction<T> position) {
        if (rows.size() <= limit) {
            return new Page<>(rows, 0);
        }
        final List<T> kept = rows.subList(0, limit);
        return new Page<>(List.copyOf(kept), position.applyAsLong(kept.getLast()));
    }

    private static void checkPage(final long beforePosition, final int limit) {
        Checks.checkArgument(limit >= 1 && limit <= PAGE_ROWS_MAX, "limit must be 1.." + PAGE_ROWS_MAX);
        Checks.checkArgument(beforePosition > 0, "the cursor must be positive");
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Refuses (with a {@link HistoryException}, which the API answers 503) while a first bulk
     * catch-up has the transfers' secondary indexes dropped: a statement or a lookup by id would
     * scan the whole table instead of seeking, and anyone could make the database do that.
     */
    private static void requireIndexes(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet deferred = statement.executeQuery("select count(*) from deferred_indexes")) {
            if (deferred.next() && deferred.getLong(1) > 0) {
                throw new HistoryException("the history is loading its first catch-up from the journal; its"
                        + " indexes are built at the end of it, and statements and lookups wait until then", null);
            }
        }
    }

    private <T> T run(final Query<T> query) {
        final Connection connection;
        try {
            connection = idle.take();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a history connection", e);
        }
        try {
            return query.run(connection);
        } catch (final SQLException e) {
            throw new HistoryException("history query failed: " + e.getMessage(), e);
        } finally {
            idle.add(connection);
        }
    }

    private Connection openReader() {
        try {
            final Connection connection = database.connect();
            connection.setAutoCommit(true);
            return connection;
        } catch (final SQLException e) {
            throw new HistoryException("cannot connect to the history in " + database + ": " + e.getMessage(), e);
        }
    }
}
