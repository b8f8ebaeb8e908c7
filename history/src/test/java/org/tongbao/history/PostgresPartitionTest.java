package org.tongbao.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * PostgreSQL keeps transfers in one partition per month of batch time (Asia/Shanghai): the
 * projector creates each month's partition as it reaches it, every row lands in its month, and
 * a query for a period reads only that period's partitions. (Citus itself is not installed
 * here; the README says how the same schema distributes.)
 */
class PostgresPartitionTest {
    @TempDir
    Path temporary;

    private HistoryLocation location;

    @AfterEach
    void dropSchema() {
        if (location != null) {
            TestDatabases.drop(location);
        }
    }

    @Test
    void transfersLandInMonthlyPartitionsAndAPeriodQueryReadsOnlyItsMonths() throws Exception {
        location = TestDatabases.fresh(HistoryLocation.Dialect.POSTGRESQL, temporary);
        final Path root = temporary.resolve("data");
        new PaymentJournal(root, 100, 9).setUp().payments(100, 50, 100);
        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), HistoryDatabase.open(location),
                HistoryProjector.Options.defaults())) {
            projector.projectAvailable(Long.MAX_VALUE);
        }

        assertThat(rows("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " join pg_class p on p.oid = i.inhparent where p.relname = 'transfers' and c.relkind = 'r'"
                + " and p.relnamespace = current_schema()::regnamespace"
                + " order by c.relname"))
                .containsExactly("transfers_2023_01", "transfers_2023_02", "transfers_2023_03", "transfers_2023_04");
        assertThat(TestDatabases.queryLong(location, "select count(*) from transfers_2023_02")).isPositive();
        assertThat(TestDatabases.queryLong(location, "select count(*) from transfers_2023_02 where to_char(to_timestamp("
                + "time_ms / 1000.0) at time zone 'Asia/Shanghai', 'YYYY-MM') <> '2023-02'")).isZero();

        final long februaryMs = PaymentJournal.START_MS + 31 * PaymentJournal.DAY_MS;
        final String plan = String.join("\n", rows("explain select * from transfers where debit_id = "
                + PaymentJournal.wallet(3) + " and time_ms >= " + februaryMs + " and time_ms < "
                + (februaryMs + 28 * PaymentJournal.DAY_MS) + " order by position desc limit 50"));
        assertThat(plan).contains("transfers_2023_02").doesNotContain("transfers_2023_01")
                .doesNotContain("transfers_2023_03");
    }

    private List<String> rows(final String sql) throws Exception {
        final List<String> rows = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(location); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
