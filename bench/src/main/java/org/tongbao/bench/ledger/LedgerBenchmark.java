package org.tongbao.bench.ledger;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;

/**
 * {@code tongbao bench ledger}: the engine applying batches in memory through its own Java
 * API, with every rule on. Three runs, each beside its same-run baseline:
 * <ul>
 *   <li>uniform: P2P payments between random wallets, vs a plain loop moving balances between
 *       two slots of a {@code long[]} (the floor any ledger pays for the memory traffic);</li>
 *   <li>hot: every payment into one merchant, vs the uniform run;</li>
 *   <li>memory: heap bytes per wallet with the seed's 30.54 million wallets open, vs the bytes
 *       the same wallets take as {@code HashMap<Long, Object>} entries with boxed fields.</li>
 * </ul>
 * Batches are generated before timing; the clock covers {@link Ledger#apply} only. Runs on
 * the calling thread.
 */
public final class LedgerBenchmark {
    /** Wallet count of Suzhou's pilot at the end of 2022 (../shared/PILOT.md). */
    public static final int SEED_WALLETS = 30_540_000;

    private static final long START_MS = 1_672_531_200_000L + 9 * 3_600_000L;

    /** What to run. */
    public record Options(int wallets, long transfersPerRound, int rounds, int memoryWallets, long seed) {
        public Options {
            Checks.checkArgument(wallets >= 2, "--wallets must be at least 2");
            Checks.checkArgument(transfersPerRound >= 8_192, "--transfers must be at least 8192");
            Checks.checkArgument(rounds >= 1, "--rounds must be at least 1");
            Checks.checkArgument(memoryWallets >= 0, "--memory-wallets must be 0 (skip) or more");
        }
    }

    /** Figures of one run. */
    public record Figures(long memoryTps, long hotMemoryTps, long baselineTps, long bytesPerWallet,
                          long baselineBytesPerWallet, int memoryWallets) {
    }

    private final Options options;
    private final PrintStream out;
    private long batchSequence;
    private long nowMs = START_MS;

