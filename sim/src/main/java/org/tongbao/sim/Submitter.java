package org.tongbao.sim;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;

/**
 * The simulator's pipe into the durable ledger: fills a block, submits it as a timed batch of
 * its own ({@link Sequencer#submitAt}), keeps a few blocks in flight so generation overlaps
 * the ledger's apply and fsync, and counts rejections by result code. Batch boundaries and
 * times depend only on what was generated, so a seed always gives the same journal.
 * Paced (live traffic), blocks hold a tenth of a second's commands and submission waits so
 * that no more than {@code commandsPerSecond} go out, until {@code stop} turns true.
 *
 * <p>Used by the simulator's one generating thread.
 */
final class Submitter {
    private static final int IN_FLIGHT_MAX = 4;
    private static final long QUEUE_TIMEOUT_MS = 60_000;

    private final Sequencer sequencer;
    private final ArrayDeque<CommandBatch> free = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final long[] rejections = new long[256];
    private final int commandsPerSecond;
    private final int blockMax;
    private final BooleanSupplier stop;
    private final long startNs = System.nanoTime();
    private CommandBatch current;
    private long batchTimeMs;
    private long commands;

    private record InFlight(CommandBatch batch, CompletableFuture<Sequencer.Reply> reply) {
    }

    /** As fast as the ledger takes blocks (a simulation run). */
    Submitter(final Sequencer sequencer, final int batchMax) {
        this(sequencer, batchMax, 0, () -> true);
    }

    /** At most {@code commandsPerSecond} (0: unpaced) until {@code stop} turns true. */
    Submitter(final Sequencer sequencer, final int batchMax, final int commandsPerSecond, final BooleanSupplier stop) {
        this.sequencer = sequencer;
        this.commandsPerSecond = commandsPerSecond;
        this.blockMax = commandsPerSecond == 0 ? Integer.MAX_VALUE : Math.max(1, commandsPerSecond / 10);
        this.stop = stop;
        for (int i = 0; i < IN_FLIGHT_MAX + 1; i++) {
            free.add(new CommandBatch(Math.min(batchMax, LedgerConfig.BATCH_MAX_DEFAULT)));
        }
        current = free.poll();
    }

    /** Batch time for the blocks filled from now on. */
    void at(final long timestampMs) {
        if (current.count() > 0 && timestampMs != batchTimeMs) {
            flush();
        }
        batchTimeMs = timestampMs;
    }

    /** The block being filled; call {@link #added()} after appending one command. */
    CommandBatch batch() {
        return current;
    }

    void added() {
        commands++;
        if (current.isFull() || current.count() >= blockMax) {
            flush();
        }
    }

    /** Submits the block being filled (if any). */
    void flush() {
        if (current.count() == 0) {
            return;
        }
        if (inFlight.size() >= IN_FLIGHT_MAX) {
            complete(inFlight.poll());
        }
        try {
            final CompletableFuture<Sequencer.Reply> reply = sequencer.submitAt(current, batchTimeMs, QUEUE_TIMEOUT_MS);
            if (reply == null) {
                throw new IllegalStateException("the ledger took no block for " + QUEUE_TIMEOUT_MS + " ms");
            }
            inFlight.add(new InFlight(current, reply));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        }
        current = free.isEmpty() ? awaitOne() : free.poll();
        pace();
    }

    /** Paced, waits until the commands submitted so far are due at the rate (or until stopped). */
    private void pace() {
        if (commandsPerSecond == 0) {
            return;
        }
        final long dueNs = startNs + commands * 1_000_000_000L / commandsPerSecond;
        while (!stop.getAsBoolean()) {
            final long waitNs = dueNs - System.nanoTime();
            if (waitNs <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(waitNs / 1_000_000L + 1, 100));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Submits what is filled and waits until every block is durable and applied. */
    void drain() {
        flush();
        while (!inFlight.isEmpty()) {
            complete(inFlight.poll());
        }
    }

    private CommandBatch awaitOne() {
        complete(inFlight.poll());
        return free.poll();
    }

    private void complete(final InFlight block) {
        final Sequencer.Reply reply;
        try {
            reply = block.reply().get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ledger", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("the ledger failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (reply.failed()) {
            throw new IllegalStateException("the ledger stopped: " + reply.failure().getMessage(), reply.failure());
        }
        for (final int result : reply.results()) {
            rejections[result]++;
        }
        block.batch().clear();
        free.add(block.batch());
    }

    long commands() {
        return commands;
    }

    /** Commands the ledger rejected, by result code (the simulator aims for none; the report lists them). */
    long rejected(final ResultCode code) {
        return rejections[code.number()];
    }

    long rejectedTotal() {
        long total = 0;
        for (int code = 1; code < rejections.length; code++) {
            total += rejections[code];
        }
        return total;
    }
}
