package org.tongbao.bench.ledger;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.ReadModel;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;

/**
 * The durable end-to-end rate: client threads submit blocks of payments through the
 * group-commit sequencer, which journals each batch with one fsync before answering; the
 * latency of each payment is from its submission to its answer (HdrHistogram). Also the time
 * to recover a ledger by replaying a journal of many transfers from genesis.
 */
public final class DurableBenchmark {
    /** What to run. */
    public record Options(int wallets, long transfers, int clients, int blockSize, int inFlightPerClient,
                          long recoveryTransfers, Path directory, long seed) {
        public Options {
            Checks.checkArgument(wallets >= 2 && transfers > 0 && clients > 0 && blockSize > 0
                    && inFlightPerClient > 0 && recoveryTransfers >= 0, "durable bench options must be positive");
        }
    }

    /** Figures of one workload. */
    public record Run(long transfers, long tps, double p50Ms, double p99Ms, double p999Ms, long batches, long syncs,
                      long journalBytes) {
        public double transfersPerBatch() {
            return batches == 0 ? 0 : (double) transfers / batches;
        }

        public double journalBytesPerTransfer() {
            return transfers == 0 ? 0 : (double) journalBytes / transfers;
        }
    }

    /** Figures of recovery. */
    public record RecoveryFigures(long transfers, double seconds, long transfersPerSecond) {
    }

    private final Options options;
    private final PrintStream out;

