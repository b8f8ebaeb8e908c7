package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.tongbao.history.store.HistoryLocation;

/**
 * The server with its history in the real local PostgreSQL ({@code .ci/run} starts it; role and
 * database tongbao/tongbao), in a schema of its own that the test drops: a statement's running
 * balance ends at the ledger's balance. Skipped, saying why, when no server answers.
 */
class HistoryPostgresApiTest {
    private static final String POSTGRES = "postgresql://localhost:5432/tongbao?user=tongbao&password=tongbao";

    @Test
    void aStatementFromPostgresqlEndsAtTheLedgersBalance() throws Exception {
        final Path data = Files.createTempDirectory("tongbao-history-pg-");
        final HistoryLocation location = HistoryLocation.parse(POSTGRES + "&schema=server_history_test_"
                + ProcessHandle.current().pid(), data);
        assumeTrue(reachable(location), "skipped: no PostgreSQL on localhost:5432 (start it with .ci/run)");
        drop(location);
        try (TestApi api = new TestApi(ApiConfig.defaults(data).withPort(0).withLimits(4_096, 16_384, 1_000)
                .withHistory(location)).withPilot()) {
            HistoryApiTest.payments(api);
            HistoryApiTest.awaitCaughtUp(api);
            final List<JsonNode> lines = HistoryApiTest.all(api, api.operatorA, "/v1/accounts/3001/statement", 4);
            assertThat(lines.getFirst().path("balanceFen").asLong()).isEqualTo(api.balance(TestApi.WALLET_A1));
            assertThat(lines.stream().mapToLong(line -> line.path("amountFen").asLong()).sum())
                    .isEqualTo(api.balance(TestApi.WALLET_A1));
        } finally {
            drop(location);
        }
    }

    private static boolean reachable(final HistoryLocation location) {
        try (Connection connection = connect(location)) {
            return connection.isValid(5);
        } catch (final SQLException e) {
            return false;
        }
    }

    private static void drop(final HistoryLocation location) throws SQLException {
        try (Connection connection = connect(location); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + location.schema() + " cascade");
        }
    }

    private static Connection connect(final HistoryLocation location) throws SQLException {
        final Properties properties = new Properties();
        properties.setProperty("user", location.user());
        properties.setProperty("password", location.password());
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(location.jdbcUrl(), properties);
    }
}
