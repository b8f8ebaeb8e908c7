package org.tongbao.history;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.tongbao.history.store.HistoryLocation;

/**
 * The two real databases the tests run against: a SQLite file in the test's temporary folder,
 * and the local PostgreSQL server ({@code .ci/run} starts it; role and database tongbao, password
 * tongbao), each test in a schema of its own that it drops afterwards. Tests that need
 * PostgreSQL are skipped, saying why, when no server answers.
 */
final class TestDatabases {
    static final String POSTGRES = "postgresql://localhost:5432/tongbao?user=tongbao&password=tongbao";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static volatile Optional<String> postgresProblem;

    private TestDatabases() {
    }

    /** A new, empty history of {@code dialect}: a file under {@code temporary}, or a new PostgreSQL schema. */
    static HistoryLocation fresh(final HistoryLocation.Dialect dialect, final Path temporary) {
        if (dialect == HistoryLocation.Dialect.SQLITE) {
            return HistoryLocation.sqliteFile(temporary.resolve("history-" + SCHEMAS.incrementAndGet() + ".db"));
        }
        assumePostgres();
        final String schema = "history_test_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        final HistoryLocation location = HistoryLocation.parse(POSTGRES + "&schema=" + schema, temporary);
        drop(location);
        return location;
    }

    static void assumePostgres() {
        Optional<String> problem = postgresProblem;
        if (problem == null) {
            problem = probe();
            postgresProblem = problem;
        }
        final Optional<String> reason = problem;
        assumeTrue(reason.isEmpty(), () -> "skipped, no PostgreSQL for the history tests: " + reason.orElseThrow()
                + " (start it with .ci/run, or pg_ctlcluster --skip-systemctl-redirect 15 main start)");
    }

    /** Drops a PostgreSQL test schema (nothing for SQLite: the temporary folder goes). */
    static void drop(final HistoryLocation location) {
        if (location.dialect() != HistoryLocation.Dialect.POSTGRESQL) {
            return;
        }
        try (Connection connection = connect(location); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + location.schema() + " cascade");
        } catch (final SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + location.schema(), e);
        }
    }

    static Connection connect(final HistoryLocation location) throws SQLException {
        final Properties properties = new Properties();
        if (location.user() != null) {
            properties.setProperty("user", location.user());
            properties.setProperty("password", location.password());
        }
        return DriverManager.getConnection(location.jdbcUrl(), properties);
    }

    static long queryLong(final HistoryLocation location, final String sql) throws SQLException {
        try (Connection connection = connect(location); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Optional<String> probe() {
        final HistoryLocation location = HistoryLocation.parse(POSTGRES, Path.of("."));
        final Properties properties = new Properties();
        properties.setProperty("user", location.user());
        properties.setProperty("password", location.password());
        properties.setProperty("connectTimeout", "5");
        try (Connection connection = DriverManager.getConnection(location.jdbcUrl(), properties)) {
            return connection.isValid(5) ? Optional.empty() : Optional.of("localhost:5432 did not answer");
        } catch (final SQLException e) {
            return Optional.of("localhost:5432: " + e.getMessage());
        }
    }

    /** The non-unique indexes of {@code transfers}: name and definition (schema name left out), by name. */
    static List<String> transferIndexes(final HistoryLocation location) throws SQLException {
        final String sql = location.dialect() == HistoryLocation.Dialect.SQLITE
                ? "select name || ': ' || sql from sqlite_master where type = 'index' and tbl_name = 'transfers'"
                        + " and sql is not null and sql not like 'create unique%' order by name"
                : "select indexname || ': ' || replace(indexdef, '" + location.schema() + ".', '') from pg_indexes"
                        + " where schemaname = '" + location.schema() + "' and tablename = 'transfers'"
                        + " and indexdef not like 'CREATE UNIQUE %' order by indexname";
        final List<String> indexes = new ArrayList<>();
        try (Connection connection = connect(location); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                indexes.add(rows.getString(1));
            }
        }
        return indexes;
    }

    /** Does what a projector killed in the middle of a bulk catch-up leaves: the transfers' indexes remembered, and gone. */
    static void deferTransferIndexesByHand(final HistoryLocation location) throws SQLException {
        final boolean sqlite = location.dialect() == HistoryLocation.Dialect.SQLITE;
        final List<String> names = new ArrayList<>();
        try (Connection connection = connect(location); Statement statement = connection.createStatement()) {
            statement.execute(sqlite
                    ? "insert into deferred_indexes select name, sql from sqlite_master where type = 'index'"
                            + " and tbl_name = 'transfers' and sql is not null and sql not like 'create unique%'"
                    : "insert into deferred_indexes select indexname, replace(indexdef, ' ON ONLY ', ' ON ')"
                            + " from pg_indexes where schemaname = '" + location.schema() + "'"
                            + " and tablename = 'transfers' and indexdef not like 'CREATE UNIQUE %'");
            try (ResultSet rows = statement.executeQuery("select name from deferred_indexes")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (final String name : names) {
                statement.execute("drop index " + name);
            }
        }
    }
}
