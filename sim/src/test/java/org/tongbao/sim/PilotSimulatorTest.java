package org.tongbao.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.credit.LoanApplicationPage;
import org.tongbao.engine.credit.LoanApplicationView;

/**
 * The simulator at a small scale: a whole 2022 reproduces the reported figures, the ledger it
 * leaves verifies, and the same seed gives the same journal.
 */
class PilotSimulatorTest {
    private static final double SCALE = 0.0002;
    private static final PilotSimulator.Progress QUIET = (day, index, days, commands) -> { };

    @TempDir
    static Path temporary;

    private static SimulationReport year2022;

    @BeforeAll
    static void simulate2022() throws Exception {
        year2022 = new PilotSimulator(new PilotSimulator.Options(2022, null, SCALE, 7)).run(temporary.resolve("2022"), QUIET);
    }

    @Test
    void aWholeYearReproducesEachReportedFigureWithinTwoPercent() {
        for (final SimulationReport.Figure figure : year2022.figures()) {
            if (figure.name().startsWith("fintech")) {
                // 371 x 0.0002 is 0.07 of an enterprise: the count can only round.
                assertThat(figure.simulated()).as(figure.name()).isEqualTo((double) Math.round(figure.expected()));
                continue;
            }
            assertThat(Math.abs(figure.differencePercent())).as("%s: reported x scale %,.0f, simulated %,.0f",
                    figure.name(), figure.expected(), figure.simulated()).isLessThan(2.0);
        }
    }

    @Test
    void namesEveryReportedFigure() {
        assertThat(year2022.figures()).extracting(SimulationReport.Figure::name).containsExactly(
                "e-CNY transaction volume", "businesses and government bodies transacting", "wallets opened",
                "financial incentives granted", "SME loans disbursed in e-CNY", "fintech enterprises registered");
    }

    @Test
    void theLedgerItLeavesRecoversWithItsInvariantsIntact() {
        final Path data = temporary.resolve("2022");
        final Recovery.Recovered recovered = Recovery.recover(new DataDirectory(data),
                LedgerConfigFile.read(data.resolve(LedgerConfigFile.FILE_NAME)), false, false);
        final Ledger ledger = recovered.ledger();
        assertThat(ledger.checkInvariants()).isEmpty();
        assertThat(ledger.activeLoanCount()).isPositive();
        assertThat(year2022.commands()).isGreaterThan(100_000);
    }

    @Test
    void everyLoanStartsAsAnApplicationMostApprovedSomeDeclinedNoneRefused() {
        final Path data = temporary.resolve("2022");
        final Ledger ledger = Recovery.recover(new DataDirectory(data),
                LedgerConfigFile.read(data.resolve(LedgerConfigFile.FILE_NAME)), false, false).ledger();
        long approved = 0;
        long declined = 0;
        long other = 0;
        for (int operator = 0; operator < Suzhou.OPERATORS.size(); operator++) {
            long after = 0;
            do {
                final LoanApplicationPage page = ledger.loanApplications(Population.operatorId(operator), null, after,
                        1_000);
                for (final LoanApplicationView application : page.items()) {
                    switch (application.status()) {
                        case APPROVED -> approved++;
                        case DECLINED -> declined++;
                        default -> other++;
                    }
                }
                after = page.nextAfterId();
            } while (after != 0);
        }

        assertThat(approved).isGreaterThanOrEqualTo(ledger.activeLoanCount());
        assertThat(declined).isPositive().isLessThan(approved / 4);
        assertThat(other).isZero();
        assertThat(year2022.facts()).noneMatch(fact -> fact.startsWith("commands the ledger rejected")
                && fact.contains("LOAN_"));
    }

    @Test
    void theSameSeedGivesTheSameJournalAndAnotherSeedAnotherOne() throws Exception {
        final LocalDate until = LocalDate.of(2023, 2, 10);
        final List<String> heads = new java.util.ArrayList<>();
        for (final long seed : new long[] {11, 11, 12}) {
            heads.add(new PilotSimulator(new PilotSimulator.Options(2023, until, 0.0001, seed))
                    .run(temporary.resolve("seed-" + seed + "-" + heads.size()), QUIET).headHash());
        }
        assertThat(heads.get(0)).isEqualTo(heads.get(1));
        assertThat(heads.get(2)).isNotEqualTo(heads.get(0));
    }

    @Test
    void refusesAScaleOrADayItCannotSimulate() {
        assertThatThrownBy(() -> new PilotSimulator.Options(2022, null, 0, 1)).hasMessageContaining("--scale");
        assertThatThrownBy(() -> new PilotSimulator.Options(2022, LocalDate.of(2023, 1, 1), 0.1, 1))
                .hasMessageContaining("--until");
        assertThatThrownBy(() -> PilotYear.of(2021)).hasMessageContaining("2022 and 2023");
    }
}
