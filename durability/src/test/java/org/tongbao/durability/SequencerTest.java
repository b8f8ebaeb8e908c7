package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;

/**
 * Group commit: a caller hears back only once its batch is in the journal on disk; whatever
 * queued while the sequencer was busy is committed together, never splitting a block; bad
 * blocks are refused at the door; a stopped or failed sequencer answers every caller with a
 * failure. Real journal files.
 */
class SequencerTest {
    private static final LedgerConfig CONFIG = JournalFixture.config();
    private static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path root;

    private final AtomicLong clockMs = new AtomicLong(JournalFixture.START_MS);
    private final List<Long> committed = new CopyOnWriteArrayList<>();
    private final List<Long> onDiskWhenListened = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseDurable = new CountDownLatch(1);
    private volatile long holdDurableAt = -1;
    private volatile long failDurableAt = -1;
    private DataDirectory data;
    private Ledger ledger;
    private Sequencer sequencer;
    private long nextId = 1_000;

    @BeforeEach
    void startOnAFundedLedger() throws Exception {
        data = new DataDirectory(root);
        ledger = new Ledger(CONFIG);
        final JournalWriter journal = JournalWriter.open(data.journal(), JournalScan.empty(), CONFIG.batchMax(),
                JournalDescriptor.recordLength(CONFIG.batchMax()));
        sequencer = new Sequencer(ledger, journal, clockMs::get, 1_024, new Sequencer.BatchListener() {
            @Override
            public void batchApplied(final long sequence, final long timestampMs, final CommandBatch batch,
                                     final BatchOutcome outcome, final byte[] head) {
                committed.add(sequence);
                onDiskWhenListened.add(JournalReader.scan(data.journal(), record -> { }).lastSequence());
                events.add("applied " + sequence);
            }

            @Override
            public void batchDurable(final long sequence, final long timestampMs, final byte[] head) {
                if (sequence == holdDurableAt) {
                    awaitQuietly(releaseDurable);
                }
                if (sequence == failDurableAt) {
                    throw new IllegalStateException("the listener failed at batch " + sequence);
                }
                events.add("durable " + sequence);
            }
        });
        for (final List<Command> batch : JournalFixture.standardAccountBatches()) {
            final Sequencer.Reply reply = submit(block(batch)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(reply.failed()).isFalse();
        }
        committed.clear();
        onDiskWhenListened.clear();
        events.clear();
    }

    @AfterEach
    void stop() throws InterruptedException {
        sequencer.close();
    }

    @Test
    void aCallerIsAnsweredOnlyOnceItsBatchIsInTheJournalOnDisk() throws Exception {
        final CountDownLatch hold = holdSequencer();
        final CommandBatch block = payments(3);
        final CompletableFuture<Long> onDiskWhenAnswered = submit(block)
                .thenApply(reply -> JournalReader.scan(data.journal(), record -> { }).lastSequence());
        final List<Long> journaledIds = new ArrayList<>();
        hold.countDown();

        final long onDisk = onDiskWhenAnswered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(committed).singleElement().isEqualTo(onDisk);
        assertThat(onDiskWhenListened).as("the listener runs after the write too").containsExactly(onDisk);
        JournalReader.scan(data.journal(), record -> {
            if (record.sequence() == onDisk) {
                final CommandBatch read = new CommandBatch(CONFIG.batchMax());
                record.commandsInto(read);
                for (int i = 0; i < read.count(); i++) {
                    journaledIds.add(read.id(i));
                }
            }
        });
        assertThat(journaledIds).containsExactly(block.id(0), block.id(1), block.id(2));
    }

    @Test
    void eachBatchIsAppliedThenDurableThenAnsweredAndAQueryIsAnsweredOnlyAfterTheBatchesBeforeIt() throws Exception {
        final CountDownLatch hold = holdSequencer();
        final CompletableFuture<Void> first = submit(payments(2)).thenRun(() -> events.add("answered first"));
        final CompletableFuture<Void> second = submit(payments(2)).thenRun(() -> events.add("answered second"));
        final CompletableFuture<Void> query = sequencer.query(Ledger::sequence)
                .thenAccept(sequence -> events.add("query saw " + sequence));
        final CompletableFuture<Void> third = submit(payments(2)).thenRun(() -> events.add("answered third"));
        hold.countDown();
        CompletableFuture.allOf(first, second, query, third).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        final long batch = committed.getFirst();
        assertThat(committed).as("the two blocks queued together form one batch").containsExactly(batch, batch + 1);
        assertThat(events).containsSubsequence("applied " + batch, "durable " + batch, "answered first",
                "query saw " + batch, "durable " + (batch + 1), "answered third");
        assertThat(events).containsSubsequence("durable " + batch, "answered second", "query saw " + batch);
    }

    @Test
    void theNextBatchIsAppliedWhileThePreviousOneIsStillBeingMadeDurable() throws Exception {
        final long first = sequencer.query(Ledger::sequence).get(TIMEOUT_SECONDS, TimeUnit.SECONDS) + 1;
        holdDurableAt = first;
        final CompletableFuture<Sequencer.Reply> firstReply = submit(payments(1));
        awaitEvent("applied " + first);
        final CompletableFuture<Sequencer.Reply> secondReply = submit(payments(1));
        awaitEvent("applied " + (first + 1));

        assertThat(events).as("batch %d applied while %d waits for its sync", first + 1, first)
                .contains("applied " + first, "applied " + (first + 1)).doesNotContain("durable " + first);
        assertThat(firstReply).isNotDone();
        assertThat(secondReply).isNotDone();
        releaseDurable.countDown();
        assertThat(firstReply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).failed()).isFalse();
        assertThat(secondReply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).failed()).isFalse();
        assertThat(events).containsSubsequence("durable " + first, "durable " + (first + 1));
    }

    @Test
    void whenTheSyncerFailsItsCallersAndEveryLaterOneGetTheFailureAndCloseReturns() throws Exception {
        final long failing = sequencer.query(Ledger::sequence).get(TIMEOUT_SECONDS, TimeUnit.SECONDS) + 1;
        failDurableAt = failing;

        final Sequencer.Reply failed = submit(payments(2)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(failed.failed()).isTrue();
        assertThat(failed.failure()).hasMessageContaining("listener failed at batch " + failing);
        final Sequencer.Reply later = sequencer.submit(payments(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(later.failed()).isTrue();
        assertThat(later.failure()).isSameAs(failed.failure());
        assertThatThrownBy(() -> sequencer.query(Ledger::sequence).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage("the listener failed at batch " + failing);
        final Thread closing = Thread.ofPlatform().start(() -> {
            try {
                sequencer.close();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closing.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(closing.isAlive()).as("close returns after a syncer failure").isFalse();
        assertThat(events).doesNotContain("durable " + failing);
    }

    private void awaitEvent(final String event) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!events.contains(event) && System.nanoTime() < deadlineNs) {
            Thread.sleep(1);
        }
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        try {
            latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void blocksQueuedWhileTheSequencerIsBusyAreCommittedTogetherWithoutSplittingAny() throws Exception {
        final CountDownLatch hold = holdSequencer();
        final int threads = 4;
        final int blocksPerThread = 25;
        final Map<Long, Integer> blockSizeByFirstId = new HashMap<>();
        final List<CompletableFuture<Sequencer.Reply>> replies = new CopyOnWriteArrayList<>();
        final List<CommandBatch> blocks = new CopyOnWriteArrayList<>();
        final List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final List<CommandBatch> own = new ArrayList<>();
            for (int b = 0; b < blocksPerThread; b++) {
                final CommandBatch block = payments(1 + (t + b) % 7);
                blockSizeByFirstId.put(block.id(0), block.count());
                own.add(block);
            }
            submitters.add(Thread.ofPlatform().start(() -> {
                for (final CommandBatch block : own) {
                    blocks.add(block);
                    replies.add(sequencer.submit(block));
                }
            }));
        }
        for (final Thread submitter : submitters) {
            submitter.join();
        }
        hold.countDown();
        for (final CompletableFuture<Sequencer.Reply> reply : replies) {
            final Sequencer.Reply answered = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(answered.failed()).isFalse();
            assertThat(answered.results()).containsOnly(ResultCode.OK.number());
        }

        final int commands = blocks.stream().mapToInt(CommandBatch::count).sum();
        assertThat(committed).hasSizeLessThan(threads * blocksPerThread)
                .hasSizeGreaterThanOrEqualTo((commands + CONFIG.batchMax() - 1) / CONFIG.batchMax());
        final List<List<Long>> batches = journaledIdsFrom(committed.getFirst());
        assertThat(batches).hasSameSizeAs(committed);
        for (int k = 0; k < batches.size(); k++) {
            final List<Long> ids = batches.get(k);
            int index = 0;
            while (index < ids.size()) {
                final Integer size = blockSizeByFirstId.get(ids.get(index));
                assertThat(size).as("batch %d: a block starts at command %d", k, index).isNotNull();
                for (int i = 1; i < size; i++) {
                    assertThat(ids.get(index + i)).as("block of %d is whole in one batch", ids.get(index))
                            .isEqualTo(ids.get(index) + i);
                }
                index += size;
            }
            if (k + 1 < batches.size()) {
                assertThat(ids.size() + blockSizeByFirstId.get(batches.get(k + 1).getFirst()))
                        .as("batch %d was closed only because the next block did not fit", k)
                        .isGreaterThan(CONFIG.batchMax());
            }
        }
    }

    @Test
    void aBlockLargerThanABatchOrEmptyIsRefusedAndTheSequencerCarriesOn() throws Exception {
        final CommandBatch tooLarge = new CommandBatch(CONFIG.batchMax() + 1);
        payments(CONFIG.batchMax() + 1, tooLarge);
        final CommandBatch empty = new CommandBatch(1);

        assertThatThrownBy(() -> sequencer.submit(tooLarge)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sequencer.submit(tooLarge, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sequencer.submit(empty)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sequencer.submit(empty, 1_000)).isInstanceOf(IllegalArgumentException.class);

        final Sequencer.Reply next = submit(payments(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(next.failed()).isFalse();
        assertThat(next.results()).containsExactly(ResultCode.OK.number());
    }

    @Test
    void closeAnswersWhatIsQueuedThenEverySubmissionFails() throws Exception {
        final List<CompletableFuture<Sequencer.Reply>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(submit(payments(2)));
        }

        sequencer.close();

        for (final CompletableFuture<Sequencer.Reply> reply : queued) {
            assertThat(reply).isDone();
            assertThat(reply.get().failed()).isFalse();
        }
        final Sequencer.Reply refused = sequencer.submit(payments(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(refused.failed()).isTrue();
        assertThat(refused.failure()).hasMessageContaining("stopped");
        assertThat(sequencer.submit(payments(1), 1_000).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).failed()).isTrue();
        assertThatThrownBy(() -> sequencer.query(Ledger::sequence).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void whenTheJournalCannotBeWrittenTheBatchAndEveryLaterSubmissionFailAndTheLedgerStaysUnchanged()
            throws Exception {
        assertThat(submit(payments(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).failed()).isFalse();
        final long sequenceBefore = committed.getLast();
        deleteTree(data.journal());

        final Sequencer.Reply failed = submit(payments(CONFIG.batchMax())).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(failed.failed()).as("a full batch needs a new segment, which cannot be created").isTrue();
        assertThat(failed.failure()).isInstanceOf(NoSuchFileException.class);
        final Sequencer.Reply later = sequencer.submit(payments(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(later.failed()).isTrue();
        assertThat(later.failure()).isSameAs(failed.failure());
        assertThatThrownBy(() -> sequencer.query(Ledger::sequence).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NoSuchFileException.class);
        sequencer.close();
        assertThat(committed).containsExactly(sequenceBefore);
        assertThat(ledger.sequence()).as("the failed batch was not applied").isEqualTo(sequenceBefore);
    }

    /** Blocks the sequencer thread until the returned latch is counted down, so submissions queue up. */
    private CountDownLatch holdSequencer() throws InterruptedException {
        final CountDownLatch hold = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);
        sequencer.query(ignored -> {
            held.countDown();
            try {
                return hold.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertThat(held.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return hold;
    }

    private CompletableFuture<Sequencer.Reply> submit(final CommandBatch block) {
        clockMs.addAndGet(1_000);
        final CompletableFuture<Sequencer.Reply> reply = sequencer.submit(block);
        assertThat(reply).as("room in the queue").isNotNull();
        return reply;
    }

    private CommandBatch payments(final int count) {
        final CommandBatch block = new CommandBatch(count);
        payments(count, block);
        return block;
    }

    private synchronized void payments(final int count, final CommandBatch block) {
        final long firstId = nextId;
        nextId += count;
        JournalFixture.payments(firstId, count).forEach(command -> command.appendTo(block));
    }

    private static CommandBatch block(final List<Command> commands) {
        final CommandBatch block = new CommandBatch(commands.size());
        commands.forEach(command -> command.appendTo(block));
        return block;
    }

    /** The command ids of every journal record from {@code firstSequence} on, one list per record. */
    private List<List<Long>> journaledIdsFrom(final long firstSequence) {
        final List<List<Long>> batches = new ArrayList<>();
        final CommandBatch read = new CommandBatch(CONFIG.batchMax());
        JournalReader.scan(data.journal(), record -> {
            if (record.sequence() >= firstSequence) {
                record.commandsInto(read);
                final List<Long> ids = new ArrayList<>();
                for (int i = 0; i < read.count(); i++) {
                    ids.add(read.id(i));
                }
                batches.add(ids);
            }
        });
        return batches;
    }

    private static void deleteTree(final Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
