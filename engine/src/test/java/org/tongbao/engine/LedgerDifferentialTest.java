package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongbao.engine.CommandGenerators.Batch;
import org.tongbao.engine.CommandGenerators.History;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;

/**
 * The engine against {@link ReferenceLedger}, its naive model, on random command histories
 * ({@link CommandGenerators}): after every batch both must give the same result per command,
 * the same balances and reservations, and the same state hash, and the engine's invariants must
 * hold. Also: the state hash depends on the command history only, a rejected command changes
 * nothing, and over the run every {@link ResultCode} is reached at least once.
 *
 * <p><b>Seeds.</b> Each history comes from one seed, and a seed always gives the same history.
 * The main property checks {@value #TRIES_DEFAULT} histories, seeds {@value #MAIN_SEED_FIRST}
 * onwards; the two others check a tenth as many, from seeds {@value #STATE_HASH_SEED_FIRST} and
 * {@value #REJECTED_SEED_FIRST} onwards. Each invocation's display name and failure message
 * start with its seed. Two system properties, passed through Maven's command line, change that:
 * <ul>
 *   <li>{@code -Dtongbao.seed=12345} checks that one history in every property (to replay a
 *       failure); the result-code coverage check is then skipped, as one history cannot reach
 *       every code;
 *   <li>{@code -Dtongbao.tries=20000} checks that many histories in the main property and a
 *       tenth as many in the others (a longer soak); coverage is checked from the default count
 *       up and skipped below it.
 * </ul>
 * For example: {@code ./mvnw -o -pl engine test -Dtest=LedgerDifferentialTest -Dtongbao.seed=12345}.
 *
 * <p><b>Failures</b> name the seed, the batch and the command where the history first goes
 * wrong (for a state difference, the command after which it first shows, found by replaying the
 * batch one command longer at a time), and list that batch. Then {@link HistoryShrinker} drops
 * batches and commands while the history still fails, and the message ends with the shrunk
 * history, command by command (for the first {@value #SHRINKS_PER_RUN_MAX} failing histories of
 * a run; replay a later one by its seed to shrink it).
 *
 * <p>The coverage check reads counts the main property leaves in static fields, so the class
 * runs its methods in order and on one thread (as JUnit does unless told otherwise).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerDifferentialTest {
    static final int TRIES_DEFAULT = 2_000;
    static final long MAIN_SEED_FIRST = 1;
    static final long STATE_HASH_SEED_FIRST = 1_000_001;
    static final long REJECTED_SEED_FIRST = 2_000_001;
    private static final String SEED_PROPERTY = "tongbao.seed";
    private static final String TRIES_PROPERTY = "tongbao.tries";
    /** The other properties check one history for every this many of the main property. */
    private static final int OTHER_TRIES_DIVISOR = 10;
    /** A failing command's index when the history goes wrong as the batch starts (expiry), before any command. */
    private static final int BEFORE_FIRST_COMMAND = -1;
    private static final int NOT_LOCATED = -2;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /**
     * Failing histories shrunk per run; later ones are reported unshrunk, so that a bug that
     * breaks most histories fails the run in seconds, not minutes.
     */
    private static final int SHRINKS_PER_RUN_MAX = 10;

    /** Results the main property's histories reached, by {@link ResultCode#ordinal()}; read by the coverage check. */
    private static final long[] resultCounts = new long[ResultCode.values().length];
    private static int mainHistoriesPassed;
    private static int shrinks;

    static LongStream mainSeeds() {
        return seeds(MAIN_SEED_FIRST, tries());
    }

    static LongStream stateHashSeeds() {
        return seeds(STATE_HASH_SEED_FIRST, Math.max(1, tries() / OTHER_TRIES_DIVISOR));
    }

    static LongStream rejectedSeeds() {
        return seeds(REJECTED_SEED_FIRST, Math.max(1, tries() / OTHER_TRIES_DIVISOR));
    }

    @Order(1)
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("mainSeeds")
    void engineAgreesWithReferenceOnRandomCommandHistories(final long seed) {
        final History history = CommandGenerators.history(seed);
        final Failure failure = disagreement(history, resultCounts, true);
        assertHolds(seed, "the engine agrees with the reference", history,
                (candidate, locate) -> disagreement(candidate, null, locate), failure);
        mainHistoriesPassed++;
    }

    @Order(2)
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("stateHashSeeds")
    void stateHashDependsOnlyOnTheCommandHistory(final long seed) {
        final History history = CommandGenerators.history(seed);
        assertHolds(seed, "the state hash depends only on the command history", history,
                LedgerDifferentialTest::hashDifference, hashDifference(history, true));
    }

    /**
     * Each probe is applied alone, at the time of the last batch (so nothing expires): when it is
     * rejected, no account, pending transfer or total may have changed. (The idempotency window
     * may have: a rejected command's id is remembered with its result.)
     */
    @Order(3)
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("rejectedSeeds")
    void aRejectedCommandChangesNoAccountNoPendingTransferAndNoTotal(final long seed) {
        final History history = CommandGenerators.history(seed);
        assertHolds(seed, "a rejected command changes nothing", history,
                (candidate, locate) -> rejectedProbeChange(candidate), rejectedProbeChange(history));
    }

    /**
     * The generator's own check: over the main property's histories, every rule of payments and
     * accounts is broken. (Campaign, escrow and loan codes, from 80 on, are the business of
     * ProgrammableMoneyHistoryTest.)
     */
    @Order(4)
    @Test
    void everyResultCodeIsReachedByTheMainHistories(final TestReporter reporter) {
        assumeTrue(System.getProperty(SEED_PROPERTY) == null,
                "coverage not checked: -D" + SEED_PROPERTY + " checks one history, which cannot reach every result code");
        assumeTrue(tries() >= TRIES_DEFAULT, () -> "coverage not checked: -D" + TRIES_PROPERTY + "=" + tries()
                + " checks fewer histories than the " + TRIES_DEFAULT + " that reach every result code");
        assumeTrue(mainHistoriesPassed == tries(), () -> "coverage not checked: the main property passed "
                + mainHistoriesPassed + " of its " + tries() + " histories in this run (run the whole class)");
        final List<ResultCode> unreached = new ArrayList<>();
        final StringBuilder counts = new StringBuilder();
        for (final ResultCode code : ResultCode.values()) {
            if (code.number() >= ResultCode.CAMPAIGN_NOT_FOUND.number()) {
                continue;
            }
            counts.append(code).append('=').append(resultCounts[code.ordinal()]).append(' ');
            if (resultCounts[code.ordinal()] == 0) {
                unreached.add(code);
            }
        }
        reporter.publishEntry("result codes over " + tries() + " histories", counts.toString());
        assertThat(unreached).as("result codes no history reached (counts: %s)", counts).isEmpty();
    }

    // ------------------------------------------------------------------------------------
    // The checks: each returns where a history first goes wrong, or null
    // ------------------------------------------------------------------------------------

    /**
     * A property's check of one history. Finding the command after which a state difference
     * shows replays the batch once per command, so shrinking, which only asks whether the
     * history fails, does not ask for it.
     */
    @FunctionalInterface
    private interface Check {
        Failure firstFailure(History history, boolean locateCommand);
    }

    /** Where the engine and the reference first disagree; counts the results of agreeing batches if asked. */
    private static Failure disagreement(final History history, final long[] countsOrNull, final boolean locate) {
        final Ledger ledger = new Ledger(history.config());
        final ReferenceLedger reference = new ReferenceLedger(history.config());
        final List<Batch> batches = history.batches();
        for (int index = 0; index < batches.size(); index++) {
            final Batch batch = batches.get(index);
            final long sequence = index + 1;
            int command = NOT_LOCATED;
            String difference;
            try {
                final List<ResultCode> actual = apply(ledger, sequence, batch);
                final List<ResultCode> expected = reference.apply(sequence, batch.timestampMs(), batch.commands());
                command = firstDifference(actual, expected);
                difference = command >= 0 ? resultTable(actual, expected, "engine / reference")
                        : stateDifference(history.accountIds(), ledger, reference);
                if (difference == null && countsOrNull != null) {
                    for (final ResultCode code : actual) {
                        countsOrNull[code.ordinal()]++;
                    }
                }
            } catch (final RuntimeException bug) {
                difference = thrown(bug);
            }
            if (difference != null) {
                if (command < 0 && locate) {
                    command = firstCommandAfterWhich(history, index, LedgerDifferentialTest::disagreesAtTheEnd);
                }
                return new Failure(sequence, batch.timestampMs(), batch.commands(), command, difference);
            }
        }
        return null;
    }

    /** Whether, after all of {@code history}, the engine's state differs from the reference's (or one throws). */
    private static boolean disagreesAtTheEnd(final History history) {
        try {
            final Ledger ledger = new Ledger(history.config());
            final ReferenceLedger reference = new ReferenceLedger(history.config());
            long sequence = 0;
            for (final Batch batch : history.batches()) {
                sequence++;
                apply(ledger, sequence, batch);
                reference.apply(sequence, batch.timestampMs(), batch.commands());
            }
            return stateDifference(history.accountIds(), ledger, reference) != null;
        } catch (final RuntimeException bug) {
            return true;
        }
    }

    /** Where two engines that differ only in their initial account capacity first differ in results or state hash. */
    private static Failure hashDifference(final History history, final boolean locate) {
        final Ledger ledger = new Ledger(history.config());
        final Ledger other = new Ledger(history.config().withAccountsInitial(1));
        final List<Batch> batches = history.batches();
        for (int index = 0; index < batches.size(); index++) {
            final Batch batch = batches.get(index);
            final long sequence = index + 1;
            int command = NOT_LOCATED;
            String difference = null;
            try {
                final List<ResultCode> results = apply(ledger, sequence, batch);
                final List<ResultCode> otherResults = apply(other, sequence, batch);
                command = firstDifference(otherResults, results);
                if (command >= 0) {
                    difference = resultTable(otherResults, results, "accountsInitial 1 / as generated");
                } else if (!Arrays.equals(other.stateHash(), ledger.stateHash())) {
                    difference = "state hash: accountsInitial 1 " + hex(other.stateHash()) + " / as generated "
                            + hex(ledger.stateHash());
                }
            } catch (final RuntimeException bug) {
                difference = thrown(bug);
            }
            if (difference != null) {
                if (command < 0 && locate) {
                    command = firstCommandAfterWhich(history, index, LedgerDifferentialTest::hashesDifferAtTheEnd);
                }
                return new Failure(sequence, batch.timestampMs(), batch.commands(), command, difference);
            }
        }
        return null;
    }

    private static boolean hashesDifferAtTheEnd(final History history) {
        try {
            final Ledger ledger = new Ledger(history.config());
            final Ledger other = new Ledger(history.config().withAccountsInitial(1));
            long sequence = 0;
            for (final Batch batch : history.batches()) {
                sequence++;
                apply(ledger, sequence, batch);
                apply(other, sequence, batch);
            }
            return !Arrays.equals(other.stateHash(), ledger.stateHash());
        } catch (final RuntimeException bug) {
            return true;
        }
    }

    /** The first probe that was rejected yet changed an account, a pending transfer or a total. */
    private static Failure rejectedProbeChange(final History history) {
        final Ledger ledger = new Ledger(history.config());
        long sequence = 0;
        long timestampMs = 0;
        List<Command> commands = List.of();
        try {
            for (final Batch batch : history.batches()) {
                timestampMs = batch.timestampMs();
                commands = batch.commands();
                apply(ledger, ++sequence, batch);
            }
            for (final Command probe : history.probes()) {
                commands = List.of(probe);
                final Observed before = Observed.of(ledger, history.accountIds());
                final ResultCode result = apply(ledger, ++sequence, new Batch(timestampMs, commands)).getFirst();
                final Observed after = Observed.of(ledger, history.accountIds());
                if (result != ResultCode.OK && !after.equals(before)) {
                    return new Failure(sequence, timestampMs, commands, 0,
                            "rejected with " + result + " but changed " + before.differenceTo(after));
                }
            }
        } catch (final RuntimeException bug) {
            return new Failure(sequence, timestampMs, commands, NOT_LOCATED, thrown(bug));
        }
        return null;
    }

    // ------------------------------------------------------------------------------------
    // Comparing
    // ------------------------------------------------------------------------------------

    /** The first difference in counts, totals, an account, the invariants or the state hash; null if none. */
    private static String stateDifference(final List<Long> accountIds, final Ledger ledger,
                                          final ReferenceLedger reference) {
        final List<Object> totals = List.of(ledger.accountCount(), ledger.pendingCount(), ledger.issuedFen(),
                ledger.redeemedFen());
        final List<Object> referenceTotals = List.of(reference.accountCount(), reference.pendingCount(),
                reference.issuedFen(), reference.redeemedFen());
        if (!totals.equals(referenceTotals)) {
            return "accounts, pending transfers, issued, redeemed: engine " + totals + " / reference "
                    + referenceTotals;
        }
        for (final long id : accountIds) {
            final AccountView view = ledger.account(id);
            if ((view != null) != reference.hasAccount(id)) {
                return "account " + id + " exists: engine " + (view != null) + " / reference " + reference.hasAccount(id);
            }
            if (view == null) {
                continue;
            }
            final List<Long> amounts = List.of(view.balanceFen(), view.pendingDebitFen(), view.pendingCreditFen(),
                    view.availableFen());
            final List<Long> referenceAmounts = List.of(reference.balance(id), reference.pendingDebit(id),
                    reference.pendingCredit(id), reference.available(id));
            if (!amounts.equals(referenceAmounts)) {
                return "account " + id + " balance, pending debit, pending credit, available: engine " + amounts
                        + " / reference " + referenceAmounts;
            }
        }
        final List<String> broken = ledger.checkInvariants();
        if (!broken.isEmpty()) {
            return "engine invariants broken: " + broken;
        }
        final String hash = hex(ledger.stateHash());
        final String referenceHash = hex(reference.stateHash());
        return hash.equals(referenceHash) ? null
                : "state hash (counts, totals and balances agree: the difference is in what only the hash covers,"
                        + " such as tiers, statuses, spending counters, pending transfers' details or the idempotency"
                        + " window): engine " + hash + " / reference " + referenceHash;
    }

    private static int firstDifference(final List<ResultCode> actual, final List<ResultCode> expected) {
        for (int index = 0; index < Math.min(actual.size(), expected.size()); index++) {
            if (actual.get(index) != expected.get(index)) {
                return index;
            }
        }
        return actual.size() == expected.size() ? -1 : Math.min(actual.size(), expected.size());
    }

    /** The results that differ, one line each; {@link Failure#batchListing()} shows the commands. */
    private static String resultTable(final List<ResultCode> actual, final List<ResultCode> expected,
                                      final String columns) {
        final StringBuilder table = new StringBuilder("results differ (" + columns + "):");
        for (int index = 0; index < Math.max(actual.size(), expected.size()); index++) {
            final ResultCode left = index < actual.size() ? actual.get(index) : null;
            final ResultCode right = index < expected.size() ? expected.get(index) : null;
            if (left != right) {
                table.append("\n  >> ").append(index).append(' ').append(left).append(" / ").append(right);
            }
        }
        return table.toString();
    }

    /**
     * The index of the command after which {@code wrongAtTheEnd} first holds, replaying the batches
     * before {@code batchIndex} and then that batch cut after 0, 1, 2... commands (a cut inside a
     * linked chain leaves it open, so a chain shows at its last command): -1 if it holds already
     * as the batch starts, {@link #NOT_LOCATED} if it never does.
     */
    private static int firstCommandAfterWhich(final History history, final int batchIndex,
                                              final Predicate<History> wrongAtTheEnd) {
        final Batch batch = history.batches().get(batchIndex);
        for (int count = 0; count <= batch.commands().size(); count++) {
            final List<Batch> batches = new ArrayList<>(history.batches().subList(0, batchIndex));
            batches.add(new Batch(batch.timestampMs(), batch.commands().subList(0, count)));
            if (wrongAtTheEnd.test(history.withBatches(batches))) {
                return count - 1;
            }
        }
        return NOT_LOCATED;
    }

    // ------------------------------------------------------------------------------------
    // Reporting
    // ------------------------------------------------------------------------------------

    /** Where a history first goes wrong: batch (its sequence number, from 1), command index in it, and what. */
    private record Failure(long batch, long timestampMs, List<Command> commands, int command, String reason) {
        String where() {
            final String command = switch (this.command) {
                case BEFORE_FIRST_COMMAND -> "as the batch starts, before its first command (expiry)";
                case NOT_LOCATED -> "command not located";
                default -> "command " + this.command;
            };
            return "batch " + batch + " (at " + timestampMs + " ms, " + Instant.ofEpochMilli(timestampMs)
                    .atZone(SHANGHAI).toLocalDateTime() + " in Shanghai), " + command;
        }

        String batchListing() {
            final StringBuilder listing = new StringBuilder("commands of batch " + batch + ":\n");
            for (int index = 0; index < commands.size(); index++) {
                listing.append(index == command ? "  >> " : "     ").append(index).append(' ')
                        .append(commands.get(index)).append('\n');
            }
            return listing.toString();
        }
    }

    /** Passes if {@code failure} is null; else shrinks the history and fails with both. */
    private static void assertHolds(final long seed, final String property, final History history,
                                    final Check check, final Failure failure) {
        if (failure == null) {
            return;
        }
        final StringBuilder report = new StringBuilder()
                .append("seed ").append(seed).append(": ").append(property).append(" does not hold.\n")
                .append("First divergence: ").append(failure.where()).append(":\n")
                .append(failure.reason()).append('\n')
                .append(failure.batchListing());
        if (shrinks < SHRINKS_PER_RUN_MAX) {
            shrinks++;
            report.append(shrunkReport(history, check));
        } else {
            report.append("Not shrunk: ").append(SHRINKS_PER_RUN_MAX)
                    .append(" failing histories were shrunk in this run already; replay this seed to shrink it.\n");
        }
        report.append("Replay: ./mvnw -o -pl engine test -Dtest=LedgerDifferentialTest -D").append(SEED_PROPERTY)
                .append('=').append(seed);
        throw new AssertionError(report.toString());
    }

    private static String shrunkReport(final History history, final Check check) {
        final HistoryShrinker.Shrunk shrunk =
                HistoryShrinker.shrink(history, candidate -> check.firstFailure(candidate, false) != null);
        final Failure failure = check.firstFailure(shrunk.history(), true);
        final StringBuilder report = new StringBuilder("Shrunk in ").append(shrunk.runs()).append(" re-runs from ")
                .append(history.batches().size()).append(" batches and ").append(history.commandCount())
                .append(" commands to ").append(shrunk.history().batches().size()).append(" and ")
                .append(shrunk.history().commandCount()).append(", which ");
        if (failure == null) {
            return report.append("passed when checked again (is the check deterministic?)\n").toString();
        }
        return report.append("goes wrong at ").append(failure.where()).append(":\n").append(failure.reason())
                .append('\n').append(shrunk.history()).append('\n').toString();
    }

    private static String thrown(final RuntimeException bug) {
        final StringBuilder text = new StringBuilder("threw ").append(bug);
        final StackTraceElement[] stack = bug.getStackTrace();
        for (int frame = 0; frame < Math.min(8, stack.length); frame++) {
            text.append("\n        at ").append(stack[frame]);
        }
        return text.toString();
    }

    private static String hex(final byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    // ------------------------------------------------------------------------------------
    // Running
    // ------------------------------------------------------------------------------------

    private static List<ResultCode> apply(final Ledger ledger, final long sequence, final Batch batch) {
        final int count = batch.commands().size();
        final CommandBatch commands = new CommandBatch(Math.max(1, count));
        for (final Command command : batch.commands()) {
            command.appendTo(commands);
        }
        final BatchOutcome outcome = new BatchOutcome(Math.max(1, count));
        ledger.apply(sequence, batch.timestampMs(), commands, outcome);
        final List<ResultCode> results = new ArrayList<>(count);
        for (int index = 0; index < outcome.count(); index++) {
            results.add(outcome.result(index));
        }
        return results;
    }

    private static LongStream seeds(final long first, final int count) {
        final String seed = System.getProperty(SEED_PROPERTY);
        if (seed == null) {
            return LongStream.range(first, first + count);
        }
        try {
            return LongStream.of(Long.parseLong(seed.strip()));
        } catch (final NumberFormatException notALong) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a whole number, not '" + seed + "'",
                    notALong);
        }
    }

    private static int tries() {
        final String tries = System.getProperty(TRIES_PROPERTY);
        if (tries == null) {
            return TRIES_DEFAULT;
        }
        try {
            final int count = Integer.parseInt(tries.strip());
            Checks.checkArgument(count > 0, "-D" + TRIES_PROPERTY + " must be positive");
            return count;
        } catch (final NumberFormatException notAnInt) {
            throw new IllegalArgumentException("-D" + TRIES_PROPERTY + " must be a positive whole number, not '"
                    + tries + "'", notAnInt);
        }
    }

    /** What a command can change, other than the idempotency window. */
    private record Observed(List<AccountView> accounts, int accountCount, int pendingCount, long issuedFen,
                            long redeemedFen) {
        static Observed of(final Ledger ledger, final List<Long> accountIds) {
            final List<AccountView> accounts = new ArrayList<>();
            for (final long id : accountIds) {
                accounts.add(ledger.account(id));
            }
            return new Observed(accounts, ledger.accountCount(), ledger.pendingCount(), ledger.issuedFen(),
                    ledger.redeemedFen());
        }

        String differenceTo(final Observed after) {
            for (int index = 0; index < accounts.size(); index++) {
                if (!Objects.equals(accounts.get(index), after.accounts.get(index))) {
                    return "an account: before " + accounts.get(index) + ", after " + after.accounts.get(index);
                }
            }
            return "a count or total (accounts, pending transfers, issued, redeemed): before "
                    + List.of(accountCount, pendingCount, issuedFen, redeemedFen) + ", after "
                    + List.of(after.accountCount, after.pendingCount, after.issuedFen, after.redeemedFen);
        }
    }
}
