package org.tongbao.server.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.tongbao.bench.ledger.LedgerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tongbao bench ledger}: the engine in memory, uniform and hot-account payments, bytes per wallet. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"The engine applying batches in memory through its Java API, every rule on.",
            "Last line: ledger memory_tps=<n> hot_memory_tps=<n> bytes_per_wallet=<n>"})
final class BenchLedgerCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        final PrintStream out = System.out;
        out.println(Machine.describe());
        final LedgerBenchmark.Figures figures = new LedgerBenchmark(
                new LedgerBenchmark.Options(wallets, transfers, rounds, memoryWallets, seed), out).run();
        out.printf("ledger memory_tps=%d hot_memory_tps=%d bytes_per_wallet=%d%n",
                figures.memoryTps(), figures.hotMemoryTps(), figures.bytesPerWallet());
        return 0;
    }
}
