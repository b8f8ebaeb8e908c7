package org.tongbao.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PostgreSQL baseline against the real local server (never a mock). Runs that need the
 * server are skipped, with the reason, when none is running; the verification inside
 * {@link PostgresBaseline#measure} (conservation, row count, each balance against the transfer
 * rows) throws if money went astray.
 */
class PostgresBaselineTest {
    private static final String URL = PostgresBaseline.URL_DEFAULT;
    private static final String USER = PostgresBaseline.USER_DEFAULT;
    private static final String PASSWORD = PostgresBaseline.PASSWORD_DEFAULT;

    private static void assumeServerRunning() {
        final Optional<String> reason = PostgresBaseline.unavailableReason(URL, USER, PASSWORD);
        assumeTrue(reason.isEmpty(), () -> "skipped, PostgreSQL baseline unavailable: " + reason.orElseThrow());
    }

    @ParameterizedTest(name = "hot={0}")
    @ValueSource(booleans = {false, true})
    void runsTransfersConcurrentlyAndConservesMoney(final boolean hot) {
        assumeServerRunning();

        final PostgresBaseline.Run run = new PostgresBaseline(URL, USER, PASSWORD).measure(100, 500, 2, hot, 42);

        assertThat(run.transfersPerSecond()).isPositive();
        assertThat(run.transfersTimed()).isEqualTo(500);
        assertThat(run.rejected()).isZero();
        assertThat(run.hot()).isEqualTo(hot);
        assertThat(run.server()).startsWith("PostgreSQL ");
    }

    @Test
    void runReturnsTheRateOfMeasure() {
        assumeServerRunning();

        assertThat(new PostgresBaseline(URL, USER, PASSWORD).run(10, 40, 4, false, 7)).isPositive();
    }

    @Test
    void namesTheAddressWhenNothingListens() {
        final Optional<String> reason = PostgresBaseline.unavailableReason("jdbc:postgresql://localhost:1/tongbao", USER, PASSWORD);

        assertThat(reason).contains("no PostgreSQL at localhost:1 (connection refused)");
    }

    @Test
    void retriesOnlySerializationFailuresAndDeadlocks() {
        assertThat(PostgresBaseline.isRetryable(new SQLException("serialization", "40001"))).isTrue();
        assertThat(PostgresBaseline.isRetryable(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(PostgresBaseline.isRetryable(new SQLException("check violated", "23514"))).isFalse();
    }

    @Test
    void readsHostAndPortFromTheUrl() {
        assertThat(PostgresBaseline.hostAndPort("jdbc:postgresql://db.example:6543/ledger?ssl=true")).isEqualTo("db.example:6543");
        assertThat(PostgresBaseline.hostAndPort("jdbc:postgresql://localhost/tongbao")).isEqualTo("localhost:5432");
    }
}
