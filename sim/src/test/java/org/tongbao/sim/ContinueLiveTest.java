package org.tongbao.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.kpi.KpiConfig;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.PilotProperties;
import org.tongbao.kpi.durable.KpiReadModel;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.registry.FintechRegistry;

/** After a run, the simulator goes on day by day through another ledger on the same directory (the demo's live traffic). */
class ContinueLiveTest {
    private static final PilotSimulator.Progress QUIET = (day, index, days, commands) -> { };

    @TempDir
    Path temporary;

    @Test
    void aRunRecordsItsScaleInTheDataDirectory() throws Exception {
        final Path data = temporary.resolve("scaled");
        new PilotSimulator(new PilotSimulator.Options(2023, LocalDate.of(2023, 1, 3), 0.0001, 5)).run(data, QUIET);

        assertThat(PilotProperties.read(data).scale()).isEqualTo(0.0001);
    }

    @Test
    void continuesWithTheNextDaysThroughAnotherLedgerUntilStopped() throws Exception {
        final Path data = temporary.resolve("live");
        final PilotSimulator simulator = new PilotSimulator(new PilotSimulator.Options(2023, LocalDate.of(2023, 2, 10),
                0.0001, 5));
        simulator.run(data, QUIET);
        final KpiReadModel model = new KpiReadModel(KpiConfig.defaults(),
                new FintechRegistry(data.resolve("kpi").resolve("fintech-registry.tsv")), true);
        final AtomicInteger days = new AtomicInteger();
        try (DurableLedger ledger = DurableLedger.open(new DataDirectory(data), LedgerConfig.defaults(1_000), () -> 0L,
                DurableLedger.Options.defaults(), null, model)) {
            final KpiPlatform kpi = model.platform();
            final long before = volume(ledger, kpi, LocalDate.of(2023, 2, 10));
            final int simulated = simulator.continueLive(ledger.sequencer(), kpi, 1_000_000, () -> days.get() == 2,
                    (day, index, total, commands) -> days.incrementAndGet());

            assertThat(simulated).isEqualTo(2);
            assertThat(simulator.lastDay()).isEqualTo(LocalDate.of(2023, 2, 12));
            assertThat(ledger.sequencer().query(l -> ShanghaiCalendar.epochDay(l.timestampMs())).get())
                    .isEqualTo((int) LocalDate.of(2023, 2, 12).toEpochDay());
            assertThat(volume(ledger, kpi, LocalDate.of(2023, 2, 12))).isGreaterThan(before);
            assertThat(ledger.sequencer().query(l -> l.checkInvariants()).get()).isEmpty();
        }
    }

    @Test
    void continuingBeforeARunIsRefused() {
        final PilotSimulator simulator = new PilotSimulator(new PilotSimulator.Options(2023, null, 0.0001, 5));

        assertThatThrownBy(() -> simulator.continueLive(null, null, 100, () -> true, QUIET))
                .hasMessageContaining("follows a finished run");
    }

    private static long volume(final DurableLedger ledger, final KpiPlatform kpi, final LocalDate to) throws Exception {
        return ledger.sequencer().query(l -> kpi.value(Metric.TRANSACTION_VOLUME, null, 0,
                (int) LocalDate.of(2023, 1, 1).toEpochDay(), (int) to.toEpochDay())).get();
    }
}
