package org.tongbao.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.kpi.aggregate.AggregatesCodec;
import org.tongbao.kpi.aggregate.KpiAggregates;
import org.tongbao.kpi.durable.KpiReadModel;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.registry.FintechRegistry;

/** KPI aggregates are part of the snapshot: a restart gives identical aggregates, whichever way it recovers. */
class KpiRecoveryTest {
    private static final LedgerConfig CONFIG = LedgerConfig.defaults(1_024).withAccountsInitial(64)
            .withIdempotencyGeneration(1 << 12).withPendingMax(64);
    private static final int[] DISTRICTS = {320505, 320508, 320583, 320571, 0};
    private static final int[] CATEGORIES = {5411, 5812, 4111};

    @TempDir
    Path temporary;

    @Test
    void theCodecRoundTripsEveryAggregateExactly() throws IOException {
        final KpiAggregates aggregates = new KpiAggregates(MetricDefinitions.defaults());
        new RandomEconomy(5).run(120, aggregates::onBatch);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AggregatesCodec.write(aggregates, bytes);

        final KpiAggregates read = AggregatesCodec.read(new ByteArrayInputStream(bytes.toByteArray()), "test");

        assertThat(read.sequence()).isEqualTo(aggregates.sequence());
        assertThat(AggregatesDifferentialTest.actual(read)).isEqualTo(AggregatesDifferentialTest.actual(aggregates));
        final ByteArrayOutputStream again = new ByteArrayOutputStream();
        AggregatesCodec.write(read, again);
        assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
    }

    @Test
    void theCodecRefusesAFlippedByteAndAForeignFile() {
        final KpiAggregates aggregates = new KpiAggregates(MetricDefinitions.defaults());
        new RandomEconomy(6).run(20, aggregates::onBatch);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            AggregatesCodec.write(aggregates, bytes);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
        final byte[] damaged = bytes.toByteArray();
        damaged[damaged.length / 2] ^= 0x10;
        final byte[] foreign = "not a snapshot at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> AggregatesCodec.read(new ByteArrayInputStream(damaged), "damaged"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AggregatesCodec.read(new ByteArrayInputStream(foreign), "foreign"))
                .hasMessageContaining("bad magic");
    }

