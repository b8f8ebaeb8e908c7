package org.tongbao.history.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * The SQL side of the projection: the rows of {@link RowBlock}s (transfers, account changes,
 * batches) into one open transaction, and the commit that stores the journal position with them.
 * SQLite gets batched inserts through JDBC; PostgreSQL gets binary {@code COPY} (pgjdbc's
 * {@code CopyManager}, {@link CopyEncoder}), which measured about twice the rate of batched
 * multi-row inserts there: the server parses no SQL per row. COPY runs inside the open
 * transaction like the inserts, so the position commits with the rows all the same. On
 * PostgreSQL it first creates the month's partition of {@code transfers} the first time a batch
 * of that month comes by.
 *
 * <p>Owned by the projector's thread.
 */
final class HistoryWriter implements AutoCloseable {
    /** Rows handed to the driver per {@code executeBatch}. */
    static final int INSERT_BATCH_ROWS = 4_096;
    static final ZoneId PILOT_ZONE = ZoneId.of("Asia/Shanghai");

    private static final String INSERT_TRANSFER = "insert into transfers (position, sequence, row_number, command_index,"
            + " time_ms, event_type, transfer_id, code, debit_id, credit_id, amount_fen, reference, debit_balance_fen,"
            + " credit_balance_fen, debit_operator_id, credit_operator_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_CHANGE = "insert into account_changes (position, sequence, row_number,"
            + " command_index, time_ms, event_type, event_id, account_id, counterparty_id, code, amount_fen, reference,"
            + " operator_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_BATCH = "insert into batches (sequence, time_ms, commands, transfers,"
            + " account_changes) values (?, ?, ?, ?, ?)";
    private static final String COPY_TRANSFERS = "copy transfers (position, sequence, row_number, command_index,"
            + " time_ms, event_type, transfer_id, code, debit_id, credit_id, amount_fen, reference, debit_balance_fen,"
            + " credit_balance_fen, debit_operator_id, credit_operator_id) from stdin (format binary)";
    private static final String COPY_CHANGES = "copy account_changes (position, sequence, row_number, command_index,"
            + " time_ms, event_type, event_id, account_id, counterparty_id, code, amount_fen, reference, operator_id)"
            + " from stdin (format binary)";
    private static final String COPY_BATCHES = "copy batches (sequence, time_ms, commands, transfers, account_changes)"
            + " from stdin (format binary)";
    /** Non-unique indexes of transfers: the ones a bulk catch-up defers (unique ones enforce keys and stay). */
    private static final String SQLITE_INDEXES = "select name, sql from sqlite_master where type = 'index'"
            + " and tbl_name = 'transfers' and sql is not null and sql not like 'create unique%'";
    /** The same on PostgreSQL; a partitioned index's definition reads ON ONLY, which would skip the partitions. */
    private static final String POSTGRESQL_INDEXES = "select indexname, replace(indexdef, ' ON ONLY ', ' ON ')"
            + " from pg_indexes where schemaname = current_schema() and tablename = 'transfers'"
            + " and indexdef not like 'CREATE UNIQUE %'";
    /** PostgreSQL's sort memory for the index builds at the end of a catch-up (the server default is 64 MB). */
    static final int INDEX_BUILD_MEMORY_MIB = 256;
    private static final String UPDATE_POSITION = "update projection_position set sequence = ?, chain_hash = ?,"
            + " time_ms = ? where id = 1";

    private final Connection connection;
    private final boolean partitioned;
    private final PreparedStatement transfers;
    private final PreparedStatement changes;
    private final PreparedStatement batches;
    private final PreparedStatement position;
    private final Set<YearMonth> monthsReady = new HashSet<>();
    /** PostgreSQL only, else null. */
    private final CopyManager copy;
    private final CopyEncoder encoder;
    private int pendingTransfers;
    private int pendingChanges;
    private int pendingBatches;
    private long rowsInTransaction;

    HistoryWriter(final HistoryDatabase database) throws SQLException {
        this.connection = database.connect();
        this.partitioned = database.dialect() == HistoryLocation.Dialect.POSTGRESQL;
        this.transfers = connection.prepareStatement(INSERT_TRANSFER);
        this.changes = connection.prepareStatement(INSERT_CHANGE);
        this.batches = connection.prepareStatement(INSERT_BATCH);
        this.position = connection.prepareStatement(UPDATE_POSITION);
        this.copy = partitioned ? connection.unwrap(PGConnection.class).getCopyAPI() : null;
        this.encoder = partitioned ? new CopyEncoder() : null;
    }

    /** The stored position: the last batch whose rows are all in the database. */
    record Stored(long sequence, byte[] chainHash, long timeMs) {
    }

    Stored readPosition() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select sequence, chain_hash, time_ms from projection_position where id = 1")) {
            if (!row.next()) {
                throw new SQLException("projection_position has no row: the history schema is damaged");
            }
            final Stored stored = new Stored(row.getLong(1), row.getBytes(2), row.getLong(3));
            connection.commit();
            return stored;
        }
    }

