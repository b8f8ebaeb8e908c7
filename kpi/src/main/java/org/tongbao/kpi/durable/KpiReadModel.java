package org.tongbao.kpi.durable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.ReadModel;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.kpi.KpiConfig;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.aggregate.AggregatesCodec;
import org.tongbao.kpi.aggregate.KpiAggregates;
import org.tongbao.kpi.registry.FintechRegistry;

/**
 * The KPI platform as a durable read model: its aggregates are snapshotted beside each ledger
 * snapshot ({@code snapshots/<sequence, 20 digits>.kpi}, {@link AggregatesCodec}) and rebuilt
 * on recovery from the KPI snapshot of the ledger snapshot's batch plus the replayed journal
 * tail. When that KPI snapshot is missing or damaged (KPI switched on later, a bad disk), it
 * is rebuilt from genesis by its own replay of the journal up to that batch, with a warning.
 *
 * <p>{@code writeSnapshots} false makes it read-only (for {@code tongbao kpi}, beside a
 * running server). Called on recovery's thread, then the sequencer's; {@link #platform()}
 * is valid once recovery has called {@link #recovered}.
 */
public final class KpiReadModel implements ReadModel {
    public static final String SUFFIX = ".kpi";

    private final KpiConfig config;
    private final FintechRegistry registry;
    private final boolean writeSnapshots;
    private final List<String> warnings = new ArrayList<>();
    private KpiPlatform platform;
    private String origin = "not recovered";

    public KpiReadModel(final KpiConfig config, final FintechRegistry registry, final boolean writeSnapshots) {
        this.config = config;
        this.registry = registry;
        this.writeSnapshots = writeSnapshots;
    }

    /** The KPI snapshot file of batch {@code sequence}. */
    public static Path snapshotFile(final DataDirectory data, final long sequence) {
        return data.snapshots().resolve(String.format("%020d%s", sequence, SUFFIX));
    }

    public KpiPlatform platform() {
        return platform;
    }

    /** Where the aggregates came from at start-up: genesis, a KPI snapshot, or a rebuild from the journal. */
    public String origin() {
        return origin;
    }

    /** Problems met while recovering (a KPI snapshot skipped, and why). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void recovered(final DataDirectory data, final Ledger ledger) {
        final long base = ledger.sequence();
        if (base == 0) {
            platform = new KpiPlatform(config, registry);
            origin = "genesis";
            return;
        }
        final Path file = snapshotFile(data, base);
        if (Files.exists(file)) {
            try {
                final KpiAggregates aggregates = AggregatesCodec.readFile(file);
                if (aggregates.sequence() == base && aggregates.definitions().equals(config.definitions())) {
                    platform = new KpiPlatform(config, aggregates, registry);
                    origin = "KPI snapshot at batch " + base;
                    return;
                }
                warnings.add("KPI snapshot " + file + " is for batch " + aggregates.sequence()
                        + " or other metric definitions; rebuilding from the journal");
            } catch (final RuntimeException e) {
                warnings.add("skipped KPI snapshot " + file + ": " + e.getMessage() + "; rebuilding from the journal");
            }
        }
        platform = new KpiPlatform(config, rebuild(data, ledger.config(), base), registry);
        origin = "rebuilt from the journal up to batch " + base;
    }

    /** Replays the journal from genesis to batch {@code upTo} into fresh aggregates (and a scratch ledger). */
    private KpiAggregates rebuild(final DataDirectory data, final LedgerConfig ledgerConfig, final long upTo) {
        final Ledger scratch = new Ledger(ledgerConfig);
        final KpiAggregates aggregates = new KpiAggregates(config.definitions());
        final CommandBatch batch = new CommandBatch(ledgerConfig.batchMax());
        final BatchOutcome outcome = new BatchOutcome(ledgerConfig.batchMax());
        Recovery.scanFromGenesis(data, record -> {
            if (record.sequence() > upTo) {
                return;
            }
            record.commandsInto(batch);
            scratch.apply(record.sequence(), record.timestampMs(), batch, outcome);
            aggregates.onBatch(scratch, record.sequence(), record.timestampMs(), outcome.events());
        });
        return aggregates;
    }

    @Override
    public void batchApplied(final Ledger ledger, final long sequence, final long timestampMs, final BatchOutcome outcome) {
        platform.onBatch(ledger, sequence, timestampMs, outcome.events());
    }

    @Override
    public void snapshotWritten(final DataDirectory data, final long sequence) {
        if (writeSnapshots) {
            AggregatesCodec.writeFile(platform.aggregates(), snapshotFile(data, sequence));
        }
    }
}
