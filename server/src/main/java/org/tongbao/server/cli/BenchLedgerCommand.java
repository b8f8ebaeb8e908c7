package org.tongbao.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tongbao.bench.kpi.KpiQueryBenchmark;
import org.tongbao.bench.ledger.DurableBenchmark;
import org.tongbao.bench.ledger.LedgerBenchmark;
import org.tongbao.bench.ledger.PostgresBaseline;
import org.tongbao.bench.ledger.ProgrammableBenchmark;
import org.tongbao.kpi.KpiConfig;
import org.tongbao.kpi.durable.KpiReadModel;
import org.tongbao.kpi.registry.FintechRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tongbao bench ledger}: the engine in memory, uniform and hot-account payments, bytes per wallet. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        header = "The engine in memory, durable, recovery, against PostgreSQL.",
        description = {"The engine in memory through its Java API, every rule on; then durable: client threads",
            "through the group-commit sequencer, journaled with fsync; then recovery time. Last line:",
            "ledger durable_tps=<n> hot_durable_tps=<n> p99_ms=<x> memory_tps=<n> hot_memory_tps=<n>",
            "bytes_per_wallet=<n> pg_baseline_tps=<n> pg_hot_baseline_tps=<n>",
            "and before it: programmable campaign_payment_tps=<n> loan_collection_per_s=<n>",
            "and kpi overhead_percent=<x> query_us_p99=<x>"})
final class BenchLedgerCommand implements Callable<Integer> {
    private static void print(final PrintStream out, final String label, final DurableBenchmark.Run run, final String versus) {
        out.printf("  %-20s %,14d transfers/s   p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms   %s%n", label, run.tps(),
                run.p50Ms(), run.p99Ms(), run.p999Ms(), versus);
        out.printf("  %-20s %,d batches of %,.0f transfers on average, %,d fsyncs; %.1f journal bytes per transfer%n",
                "", run.batches(), run.transfersPerBatch(), run.syncs(), run.journalBytesPerTransfer());
    }

    @Option(names = "--wallets", defaultValue = "1000000", description = "Wallets paying each other (default: ${DEFAULT-VALUE}).")
    private int wallets;