    public LedgerBenchmark(final Options options, final PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Figures run() {
        out.printf("ledger bench: %,d wallets, %,d transfers x %d rounds per workload, batches of %,d%n",
                options.wallets(), options.transfersPerRound(), options.rounds(), LedgerConfig.BATCH_MAX_DEFAULT);
        final long uniform = measureWorkload(false);
        final long hot = measureWorkload(true);
        final long baseline = measurePlainArrayBaseline();
        out.printf("  uniform P2P          %,14d transfers/s   baseline plain long[] loop %,d/s (%.1f%% of it)%n",
                uniform, baseline, 100.0 * uniform / baseline);
        out.printf("  hot merchant         %,14d transfers/s   vs uniform %,d/s (%+.1f%%)%n",
                hot, uniform, 100.0 * (hot - uniform) / uniform);
        long bytesPerWallet = 0;
        long baselineBytes = 0;
        if (options.memoryWallets() > 0) {
            bytesPerWallet = measureBytesPerWallet(options.memoryWallets());
            baselineBytes = measureBoxedBytesPerWallet(Math.min(options.memoryWallets(), 1_000_000));
            out.printf("  memory               %,14d bytes/wallet with %,d wallets   baseline HashMap<Long, boxed> %,d bytes/wallet%n",
                    bytesPerWallet, options.memoryWallets(), baselineBytes);
        }
        return new Figures(uniform, hot, baseline, bytesPerWallet, baselineBytes, options.memoryWallets());
    }

    /** Median transfers/s over the rounds, after one warm-up round. */
    private long measureWorkload(final boolean hot) {
        final Ledger ledger = new Ledger(LedgerConfig.defaults(options.wallets() + 16));
        batchSequence = 0;
        openAndFund(ledger, options.wallets());
        final PaymentWorkload workload = new PaymentWorkload(options.wallets(), hot, options.seed() + (hot ? 1 : 0));
        long nextTransferId = 1;
        final long[] rates = new long[options.rounds()];
        for (int round = -1; round < options.rounds(); round++) {
            final CommandBatch[] batches = transferBatches(workload, nextTransferId);
            nextTransferId += options.transfersPerRound();
            final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
            long rejected = 0;
            final long startNs = System.nanoTime();
            for (final CommandBatch batch : batches) {
                ledger.apply(++batchSequence, nowMs += 1, batch, outcome);
                rejected += PaymentWorkload.rejected(outcome);
            }
            final long elapsedNs = System.nanoTime() - startNs;
            Checks.check(rejected == 0, "benchmark payments were rejected: " + rejected);
            if (round >= 0) {
                rates[round] = options.transfersPerRound() * 1_000_000_000L / elapsedNs;
            }
        }
        Checks.check(ledger.checkInvariants().isEmpty(), "invariants broken after benchmark: " + ledger.checkInvariants());
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    private CommandBatch[] transferBatches(final PaymentWorkload workload, final long firstId) {
        final int batchSize = LedgerConfig.BATCH_MAX_DEFAULT;
        final int batchCount = (int) ((options.transfersPerRound() + batchSize - 1) / batchSize);
        final CommandBatch[] batches = new CommandBatch[batchCount];
        long id = firstId;
        long remaining = options.transfersPerRound();
        for (int b = 0; b < batchCount; b++) {
            final CommandBatch batch = new CommandBatch(batchSize);
            final int size = (int) Math.min(batchSize, remaining);
            for (int i = 0; i < size; i++) {
                workload.appendPayment(batch, id++);
            }
            remaining -= size;
            batches[b] = batch;
        }
        return batches;
    }

    private void openAndFund(final Ledger ledger, final int wallets) {
        final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
        for (final CommandBatch batch : PaymentWorkload.setup(wallets, LedgerConfig.BATCH_MAX_DEFAULT)) {
            applyChecked(ledger, batch, outcome);
        }
    }

    private void flushIfFull(final Ledger ledger, final CommandBatch batch, final BatchOutcome outcome) {
        if (batch.isFull()) {
            applyChecked(ledger, batch, outcome);
        }
    }

    private void applyChecked(final Ledger ledger, final CommandBatch batch, final BatchOutcome outcome) {
        if (batch.count() == 0) {
            return;
        }
        ledger.apply(++batchSequence, nowMs += 1, batch, outcome);
        PaymentWorkload.checkAllApplied(outcome);
        batch.clear();
    }


    /** The floor: move amounts between two random slots of a long[], same count and distribution. */
    private long measurePlainArrayBaseline() {
        final int wallets = options.wallets();
        final int n = (int) Math.min(options.transfersPerRound(), 50_000_000L);
        final int[] debit = new int[n];
        final int[] credit = new int[n];
        final long[] amount = new long[n];
        final SplittableRandom random = new SplittableRandom(options.seed());
        for (int i = 0; i < n; i++) {
            debit[i] = random.nextInt(wallets);
            credit[i] = random.nextInt(wallets);
            amount[i] = 1 + random.nextInt(100_00);
        }
        final long[] balances = new long[wallets];
        Arrays.fill(balances, PaymentWorkload.WALLET_FUNDING_FEN);
        long best = 0;
        for (int round = 0; round < 1 + options.rounds(); round++) {
            final long startNs = System.nanoTime();
            for (int i = 0; i < n; i++) {
                balances[debit[i]] -= amount[i];
                balances[credit[i]] += amount[i];
            }
            final long elapsedNs = System.nanoTime() - startNs;
            best = Math.max(best, n * 1_000_000_000L / elapsedNs);
        }
        long sum = 0;
        for (final long balance : balances) {
            sum += balance;
        }
        Checks.check(sum == PaymentWorkload.WALLET_FUNDING_FEN * wallets, "baseline loop lost money");
        return best;
    }

    /** Heap growth from creating a ledger and opening {@code wallets} wallets, per wallet. */
    private long measureBytesPerWallet(final int wallets) {
        final long before = usedHeapAfterGc();
        final LedgerConfig config = LedgerConfig.defaults(wallets + 16);
        final Ledger ledger = new Ledger(config);
        batchSequence = 0;
        final CommandBatch batch = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
        final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
        Command.OpenAccount.of(PaymentWorkload.OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(batch);
        final long startNs = System.nanoTime();
        for (int w = 0; w < wallets; w++) {
            Command.OpenAccount.of(PaymentWorkload.FIRST_WALLET + w, AccountKind.PERSONAL, PaymentWorkload.OPERATOR,
                    1 + (w & 3), 320505 + (w % 5), 0).appendTo(batch);
            flushIfFull(ledger, batch, outcome);
        }
        applyChecked(ledger, batch, outcome);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final long after = usedHeapAfterGc();
        Checks.check(ledger.accountCount() == wallets + 1, "not every wallet opened");
        out.printf("  opened %,d wallets in %.1f s (%,.0f opens/s); account store %,d MB, idempotency window %,d MB%n",
                wallets, seconds, wallets / seconds, ledger.accountStoreBytes() >> 20, ledger.idempotencyWindowBytes() >> 20);
        return (after - before) / wallets;
    }

    /** The same wallets as a conventional object model would hold them. */
    private static long measureBoxedBytesPerWallet(final int wallets) {
        final long before = usedHeapAfterGc();
        final Map<Long, BoxedWallet> map = new HashMap<>();
        for (int w = 0; w < wallets; w++) {
            map.put(PaymentWorkload.FIRST_WALLET + w, new BoxedWallet(PaymentWorkload.FIRST_WALLET + w, AccountKind.PERSONAL, 1, 320505, 1_000L + w, 2_000L + w, 3_000L + w));
        }
        final long after = usedHeapAfterGc();
        Checks.check(map.size() == wallets, "boxed baseline lost wallets");
        return (after - before) / wallets;
    }

    private record BoxedWallet(Long id, AccountKind kind, Integer tier, Integer district, Long balanceFen,
                               Long dailySpentFen, Long annualSpentFen) {
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
