package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.engine.LedgerConfig;

/** The data directory's ledger configuration keeps the loan application lapse with the other rules. */
class LedgerConfigFileTest {
    @TempDir
    Path root;

    @Test
    void keepsTheLoanApplicationLapseTheDirectoryWasCreatedWith() {
        final LedgerConfig created = LedgerConfig.defaults(64).withLoanApplicationLapseDays(7);
        LedgerConfigFile.readOrCreate(root, created);

        assertThat(LedgerConfigFile.read(root.resolve(LedgerConfigFile.FILE_NAME)).loanApplicationLapseDays())
                .isEqualTo(7);
    }

    @Test
    void aDirectoryFromBeforeLoanApplicationsGetsTheDefaultLapse() throws IOException {
        LedgerConfigFile.readOrCreate(root, LedgerConfig.defaults(64).withLoanApplicationLapseDays(7));
        final Path file = root.resolve(LedgerConfigFile.FILE_NAME);
        Files.writeString(file, Files.readString(file).replaceAll("loan\\.application\\.lapse\\.days=7\\n", ""));

        assertThat(LedgerConfigFile.read(file).loanApplicationLapseDays())
                .isEqualTo(LedgerConfig.LOAN_APPLICATION_LAPSE_DAYS_DEFAULT);
    }
}
