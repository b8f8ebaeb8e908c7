package org.tongbao.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.snapshot.SnapshotFiles;

/**
 * A timing run that deletes the journal its snapshots cover simulates exactly the same pilot
 * (same journal head hash, same figures) and its directory still recovers, from the snapshot.
 */
class DiscardCoveredJournalTest {
    private static final PilotSimulator.Progress QUIET = (day, index, days, commands) -> { };
    private static final LocalDate UNTIL = LocalDate.of(2022, 2, 10);

    @TempDir
    Path temporary;

    @Test
    void discardingCoveredJournalChangesNothingSimulatedAndTheDirectoryRecoversFromItsSnapshot() throws Exception {
        final SimulationReport kept = new PilotSimulator(new PilotSimulator.Options(2022, UNTIL, 0.0001, 11))
                .run(temporary.resolve("kept"), QUIET);
        final Path data = temporary.resolve("discarded");

        final SimulationReport discarded = new PilotSimulator(new PilotSimulator.Options(2022, UNTIL, 0.0001, 11, true))
                .run(data, QUIET);

        assertThat(discarded.headHash()).isEqualTo(kept.headHash());
        assertThat(discarded.figures()).isEqualTo(kept.figures());
        final DataDirectory directory = new DataDirectory(data);
        assertThat(SnapshotFiles.list(directory.snapshots()))
                .as("the day-30 snapshot and the one written at the end; none older")
                .hasSize(2);
        final Recovery.Recovered recovered = Recovery.recover(directory,
                LedgerConfigFile.read(data.resolve(LedgerConfigFile.FILE_NAME)), true, false);
        assertThat(recovered.journal().lastSequence()).isPositive();
        assertThat(recovered.snapshotSequence()).isPositive();
    }
}