    @Test
    void aRestartFromTheSnapshotAndJournalTailGivesIdenticalAggregates() throws Exception {
        final Path data = temporary.resolve("data");
        final Map<NaiveKpi.Key, Long> before = runDurably(data, 3, 60);

        final KpiReadModel reopened = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), true);
        try (DurableLedger durable = open(data, reopened, new AtomicLong())) {
            assertThat(durable.recovered().replayedBatches()).isPositive();
            assertThat(reopened.origin()).startsWith("KPI snapshot at batch");
            assertThat(AggregatesDifferentialTest.actual(reopened.platform().aggregates())).isEqualTo(before);
        }
        assertThat(fromGenesis(data)).isEqualTo(before);
    }

    @Test
    void aMissingKpiSnapshotIsRebuiltFromTheJournal() throws Exception {
        final Path data = temporary.resolve("data");
        final Map<NaiveKpi.Key, Long> before = runDurably(data, 4, 40);
        deleteKpiSnapshots(data);

        final KpiReadModel reopened = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), false);
        Recovery.recover(new DataDirectory(data), CONFIG, true, false, reopened);

        assertThat(reopened.origin()).startsWith("rebuilt from the journal");
        assertThat(AggregatesDifferentialTest.actual(reopened.platform().aggregates())).isEqualTo(before);
    }

    @Test
    void aDamagedKpiSnapshotIsSkippedWithAWarning() throws Exception {
        final Path data = temporary.resolve("data");
        final Map<NaiveKpi.Key, Long> before = runDurably(data, 5, 40);
        final Path newest = kpiSnapshots(data).get(kpiSnapshots(data).size() - 1);
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(newest, bytes);

        final KpiReadModel reopened = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), false);
        Recovery.recover(new DataDirectory(data), CONFIG, true, false, reopened);

        assertThat(reopened.warnings()).singleElement().asString().contains("skipped KPI snapshot");
        assertThat(AggregatesDifferentialTest.actual(reopened.platform().aggregates())).isEqualTo(before);
    }

    @Test
    void aKpiSnapshotOfTheVersionBeforeTheCampaignDimensionIsRebuiltFromTheJournalWithAWarning() throws Exception {
        final Path data = temporary.resolve("data");
        final Map<NaiveKpi.Key, Long> before = runDurably(data, 7, 40);
        final Path newest = kpiSnapshots(data).get(kpiSnapshots(data).size() - 1);
        final byte[] bytes = Files.readAllBytes(newest);
        java.nio.ByteBuffer.wrap(bytes).putInt(8, 1);
        Files.write(newest, bytes);

        assertThatThrownBy(() -> AggregatesCodec.readFile(newest))
                .hasMessageContaining("has KPI snapshot version 1; this build reads version 2 only");
        final KpiReadModel reopened = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), false);
        Recovery.recover(new DataDirectory(data), CONFIG, true, false, reopened);

        assertThat(reopened.warnings()).singleElement().asString().contains("skipped KPI snapshot")
                .contains("version 1");
        assertThat(reopened.origin()).startsWith("rebuilt from the journal");
        assertThat(AggregatesDifferentialTest.actual(reopened.platform().aggregates())).isEqualTo(before);
    }

    /** Runs {@code batches} random batches through a durable ledger with snapshots every 7 batches, none on close. */
    private Map<NaiveKpi.Key, Long> runDurably(final Path data, final long seed, final int batches) throws Exception {
        final KpiReadModel model = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), true);
        final AtomicLong clock = new AtomicLong(Instant.parse("2023-01-02T01:00:00Z").toEpochMilli());
        final SplittableRandom random = new SplittableRandom(seed);
        try (DurableLedger durable = open(data, model, clock)) {
            submit(durable.sequencer(), setup());
            long id = 1_000_000;
            for (int b = 0; b < batches; b++) {
                clock.addAndGet(random.nextInt(10) < 7 ? random.nextLong(4 * 3_600_000L) : random.nextLong(5 * 86_400_000L));
                final CommandBatch batch = new CommandBatch(64);
                for (int c = 1 + random.nextInt(30); c > 0; c--) {
                    randomPayment(batch, random, id++);
                }
                submit(durable.sequencer(), batch);
            }
            assertThat(kpiSnapshots(data)).isNotEmpty();
            return durable.sequencer().query(ledger -> AggregatesDifferentialTest.actual(model.platform().aggregates()))
                    .get();
        }
    }

    private Map<NaiveKpi.Key, Long> fromGenesis(final Path data) {
        final KpiReadModel model = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), false);
        Recovery.recover(new DataDirectory(data), CONFIG, false, false, model);
        assertThat(model.origin()).isEqualTo("genesis");
        return AggregatesDifferentialTest.actual(model.platform().aggregates());
    }

    private static DurableLedger open(final Path data, final KpiReadModel model, final AtomicLong clock) {
        return DurableLedger.open(new DataDirectory(data), CONFIG, clock::get,
                new DurableLedger.Options(256, JournalWriter.SEGMENT_BYTES_DEFAULT, 7, false), null, model);
    }

    private static CommandBatch setup() {
        final CommandBatch batch = new CommandBatch(128);
        Command.OpenAccount.of(1, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(batch);
        for (long operator = 2; operator <= 3; operator++) {
            Command.OpenAccount.of(operator, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(batch);
            Command.Transfer.of(-operator, 1, operator, 1_000_000_000_00L, TransferCode.ISSUANCE).appendTo(batch);
        }
        for (int w = 0; w < 30; w++) {
            final long id = 100 + w;
            final long operator = 2 + w % 2;
            final int district = DISTRICTS[w % DISTRICTS.length];
            if (w < 20) {
                Command.OpenAccount.of(id, AccountKind.PERSONAL, operator, 1 + w % 4, district, 0).appendTo(batch);
            } else if (w < 26) {
                Command.OpenAccount.of(id, AccountKind.MERCHANT, operator, 1, district, CATEGORIES[w % 3]).appendTo(batch);
            } else {
                Command.OpenAccount.of(id, AccountKind.CORPORATE, operator, 1, district, 0).appendTo(batch);
            }
            Command.Transfer.of(-id, operator, id, 900_00L, TransferCode.EXCHANGE_IN).appendTo(batch);
        }
        return batch;
    }

    private static void randomPayment(final CommandBatch batch, final SplittableRandom random, final long id) {
        final long payer = 100 + random.nextInt(20);
        final long amount = 1 + random.nextInt(2_000);
        switch (random.nextInt(4)) {
            case 0 -> Command.Transfer.of(id, payer, 100 + random.nextInt(20), amount, TransferCode.P2P).appendTo(batch);
            case 1 -> Command.Transfer.of(id, 126 + random.nextInt(4), 120 + random.nextInt(6), amount, TransferCode.B2B)
                    .appendTo(batch);
            case 2 -> new Command.ChangeTier(id, payer, 1 + random.nextInt(4)).appendTo(batch);
            default -> Command.Transfer.of(id, payer, 120 + random.nextInt(6), amount, TransferCode.MERCHANT_PAYMENT)
                    .appendTo(batch);
        }
    }

    private static void submit(final Sequencer sequencer, final CommandBatch batch) throws Exception {
        final Sequencer.Reply reply = sequencer.submit(batch, 10_000).get();
        assertThat(reply.failed()).isFalse();
    }

    private static List<Path> kpiSnapshots(final Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
            return files.filter(f -> f.toString().endsWith(KpiReadModel.SUFFIX)).sorted().toList();
        }
    }

    private static void deleteKpiSnapshots(final Path data) throws IOException {
        for (final Path file : kpiSnapshots(data)) {
            Files.delete(file);
        }
    }
}