    /** Rows written since the last commit. */
    long rowsInTransaction() {
        return rowsInTransaction;
    }

    /** Makes sure the month of {@code timeMs} has its partition (PostgreSQL), in the open transaction. */
    private void ensureMonth(final long timeMs) throws SQLException {
        if (!partitioned) {
            return;
        }
        final YearMonth month = YearMonth.from(Instant.ofEpochMilli(timeMs).atZone(PILOT_ZONE));
        if (monthsReady.contains(month)) {
            return;
        }
        final long fromMs = month.atDay(1).atStartOfDay(PILOT_ZONE).toInstant().toEpochMilli();
        final long toMs = month.plusMonths(1).atDay(1).atStartOfDay(PILOT_ZONE).toInstant().toEpochMilli();
        try (Statement statement = connection.createStatement()) {
            statement.execute(String.format("create table if not exists transfers_%04d_%02d partition of transfers"
                    + " for values from (%d) to (%d)", month.getYear(), month.getMonthValue(), fromMs, toMs));
        }
        monthsReady.add(month);
    }

    /** Adds a block's rows to the open transaction (creating the months' partitions first on PostgreSQL). */
    void write(final RowBlock block) throws SQLException {
        for (int b = 0; b < block.batches; b++) {
            ensureMonth(block.batchWords[b * RowBlock.BATCH_WORDS + 1]);
        }
        if (copy != null) {
            copyRows(block);
        } else {
            insertRows(block);
        }
        rowsInTransaction += block.rows() + block.batches;
    }

    /** PostgreSQL: one binary COPY per table and block. */
    private void copyRows(final RowBlock block) throws SQLException {
        if (block.transfers > 0) {
            encoder.transfers(block);
            send(COPY_TRANSFERS);
        }
        if (block.changes > 0) {
            encoder.changes(block);
            send(COPY_CHANGES);
        }
        if (block.batches > 0) {
            encoder.batches(block);
            send(COPY_BATCHES);
        }
    }