    @Option(names = "--transfers", defaultValue = "10000000", description = "Transfers per measured round (default: ${DEFAULT-VALUE}).")
    private long transfers;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds after one warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--memory-wallets", defaultValue = "" + LedgerBenchmark.SEED_WALLETS,
            description = "Wallets opened for the bytes-per-wallet figure; 0 skips it (default: ${DEFAULT-VALUE}, the seed's count).")
    private int memoryWallets;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated payments (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--loans", defaultValue = "100000",
            description = "Active SME loans collected on their due day in the programmable run (default: ${DEFAULT-VALUE}).")
    private int loans;

    @Option(names = "--durable-transfers", defaultValue = "4000000",
            description = "Transfers per durable workload (default: ${DEFAULT-VALUE}).")
    private long durableTransfers;

    @Option(names = "--clients", defaultValue = "4", description = "Client threads submitting (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--block", defaultValue = "512", description = "Payments per submitted block (default: ${DEFAULT-VALUE}).")
    private int block;

    @Option(names = "--in-flight", defaultValue = "1",
            description = {"Blocks each client keeps outstanding (default: ${DEFAULT-VALUE}: the pipelined sequencer gathers",
                "the next batch while the last one syncs, so a second block per client adds waiting, not throughput)."})
    private int inFlight;

    @Option(names = "--recovery-transfers", defaultValue = "10000000",
            description = "Transfers in the journal whose replay is timed; 0 skips (default: ${DEFAULT-VALUE}).")
    private long recoveryTransfers;

    @Option(names = "--no-baseline", description = "Skip the PostgreSQL baseline.")
    private boolean noBaseline;

    @Option(names = "--pg-url", defaultValue = PostgresBaseline.URL_DEFAULT,
            description = "JDBC URL of the PostgreSQL baseline (default: ${DEFAULT-VALUE}).")
    private String pgUrl;

    @Option(names = "--pg-user", defaultValue = PostgresBaseline.USER_DEFAULT, description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
    private String pgUser;

    @Option(names = "--pg-password", defaultValue = PostgresBaseline.PASSWORD_DEFAULT, description = "PostgreSQL password.")
    private String pgPassword;

    @Option(names = "--pg-transfers", defaultValue = "20000",
            description = "Transfers per baseline workload (default: ${DEFAULT-VALUE}).")
    private long pgTransfers;

    @Option(names = "--pg-clients", defaultValue = "8", description = "Baseline client connections (default: ${DEFAULT-VALUE}).")
    private int pgClients;

    @Option(names = "--bench-dir", description = "Where durable runs put their data directories (default: the system temp folder).")
    private Path benchDirectory;

    @Override
    public Integer call() {
        final PrintStream out = System.out;
        out.println(Machine.describe());
        final LedgerBenchmark.Figures memory = new LedgerBenchmark(
                new LedgerBenchmark.Options(wallets, transfers, rounds, memoryWallets, seed), out).run();
        final ProgrammableBenchmark.Figures programmable = new ProgrammableBenchmark(
                new ProgrammableBenchmark.Options(wallets, transfers, rounds, loans, seed), out).run(memory.memoryTps());
        final DurableBenchmark durable = new DurableBenchmark(new DurableBenchmark.Options(wallets, durableTransfers, clients,
                block, inFlight, recoveryTransfers,
                benchDirectory != null ? benchDirectory : BenchCommand.folder(null).resolve("tongbao-bench"), seed),
                out);
        out.printf("durable: %,d transfers per workload, %d clients, blocks of %d, %d in flight each, one fsync per batch or fewer (pipelined)%n",
                durableTransfers, clients, block, inFlight);
        final DurableBenchmark.Run uniform = durable.run(false);
        print(out, "durable uniform", uniform, "vs in-memory " + String.format("%,d/s", memory.memoryTps()));
        final DurableBenchmark.Run hot = durable.run(true);
        print(out, "durable hot", hot, String.format("vs durable uniform %,d/s (%+.1f%%)", uniform.tps(),
                100.0 * (hot.tps() - uniform.tps()) / uniform.tps()));
        final KpiReadModel kpi = new KpiReadModel(KpiConfig.defaults(), new FintechRegistry(), false);
        final double[] queryP99Micros = new double[1];
        final DurableBenchmark.Run withKpi = durable.run(false, kpi,
                () -> queryP99Micros[0] = KpiQueryBenchmark.p99Micros(kpi.platform(), 10_000, seed));
        final double kpiOverheadPercent = 100.0 * (uniform.tps() - withKpi.tps()) / uniform.tps();
        print(out, "durable uniform, KPI", withKpi, String.format("vs durable uniform %,d/s: KPI aggregation costs %.1f%%",
                uniform.tps(), kpiOverheadPercent));
        out.printf("  %-20s p99 %.1f us over 10,000 mixed queries (target progress, a metric by a dimension, active"
                + " wallets), answered from memory%n", "KPI queries", queryP99Micros[0]);
        if (recoveryTransfers > 0) {
            final DurableBenchmark.RecoveryFigures recovery = durable.recovery();
            out.printf("  recovery             %,d transfers replayed from genesis in %.2f s (%,d/s)%n",
                    recovery.transfers(), recovery.seconds(), recovery.transfersPerSecond());
        }
        final long[] baseline = baseline(out, uniform.tps(), hot.tps());
        out.printf("programmable campaign_payment_tps=%d loan_collection_per_s=%d%n", programmable.campaignPaymentTps(),
                programmable.loanCollectionPerSecond());
        out.printf("kpi overhead_percent=%.1f query_us_p99=%.1f%n", kpiOverheadPercent, queryP99Micros[0]);
        out.printf("ledger durable_tps=%d hot_durable_tps=%d p99_ms=%.2f memory_tps=%d hot_memory_tps=%d bytes_per_wallet=%d"
                        + " pg_baseline_tps=%d pg_hot_baseline_tps=%d%n",
                uniform.tps(), hot.tps(), uniform.p99Ms(), memory.memoryTps(), memory.hotMemoryTps(), memory.bytesPerWallet(),
                baseline[0], baseline[1]);
        return 0;
    }

    /** The row-locking PostgreSQL ledger on the same workloads; zeros when skipped or unavailable. */
    private long[] baseline(final PrintStream out, final long durableTps, final long hotDurableTps) {
        if (noBaseline) {
            out.println("  PostgreSQL baseline  skipped (--no-baseline)");
            return new long[] {0, 0};
        }
        final Optional<String> unavailable = PostgresBaseline.unavailableReason(pgUrl, pgUser, pgPassword);
        if (unavailable.isPresent()) {
            out.println("  PostgreSQL baseline  skipped: " + unavailable.get() + " (start one, or pass --no-baseline)");
            return new long[] {0, 0};
        }
        final PostgresBaseline postgres = new PostgresBaseline(pgUrl, pgUser, pgPassword);
        final PostgresBaseline.Run uniform = postgres.measure(wallets, pgTransfers, pgClients, false, seed);
        final PostgresBaseline.Run hot = postgres.measure(wallets, pgTransfers, pgClients, true, seed + 1);
        out.printf("  PostgreSQL uniform   %,14d transfers/s   (%d clients, one transaction per transfer)   durable engine %.0fx%n",
                uniform.transfersPerSecond(), pgClients, (double) durableTps / Math.max(1, uniform.transfersPerSecond()));
        out.printf("  PostgreSQL hot       %,14d transfers/s   durable engine %.0fx%n", hot.transfersPerSecond(),
                (double) hotDurableTps / Math.max(1, hot.transfersPerSecond()));
        out.println("                       " + uniform.server());
        return new long[] {uniform.transfersPerSecond(), hot.transfersPerSecond()};
    }
}