    public DurableBenchmark(final Options options, final PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs one workload in a fresh data directory. */
    public Run run(final boolean hot) {
        return run(hot, null, null);
    }

    /**
     * Runs one workload in a fresh data directory with {@code readModel} (may be null) kept
     * up to date by the sequencer, as a server keeps the KPI aggregates; {@code afterRun} (may
     * be null) is called once the clients are done, while the ledger is still open and idle.
     */
    public Run run(final boolean hot, final ReadModel readModel, final Runnable afterRun) {
        final Path directory = freshDirectory(hot ? "durable-hot" : "durable-uniform");
        final AtomicLong clock = new AtomicLong(1_672_531_200_000L);
        final AtomicLong batches = new AtomicLong();
        final LedgerConfig config = LedgerConfig.defaults(options.wallets() + 16);
        final DurableLedger.Options durableOptions = new DurableLedger.Options(4_096, JournalWriter.SEGMENT_BYTES_DEFAULT, 0,
                false);
        try (DurableLedger durable = DurableLedger.open(new DataDirectory(directory), config,
                () -> clock.incrementAndGet(), durableOptions, (s, t, b, o, h) -> batches.incrementAndGet(), readModel)) {
            final Sequencer sequencer = durable.sequencer();
            for (final CommandBatch batch : PaymentWorkload.setup(options.wallets(), config.batchMax())) {
                checkAllOk(await(sequencer.submit(batch, 60_000)));
            }
            final long batchesBefore = batches.get();
            final long syncsBefore = durable.journalSyncs();
            final long bytesBefore = journalBytes(directory);
            final Histogram latencies = new Histogram(3_600_000_000_000L, 3);
            final long startNs = System.nanoTime();
            runClients(sequencer, hot, latencies);
            final long elapsedNs = System.nanoTime() - startNs;
            final long tps = options.transfers() * 1_000_000_000L / elapsedNs;
            if (afterRun != null) {
                afterRun.run();
            }
            return new Run(options.transfers(), tps, latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                    latencies.getValueAtPercentile(99.9) / 1e6, batches.get() - batchesBefore,
                    durable.journalSyncs() - syncsBefore,
                    journalBytes(directory) - bytesBefore);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            delete(directory);
        }
    }

    private void runClients(final Sequencer sequencer, final boolean hot, final Histogram latencies)
            throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        final List<Histogram> perClient = new ArrayList<>();
        final long perClientTransfers = options.transfers() / options.clients();
        final List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
            perClient.add(histogram);
            final long firstId = 1 + c * perClientTransfers;
            final long count = c == options.clients() - 1 ? options.transfers() - c * perClientTransfers : perClientTransfers;
            final PaymentWorkload workload = new PaymentWorkload(options.wallets(), hot, options.seed() + c);
            final Thread thread = new Thread(() -> {
                try {
                    client(sequencer, workload, firstId, count, histogram);
                } catch (final Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "bench-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        Checks.check(failures.isEmpty(), "bench clients failed: " + failures);
        perClient.forEach(latencies::add);
    }

    /** One client: keeps up to inFlightPerClient blocks outstanding, records each payment's latency. */
    private void client(final Sequencer sequencer, final PaymentWorkload workload, final long firstId, final long count,
                        final Histogram histogram) throws InterruptedException {
        final ArrayDeque<CompletableFuture<Sequencer.Reply>> inFlight = new ArrayDeque<>();
        final ArrayDeque<long[]> sent = new ArrayDeque<>();
        long next = firstId;
        final long end = firstId + count;
        while (next < end || !inFlight.isEmpty()) {
            if (next < end && inFlight.size() < options.inFlightPerClient()) {
                final int size = (int) Math.min(options.blockSize(), end - next);
                final CommandBatch block = new CommandBatch(size);
                for (int i = 0; i < size; i++) {
                    workload.appendPayment(block, next++);
                }
                final long submittedNs = System.nanoTime();
                CompletableFuture<Sequencer.Reply> reply;
                while ((reply = sequencer.submit(block, 1_000)) == null) {
                    Thread.onSpinWait();
                }
                inFlight.add(reply);
                sent.add(new long[] {submittedNs, size});
            } else {
                final Sequencer.Reply reply = await(inFlight.poll());
                final long[] block = sent.poll();
                histogram.recordValueWithCount(System.nanoTime() - block[0], block[1]);
                checkAllOk(reply);
            }
        }
    }

    /** Writes a journal of {@code recoveryTransfers} payments, then times recovery from genesis. */
    public RecoveryFigures recovery() {
        final Path directory = freshDirectory("recovery");
        final LedgerConfig config = LedgerConfig.defaults(options.wallets() + 16);
        try {
            long sequence = 0;
            try (JournalWriter writer = JournalWriter.open(new DataDirectory(directory).journal(), JournalScan.empty(),
                    config.batchMax(), JournalWriter.SEGMENT_BYTES_DEFAULT)) {
                long timeMs = 1_672_531_200_000L;
                for (final CommandBatch batch : PaymentWorkload.setup(options.wallets(), config.batchMax())) {
                    writer.append(++sequence, ++timeMs, batch);
                }
                final PaymentWorkload workload = new PaymentWorkload(options.wallets(), false, options.seed());
                final CommandBatch batch = new CommandBatch(config.batchMax());
                long id = 1;
                while (id <= options.recoveryTransfers()) {
                    batch.clear();
                    while (!batch.isFull() && id <= options.recoveryTransfers()) {
                        workload.appendPayment(batch, id++);
                    }
                    writer.append(++sequence, ++timeMs, batch);
                }
            }
            LedgerConfigFile.readOrCreate(directory, config);
            final long startNs = System.nanoTime();
            final Recovery.Recovered recovered = Recovery.recover(new DataDirectory(directory), config, false, false);
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            Checks.check(recovered.ledger().sequence() == sequence, "recovery did not reach the journal's end");
            Checks.check(recovered.ledger().checkInvariants().isEmpty(), "recovered ledger breaks invariants");
            return new RecoveryFigures(options.recoveryTransfers(), seconds, (long) (recovered.replayedCommands() / seconds));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(directory);
        }
    }

    private static Sequencer.Reply await(final CompletableFuture<Sequencer.Reply> future) {
        try {
            final Sequencer.Reply reply = future.get();
            if (reply.failed()) {
                throw new IllegalStateException("the sequencer failed: " + reply.failure(), reply.failure());
            }
            return reply;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void checkAllOk(final Sequencer.Reply reply) {
        for (final int result : reply.results()) {
            Checks.check(result == ResultCode.OK.number(), "benchmark command rejected: " + ResultCode.ofNumber(result));
        }
    }

    private Path freshDirectory(final String name) {
        try {
            Files.createDirectories(options.directory());
            return Files.createTempDirectory(options.directory(), name + "-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a benchmark directory in " + options.directory(), e);
        }
    }

    private static long journalBytes(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("journal"))) {
            long total = 0;
            for (final Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static void delete(final Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete benchmark directory " + directory, e);
        }
    }
}