    private void send(final String sql) throws SQLException {
        final CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(encoder.array(), 0, encoder.length());
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** SQLite: batched inserts through the prepared statements. */
    private void insertRows(final RowBlock block) throws SQLException {
        final long[] t = block.transferWords;
        for (int r = 0; r < block.transfers; r++) {
            final int at = r * RowBlock.TRANSFER_WORDS;
            transfers.setLong(1, Positions.of(t[at], (int) t[at + 1]));
            transfers.setLong(2, t[at]);
            transfers.setInt(3, (int) t[at + 1]);
            transfers.setInt(4, (int) t[at + 2]);
            transfers.setLong(5, t[at + 3]);
            transfers.setInt(6, (int) t[at + 4]);
            transfers.setLong(7, t[at + 5]);
            transfers.setInt(8, (int) t[at + 6]);
            for (int column = 9; column <= 16; column++) {
                transfers.setLong(column, t[at + column - 2]);
            }
            transfers.addBatch();
            if (++pendingTransfers == INSERT_BATCH_ROWS) {
                transfers.executeBatch();
                pendingTransfers = 0;
            }
        }
        final long[] c = block.changeWords;
        for (int r = 0; r < block.changes; r++) {
            final int at = r * RowBlock.CHANGE_WORDS;
            changes.setLong(1, Positions.of(c[at], (int) c[at + 1]));
            changes.setLong(2, c[at]);
            changes.setInt(3, (int) c[at + 1]);
            changes.setInt(4, (int) c[at + 2]);
            changes.setLong(5, c[at + 3]);
            changes.setInt(6, (int) c[at + 4]);
            changes.setLong(7, c[at + 5]);
            changes.setLong(8, c[at + 6]);
            changes.setLong(9, c[at + 7]);
            changes.setInt(10, (int) c[at + 8]);
            changes.setLong(11, c[at + 9]);
            changes.setLong(12, c[at + 10]);
            changes.setLong(13, c[at + 11]);
            changes.addBatch();
            if (++pendingChanges == INSERT_BATCH_ROWS) {
                changes.executeBatch();
                pendingChanges = 0;
            }
        }
        final long[] b = block.batchWords;
        for (int r = 0; r < block.batches; r++) {
            final int at = r * RowBlock.BATCH_WORDS;
            batches.setLong(1, b[at]);
            batches.setLong(2, b[at + 1]);
            batches.setInt(3, (int) b[at + 2]);
            batches.setInt(4, (int) b[at + 3]);
            batches.setInt(5, (int) b[at + 4]);
            batches.addBatch();
            if (++pendingBatches == INSERT_BATCH_ROWS) {
                batches.executeBatch();
                pendingBatches = 0;
            }
        }
    }

    /** Flushes the rows, stores the position in the same transaction, and commits. */
    void commit(final long sequence, final byte[] chainHash, final long timeMs) throws SQLException {
        if (pendingTransfers > 0) {
            transfers.executeBatch();
        }
        if (pendingChanges > 0) {
            changes.executeBatch();
        }
        if (pendingBatches > 0) {
            batches.executeBatch();
        }
        position.setLong(1, sequence);
        position.setBytes(2, chainHash);
        position.setLong(3, timeMs);
        if (position.executeUpdate() != 1) {
            throw new SQLException("projection_position has no row: the history schema is damaged");
        }
        connection.commit();
        pendingTransfers = 0;
        pendingChanges = 0;
        pendingBatches = 0;
        rowsInTransaction = 0;
    }

    /**
     * Starts a bulk catch-up: records the non-unique indexes of {@code transfers} (definitions as
     * the catalog holds them, so the migrations stay the one place that defines them) in
     * {@code deferred_indexes}, drops them, and commits. Rows then go in without a random-keyed
     * B-tree insert each, and {@link #restoreIndexes} builds each index once, by sorting.
     */
    void deferIndexes() throws SQLException {
        final List<String[]> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(partitioned ? POSTGRESQL_INDEXES : SQLITE_INDEXES)) {
            while (rows.next()) {
                indexes.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        try (PreparedStatement record = connection.prepareStatement(
                "insert into deferred_indexes (name, definition) values (?, ?)");
             Statement drop = connection.createStatement()) {
            for (final String[] index : indexes) {
                record.setString(1, index[0]);
                record.setString(2, index[1]);
                record.executeUpdate();
                drop.execute("drop index " + index[0]);
            }
        }
        connection.commit();
    }

    /**
     * Re-creates the indexes {@link #deferIndexes} dropped, in the open transaction (the caller
     * commits: with the last rows of a catch-up, or alone after a crash); returns how many.
     */
    int restoreIndexes() throws SQLException {
        final List<String> definitions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select definition from deferred_indexes order by name")) {
            while (rows.next()) {
                definitions.add(rows.getString(1));
            }
        }
        if (definitions.isEmpty()) {
            return 0;
        }
        try (Statement statement = connection.createStatement()) {
            if (partitioned) {
                statement.execute("set local maintenance_work_mem = '" + INDEX_BUILD_MEMORY_MIB + "MB'");
            }
            for (final String definition : definitions) {
                statement.execute(definition);
            }
            statement.execute("delete from deferred_indexes");
        }
        return definitions.size();
    }

    /** Commits the open transaction as it is (no new position: after {@link #restoreIndexes} alone). */
    void commitAsIs() throws SQLException {
        connection.commit();
    }

    /** Drops what the open transaction holds (after a failure). */
    void rollback() throws SQLException {
        transfers.clearBatch();
        changes.clearBatch();
        batches.clearBatch();
        pendingTransfers = 0;
        pendingChanges = 0;
        pendingBatches = 0;
        rowsInTransaction = 0;
        monthsReady.clear();
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
