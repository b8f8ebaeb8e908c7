package org.tongbao.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tongbao.history.store.HistoryLocation;

class HistoryLocationTest {
    private static final Path DATA = Path.of("/data/pilot");

    @Test
    void defaultsToTheSqliteFileInTheDataDirectory() {
        final HistoryLocation location = HistoryLocation.parse(null, DATA);

        assertThat(location.dialect()).isEqualTo(HistoryLocation.Dialect.SQLITE);
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/pilot/history.db");
    }

    @Test
    void turnsAPostgresAddressIntoAJdbcUrlAndCredentials() {
        final HistoryLocation location = HistoryLocation.parse(
                "postgresql://db.local:5433/pilot?user=tongbao&password=s%3Dcret&schema=history&sslmode=require", DATA);

        assertThat(location.dialect()).isEqualTo(HistoryLocation.Dialect.POSTGRESQL);
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/pilot?currentSchema=history"
                + "&reWriteBatchedInserts=true&sslmode=require");
        assertThat(location.user()).isEqualTo("tongbao");
        assertThat(location.password()).isEqualTo("s=cret");
        assertThat(location.describe()).doesNotContain("cret");
    }

    @Test
    void refusesAnAddressWithoutUserOrWithABadSchemaSayingWhy() {
        assertThatThrownBy(() -> HistoryLocation.parse("postgresql://h:5432/db?password=x", DATA))
                .hasMessageContaining("needs ?user=").hasMessageNotContaining("password=x");
        assertThatThrownBy(() -> HistoryLocation.parse("postgresql://h:5432/db?user=u&schema=Bad-Name", DATA))
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> HistoryLocation.parse("jdbc:sqlite:x.db", DATA)).hasMessageContaining("not a JDBC URL");
    }
}
