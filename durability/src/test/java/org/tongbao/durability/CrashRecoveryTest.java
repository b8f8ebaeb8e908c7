package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandType;

/**
 * Acknowledged means durable, proved with real crashes: the ledger runs in a child JVM
 * ({@link CrashWorker}) under continuous load and is killed with SIGKILL at a random moment,
 * then restarted on the same data directory (which recovers), several times over. Afterwards
 * every transfer the worker acknowledged is in the journal with result OK, and recovery from
 * the snapshots gives the same state hash as a replay from genesis.
 *
 * <p>The moments are drawn from a seeded random; the seed is printed, and
 * {@code -Dtongbao.crash.seed=<seed>} draws the same moments again.
 */
class CrashRecoveryTest {
    private static final int ROUNDS = 5;
    private static final int KILL_AFTER_MS_MIN = 300;
    private static final int KILL_AFTER_MS_MAX = 1_500;
    private static final long READY_TIMEOUT_SECONDS = 30;
    private static final long TRANSFER_IDS_PER_ROUND = 1_000_000_000L;
    /** Exit status of a process killed by signal 9. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final Pattern ACK = Pattern.compile("ack (\\d+) ok");
    private static final Pattern READY = Pattern.compile("ready (\\d+) (\\d+) (\\d+)");

    @TempDir
    Path temporary;

    /** What one run of the worker said before it was killed. */
    private record Round(List<Long> acknowledged, String ready) {
    }

    @Test
    void everyAcknowledgedTransferSurvivesRepeatedKillsAndRecoveryMatchesAReplayFromGenesis() throws Exception {
        final long seed = Long.getLong("tongbao.crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest seed " + seed + " (rerun with -Dtongbao.crash.seed=" + seed + ")");
        final Random random = new Random(seed);
        final Path root = temporary.resolve("data");
        final List<Long> acknowledged = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            final int killAfterMs = random.nextInt(KILL_AFTER_MS_MIN, KILL_AFTER_MS_MAX + 1);
            final Round result = runAndKill(root, round, killAfterMs, seed + round);
            System.out.printf("round %d: %s, killed after %d ms under load, %d transfers acknowledged%n", round,
                    result.ready(), killAfterMs, result.acknowledged().size());
            acknowledged.addAll(result.acknowledged());
        }
        assertThat(acknowledged).as("transfers acknowledged over all rounds").isNotEmpty().doesNotHaveDuplicates();

        final DataDirectory data = new DataDirectory(root);
        final Recovery.Recovered fromSnapshot = Recovery.recover(data, CrashWorker.CONFIG, true, true);
        final Recovery.Recovered fromGenesis = Recovery.recover(data, CrashWorker.CONFIG, false, false);
        final Replay replay = replayJournal(data);

        assertThat(fromSnapshot.warnings()).isEmpty();
        assertThat(fromSnapshot.snapshotSequence()).as("snapshots were taken and used").isPositive();
        assertThat(fromGenesis.ledger().sequence()).isEqualTo(fromSnapshot.ledger().sequence())
                .isEqualTo(replay.ledger().sequence());
        assertThat(fromSnapshot.ledger().stateHash()).isEqualTo(fromGenesis.ledger().stateHash())
                .isEqualTo(replay.ledger().stateHash());
        assertThat(fromSnapshot.ledger().checkInvariants()).isEmpty();
        final List<Long> lost = acknowledged.stream().filter(id -> !replay.okTransferIds().contains(id)).toList();
        assertThat(lost).as("acknowledged transfers missing from the journal (or not OK there)").isEmpty();
    }

    /**
     * Starts the worker, waits until it has recovered, lets it run {@code killAfterMs}, then
     * SIGKILLs it. Its stdout goes to a file rather than a pipe, so that nothing it wrote
     * before the kill can be lost on the way to the test.
     */
    private Round runAndKill(final Path root, final int round, final int killAfterMs, final long workerSeed)
            throws Exception {
        final Path output = temporary.resolve("worker-" + round + ".out");
        final Path errors = temporary.resolve("worker-" + round + ".err");
        final Process worker = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CrashWorker.class.getName(), root.toString(), Long.toString((round + 1) * TRANSFER_IDS_PER_ROUND),
                Long.toString(workerSeed))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        try {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
            while (readyLine(output) == null && worker.isAlive() && System.nanoTime() < deadlineNs) {
                Thread.sleep(5);
            }
            assertThat(readyLine(output)).as("worker %d recovered and started; its stderr: %s", round, stderrOf(errors))
                    .isNotNull();
            Thread.sleep(killAfterMs);
            assertThat(worker.isAlive()).as("worker %d still running; its stderr: %s", round, stderrOf(errors)).isTrue();
        } finally {
            worker.destroyForcibly();
            assertThat(worker.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(worker.exitValue()).as("worker %d was killed by SIGKILL", round).isEqualTo(KILLED_BY_SIGKILL);
        final List<Long> acknowledged = new ArrayList<>();
        for (final String line : Files.readAllLines(output, StandardCharsets.US_ASCII)) {
            final Matcher ack = ACK.matcher(line);
            if (ack.matches()) {
                acknowledged.add(Long.parseLong(ack.group(1)));
            }
        }
        return new Round(acknowledged, readyLine(output));
    }

    /** The worker's first line once it says the worker has recovered and its newline is written, else null. */
    private static String readyLine(final Path output) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(output, StandardCharsets.US_ASCII)) {
            final String first = lines.readLine();
            final boolean whole = first != null && Files.size(output) > first.length();
            return whole && READY.matcher(first).matches() ? first : null;
        }
    }

    /** The ledger replayed record by record from the journal, and the ids of the transfers whose result was OK. */
    private record Replay(Ledger ledger, Set<Long> okTransferIds) {
    }

    private static Replay replayJournal(final DataDirectory data) {
        final Ledger ledger = new Ledger(CrashWorker.CONFIG);
        final CommandBatch batch = new CommandBatch(CrashWorker.CONFIG.batchMax());
        final BatchOutcome outcome = new BatchOutcome(CrashWorker.CONFIG.batchMax());
        final Set<Long> ok = new HashSet<>();
        JournalReader.scan(data.journal(), record -> {
            record.commandsInto(batch);
            ledger.apply(record.sequence(), record.timestampMs(), batch, outcome);
            for (int i = 0; i < batch.count(); i++) {
                if (batch.type(i) == CommandType.TRANSFER.number() && outcome.result(i) == ResultCode.OK
                        && !outcome.replayed(i)) {
                    ok.add(batch.id(i));
                }
            }
        });
        return new Replay(ledger, ok);
    }

    private static String stderrOf(final Path errors) {
        try {
            return Files.exists(errors) ? Files.readString(errors) : "(none)";
        } catch (final IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
