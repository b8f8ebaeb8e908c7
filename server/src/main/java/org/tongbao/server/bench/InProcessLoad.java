package org.tongbao.server.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.tongbao.bench.ledger.PaymentWorkload;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.server.http.LedgerGateway;

/**
 * The HTTP benchmark's baseline without HTTP: {@code clients} virtual threads (as the server's
 * request handlers are) each submit a block of {@code block} P2P payments through the
 * server's {@link LedgerGateway} and wait for its durable outcome, one block at a time.
 * Every payment must be applied. One caller thread.
 */
final class InProcessLoad {
    private static final long LATENCY_NS_MAX = 60_000_000_000L;

    private final LedgerGateway ledger;
    private final int clients;
    private final int block;
    private final int wallets;
    private final AtomicLong nextId;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private int round;

    InProcessLoad(final LedgerGateway ledger, final int clients, final int block, final int wallets, final long idBase) {
        this.ledger = ledger;
        this.clients = clients;
        this.block = block;
        this.wallets = wallets;
        this.nextId = new AtomicLong(idBase);
    }

    /** Runs every client for {@code seconds}; throws if a payment was refused. */
    HttpBenchmark.Phase run(final double seconds) throws InterruptedException {
        round++;
        final long startNs = System.nanoTime();
        final long startCpuNs = HttpLoadGenerator.processCpuNs();
        final long endNs = startNs + (long) (seconds * 1e9);
        final List<Thread> threads = new ArrayList<>();
        final List<Histogram> histograms = new ArrayList<>();
        final List<long[]> counts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final Histogram histogram = new Histogram(LATENCY_NS_MAX, 3);
            final long[] count = new long[1];
            final PaymentWorkload payments = new PaymentWorkload(wallets, false, round * 1_000_003L + c);
            histograms.add(histogram);
            counts.add(count);
            threads.add(Thread.ofVirtual().start(() -> client(endNs, payments, histogram, count)));
        }
        final Histogram latencyNs = new Histogram(LATENCY_NS_MAX, 3);
        long requests = 0;
        for (int c = 0; c < clients; c++) {
            threads.get(c).join();
            latencyNs.add(histograms.get(c));
            requests += counts.get(c)[0];
        }
        final double elapsed = (System.nanoTime() - startNs) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("in-process baseline: " + failure.get());
        }
        return new HttpBenchmark.Phase(requests, requests * block, requests * block, elapsed, latencyNs,
                HttpLoadGenerator.processCpuNs() - startCpuNs, 0);
    }

    private void client(final long endNs, final PaymentWorkload payments, final Histogram latencyNs, final long[] count) {
        final CommandBatch commands = new CommandBatch(block);
        while (System.nanoTime() < endNs && failure.get() == null) {
            commands.clear();
            final long firstId = nextId.getAndAdd(block);
            for (int i = 0; i < block; i++) {
                payments.appendPayment(commands, firstId + i);
            }
            final long startNs = System.nanoTime();
            try {
                final Sequencer.Reply reply = ledger.submit(commands);
                latencyNs.recordValue(Math.min(System.nanoTime() - startNs, LATENCY_NS_MAX));
                count[0]++;
                for (final int result : reply.results()) {
                    if (result != ResultCode.OK.number()) {
                        failure.compareAndSet(null, "a payment was refused: " + ResultCode.ofNumber(result));
                    }
                }
            } catch (final RuntimeException e) {
                failure.compareAndSet(null, "a block failed: " + e.getMessage());
            }
        }
    }
}
