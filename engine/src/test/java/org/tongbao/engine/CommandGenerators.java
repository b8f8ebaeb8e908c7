package org.tongbao.engine;

import static org.tongbao.engine.command.CommandDescriptor.ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.AMOUNT;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_HARD_WALLET;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_LINKED;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_PENDING;
import static org.tongbao.engine.command.CommandDescriptor.ID;
import static org.tongbao.engine.command.CommandDescriptor.LOCATION;
import static org.tongbao.engine.command.CommandDescriptor.OTHER_ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.REFERENCE;
import static org.tongbao.engine.command.CommandDescriptor.USER_DATA;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.TierLimits;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * Random but meaningful command histories of a small economy for {@link LedgerDifferentialTest},
 * one per seed: {@link #history(long)} gives the same history for the same seed, on any JVM.
 * A history opens a central bank, 2-3 operators and 5-30 accounts held at them (some opens
 * invalid), issues money to the operators and exchanges some into wallets; then 1-30 batches of
 * 1-40 commands follow, at times that advance by anything from 0 ms to a year (crossing
 * Asia/Shanghai midnights and sometimes a new year), mixing every kind of transfer, pending
 * transfers with their posts and voids, account changes, retries of earlier commands (as they
 * were, or with a field changed), linked chains and malformed commands. Configurations vary
 * too: small idempotency windows, a small pending maximum, a tight accounts limit, a tight
 * limit table.
 *
 * <p>Generation works in two steps. {@link Draw} draws plain specs from the seed (a step kind
 * and a few small numbers); {@link HistoryBuilder} turns them into commands, resolving each
 * number to an account, a pending transfer or an earlier command. So the random choices read
 * as a list of weights here, apart from the bookkeeping of what exists. Test thread only.
 */
final class CommandGenerators {
    static final long CENTRAL_BANK_ID = 1;
    static final long FIRST_OPERATOR_ID = 11;
    static final long FIRST_WALLET_ID = 1_001;
    static final long UNKNOWN_ACCOUNT_ID = 9_999;
    static final long UNKNOWN_PENDING_ID = 424_242;
    static final long FIRST_COMMAND_ID = 1_000_000;
    /** Issued to each operator when the history starts: 1 billion yuan. */
    static final long OPERATOR_FLOAT_FEN = 100_000_000_000L;
    static final int ACCOUNTS_MAX_ROOMY = 512;

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final long DAY_MS = 86_400_000L;
    private static final int[] DISTRICTS = {0, 310_101, 440_305, 110_105, 0};
    private static final int[] MERCHANT_CATEGORIES = {5411, 5812, 4111, 5999, 1};
    private static final AccountKind[] HELD_AT_OPERATOR = {
        AccountKind.PERSONAL, AccountKind.PERSONAL, AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT,
        AccountKind.MERCHANT, AccountKind.GOVERNMENT};
    private static final int[] UNKNOWN_TYPES = {0, 6, 7, 8, 9, 13, 15, 99, 255};
    private static final int OPEN_MALFORMATIONS = 12;
    private static final int MALFORMATIONS = 36;
    private static final int PICK_MAX = 1_000;

    /** Tight limits, so that daily and annual limits and caps are reached within a short history. */
    static final WalletLimits TIGHT_LIMITS = WalletLimits.of(
            new TierLimits[] {
                new TierLimits(2_000_000, 500_000, 800_000, 2_000_000),
                new TierLimits(500_000, 100_000, 200_000, 600_000),
                new TierLimits(200_000, 50_000, 80_000, 100_000),
                new TierLimits(50_000, 20_000, 30_000, 40_000)},
            new TierLimits[] {
                new TierLimits(50_000_000, 10_000_000, 20_000_000, 60_000_000),
                new TierLimits(10_000_000, 2_000_000, 5_000_000, 15_000_000),
                new TierLimits(5_000_000, 1_000_000, 2_000_000, 2_500_000),
                TierLimits.NONE},
            new TierLimits[] {
                TierLimits.NONE,
                new TierLimits(20_000_000, 5_000_000, 8_000_000, 30_000_000),
                new TierLimits(5_000_000, 1_000_000, 2_000_000, 5_000_000),
                new TierLimits(1_000_000, 300_000, 500_000, 1_000_000)});

    /** Amounts on and around every limit of both tables, so that EXCEEDS_* codes fire and just miss. */
    private static final List<Long> LIMIT_EDGES_FEN = limitEdges();

    /** Shortly before an Asia/Shanghai midnight, sometimes the last one of a year. */
    private static final List<Long> START_TIMES_MS = List.of(shanghaiMs(2025, 12, 31, 20, 0),
            shanghaiMs(2026, 2, 28, 23, 30), shanghaiMs(2026, 7, 1, 9, 0), shanghaiMs(2027, 12, 31, 22, 0),
            shanghaiMs(2028, 12, 30, 23, 0));

    private CommandGenerators() {
    }

    /** One batch as the sequencer would hand it to the ledger. */
    record Batch(long timestampMs, List<Command> commands) {
    }

    /**
     * A generated history: the ledger configuration, the batches, every account id the
     * history mentions (opened or not), and a few more commands to try one at a time after it.
     */
    record History(LedgerConfig config, List<Batch> batches, List<Long> accountIds, List<Command> probes) {
        /** The same history with other batches (fewer, when shrinking a failing one). */
        History withBatches(final List<Batch> otherBatches) {
            return new History(config, List.copyOf(otherBatches), accountIds, probes);
        }

        int commandCount() {
            int count = 0;
            for (final Batch batch : batches) {
                count += batch.commands().size();
            }
            return count;
        }

        @Override
        public String toString() {
            final StringBuilder text = new StringBuilder("History[idempotencyGeneration=")
                    .append(config.idempotencyGeneration()).append(", pendingMax=").append(config.pendingMax())
                    .append(", accountsMax=").append(config.accountsMax()).append(", accountsInitial=")
                    .append(config.accountsInitial()).append(", tightLimits=")
                    .append(config.walletLimits() == TIGHT_LIMITS).append('\n');
            int sequence = 0;
            for (final Batch batch : batches) {
                text.append("  batch ").append(++sequence).append(" at ").append(batch.timestampMs()).append('\n');
                for (final Command command : batch.commands()) {
                    text.append("    ").append(command).append('\n');
                }
            }
            return text.append("  probes ").append(probes).append(']').toString();
        }
    }

    /** What a step does, with how often it is drawn (relative weights, summing to 100). */
    enum StepKind {
        ISSUE(3), REDEEM(2), EXCHANGE_IN(8), EXCHANGE_OUT(4), P2P(12), MERCHANT_PAYMENT(8), B2B(4), TAX_OR_FEE(3),
        SUBSIDY(3), ANY_TRANSFER(3), PENDING_TRANSFER(10), POST(7), VOID(4), SETTLE_AND_RESERVE(3), FREEZE(2),
        UNFREEZE(2), CLOSE(2), CHANGE_TIER(3), OPEN_WALLET(2), RETRY(5), RETRY_CHANGED(2), LINK_NEXT(4),
        MALFORMED(5);

        private final int weight;

        StepKind(final int weight) {
            this.weight = weight;
        }
    }

    /** One generated action; the picks choose accounts, pending transfers, earlier commands and variants. */
    record Step(StepKind kind, int pickA, int pickB, int pickC, long amountFen, int timeoutSeconds) {
    }

    /** An account opened when the history starts. {@code parentPick} and {@code malformation} are -1 for none. */
    record WalletSpec(AccountKind kind, int tier, int operatorPick, boolean hard, int locationPick, int parentPick,
                      int malformation, long initialFen) {
    }

    record ConfigSpec(int idempotencyGeneration, int pendingMax, boolean tightLimits, boolean tightAccounts,
                      int accountsInitial) {
    }

    record BatchSpec(long advanceMs, List<Step> steps) {
    }

    record HistorySpec(ConfigSpec config, int operators, List<WalletSpec> wallets, long startMs,
                       List<BatchSpec> batches, List<Step> probes) {
    }

    // ------------------------------------------------------------------------------------
    // Specs, drawn from a seed
    // ------------------------------------------------------------------------------------

    /** The history of this seed. */
    static History history(final long seed) {
        return new HistoryBuilder(historySpec(new Draw(seed))).build();
    }

    static HistorySpec historySpec(final Draw draw) {
        final ConfigSpec config = config(draw);
        final int operators = draw.between(2, 3);
        final List<WalletSpec> wallets = draw.list(5, 30, CommandGenerators::walletSpec);
        final long startMs = draw.oneOf(START_TIMES_MS) + draw.between(0L, 3_600_000L);
        final List<BatchSpec> batches = draw.list(1, 30, CommandGenerators::batchSpec);
        final List<Step> probes = draw.list(1, 8, CommandGenerators::step);
        return new HistorySpec(config, operators, wallets, startMs, batches, probes);
    }

    static ConfigSpec config(final Draw draw) {
        final int idempotencyGeneration = switch (draw.weighted(3, 3, 4)) {
            case 0 -> draw.oneOf(8, 16);
            case 1 -> draw.oneOf(32, 64);
            default -> 4096;
        };
        final int pendingMax = switch (draw.weighted(2, 2, 6)) {
            case 0 -> draw.oneOf(1, 2, 4);
            case 1 -> draw.oneOf(8, 16);
            default -> 100_000;
        };
        final boolean tightLimits = draw.percent(40);
        final boolean tightAccounts = draw.percent(15);
        final int accountsInitial = draw.weighted(7, 3) == 0 ? ACCOUNTS_MAX_ROOMY : draw.between(1, 8);
        return new ConfigSpec(idempotencyGeneration, pendingMax, tightLimits, tightAccounts, accountsInitial);
    }

    static WalletSpec walletSpec(final Draw draw) {
        final AccountKind kind = switch (draw.weighted(50, 15, 20, 15)) {
            case 0 -> AccountKind.PERSONAL;
            case 1 -> AccountKind.CORPORATE;
            case 2 -> AccountKind.MERCHANT;
            default -> AccountKind.GOVERNMENT;
        };
        final int tier = draw.between(1, 4);
        final int operatorPick = draw.between(0, 2);
        final boolean hard = draw.percent(15);
        final int locationPick = draw.between(0, 99);
        final int parentPick = draw.percent(10) ? draw.between(0, 99) : -1;
        final int malformation = draw.percent(10) ? draw.between(0, OPEN_MALFORMATIONS - 1) : -1;
        final long initialFen = switch (draw.weighted(2, 6, 3, 2)) {
            case 0 -> 0L;
            case 1 -> draw.between(1L, 40_000L);
            case 2 -> draw.between(40_001L, 2_000_000L);
            default -> draw.oneOf(LIMIT_EDGES_FEN);
        };
        return new WalletSpec(kind, tier, operatorPick, hard, locationPick, parentPick, malformation, initialFen);
    }

    static BatchSpec batchSpec(final Draw draw) {
        return new BatchSpec(advanceMs(draw), draw.list(1, 40, CommandGenerators::step));
    }

    /** Whole seconds too: pending transfers expire whole seconds after the batch that made them. */
    static long advanceMs(final Draw draw) {
        return switch (draw.weighted(10, 20, 10, 25, 20, 10, 5)) {
            case 0 -> 0L;
            case 1 -> draw.between(1L, 5_000L);
            case 2 -> draw.between(1L, 120L) * 1_000;
            case 3 -> draw.between(5_001L, 3_600_000L);
            case 4 -> draw.between(3_600_001L, 12 * 3_600_000L);
            case 5 -> draw.between(DAY_MS, 40 * DAY_MS);
            default -> draw.between(200 * DAY_MS, 400 * DAY_MS);
        };
    }

    static Step step(final Draw draw) {
        final StepKind kind = stepKind(draw);
        final int pickA = draw.between(0, PICK_MAX);
        final int pickB = draw.between(0, PICK_MAX);
        final int pickC = draw.between(0, PICK_MAX);
        return new Step(kind, pickA, pickB, pickC, amountFen(draw), timeoutSeconds(draw));
    }

    static StepKind stepKind(final Draw draw) {
        final StepKind[] kinds = StepKind.values();
        final int[] weights = new int[kinds.length];
        for (final StepKind kind : kinds) {
            weights[kind.ordinal()] = kind.weight;
        }
        return kinds[draw.weighted(weights)];
    }

    static long amountFen(final Draw draw) {
        return switch (draw.weighted(35, 20, 22, 10, 2, 3, 3)) {
            case 0 -> draw.between(1L, 50_000L);
            case 1 -> draw.between(50_001L, 5_000_000L);
            case 2 -> draw.oneOf(LIMIT_EDGES_FEN);
            case 3 -> draw.acrossMagnitudes(5_000_001L, 20_000_000_000L);
            case 4 -> draw.between(Long.MAX_VALUE / 8, Long.MAX_VALUE / 4);
            case 5 -> draw.between(Long.MAX_VALUE - 1_000, Long.MAX_VALUE);
            default -> draw.between(-1_000L, 0L);
        };
    }

    static int timeoutSeconds(final Draw draw) {
        final int max = LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT;
        return switch (draw.weighted(40, 30, 20, 4)) {
            case 0 -> draw.between(1, 120);
            case 1 -> draw.between(121, 86_400);
            case 2 -> draw.between(86_401, max);
            default -> draw.oneOf(0, -1, max + 1, Integer.MAX_VALUE);
        };
    }

    private static long shanghaiMs(final int year, final int month, final int day, final int hour, final int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(SHANGHAI).toInstant().toEpochMilli();
    }

    private static List<Long> limitEdges() {
        final TreeSet<Long> edges = new TreeSet<>();
        for (final WalletLimits table : List.of(WalletLimits.defaults(), TIGHT_LIMITS)) {
            for (final AccountKind kind : List.of(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT)) {
                for (int tier = 1; tier <= 4; tier++) {
                    final TierLimits limits = table.tier(kind, tier);
                    for (final long limit : new long[] {limits.balanceCapFen(), limits.singlePaymentFen(),
                        limits.dailyFen(), limits.annualFen()}) {
                        if (limit != TierLimits.UNLIMITED) {
                            edges.addAll(List.of(limit - 1, limit, limit + 1, limit / 2, limit / 2 + 1));
                        }
                    }
                }
            }
        }
        return List.copyOf(edges);
    }

    /**
     * The random draws of one history, all from one {@link SplittableRandom} seeded once, so a
     * seed names a history. Ranges are uniform, except that one draw in {@value #RANGE_END_ODDS}
     * returns one of the range's two ends, where rules tend to break (the largest amount, a
     * timeout of exactly the maximum, an advance of exactly a day).
     */
    static final class Draw {
        private static final int RANGE_END_ODDS = 20;

        private final SplittableRandom random;

        Draw(final long seed) {
            this.random = new SplittableRandom(seed);
        }

        int between(final int min, final int max) {
            return Math.toIntExact(between((long) min, max));
        }

        long between(final long min, final long max) {
            Checks.checkArgument(min <= max, "empty range");
            if (random.nextInt(RANGE_END_ODDS) == 0) {
                return random.nextBoolean() ? min : max;
            }
            return min + random.nextLong(Math.addExact(Math.subtractExact(max, min), 1));
        }

        /**
         * A value in {@code [min, max]} (both positive) whose number of decimal digits is uniform,
         * so that a range as wide as 5 million to 20 billion does not give ten-digit values only.
         */
        long acrossMagnitudes(final long min, final long max) {
            Checks.checkArgument(0 < min && min <= max, "range must be positive and not empty");
            final int digits = between(digitsOf(min), digitsOf(max));
            long decadeMin = 1;
            for (int digit = 1; digit < digits; digit++) {
                decadeMin *= 10;
            }
            return between(Math.max(min, decadeMin), Math.min(max, decadeMin * 10 - 1));
        }

        boolean percent(final int percent) {
            return random.nextInt(100) < percent;
        }

        /** The index of one of {@code weights}, each as likely as its weight. */
        int weighted(final int... weights) {
            int total = 0;
            for (final int weight : weights) {
                total += weight;
            }
            int left = random.nextInt(total);
            for (int index = 0; index < weights.length; index++) {
                left -= weights[index];
                if (left < 0) {
                    return index;
                }
            }
            throw new IllegalStateException("weights changed while drawing");
        }

        int oneOf(final int... values) {
            return values[random.nextInt(values.length)];
        }

        long oneOf(final List<Long> values) {
            return values.get(random.nextInt(values.size()));
        }

        <T> List<T> list(final int sizeMin, final int sizeMax, final Function<Draw, T> element) {
            final int size = between(sizeMin, sizeMax);
            final List<T> list = new ArrayList<>(size);
            for (int index = 0; index < size; index++) {
                list.add(element.apply(this));
            }
            return list;
        }

        private static int digitsOf(final long value) {
            return Long.toString(value).length();
        }
    }

    // ------------------------------------------------------------------------------------
    // Command words, for commands no record can express
    // ------------------------------------------------------------------------------------

    static long[] words(final Command command) {
        final CommandBatch one = new CommandBatch(1);
        command.appendTo(one);
        final long[] words = new long[CommandDescriptor.WORDS];
        for (int word = 0; word < words.length; word++) {
            words[word] = one.word(0, word);
        }
        return words;
    }

    /** The command these words make: a record where one fits, else {@link Command.Raw}. */
    static Command fromWords(final long[] words) {
        final CommandBatch one = new CommandBatch(1);
        one.appendWords(words, 0);
        return one.command(0);
    }

    static Command withWord(final Command command, final int word, final long value) {
        final long[] words = words(command);
        words[word] = value;
        return fromWords(words);
    }

    static Command withHeader(final Command command, final int type, final int flags, final int code, final int value) {
        return withWord(command, CommandDescriptor.HEADER, CommandDescriptor.header(type, flags, code, value));
    }

    static Command withFlags(final Command command, final int extraFlags) {
        final long header = words(command)[CommandDescriptor.HEADER];
        return withHeader(command, CommandDescriptor.type(header), CommandDescriptor.flags(header) | extraFlags,
                CommandDescriptor.code(header), CommandDescriptor.value(header));
    }

    static Command withCode(final Command command, final int code) {
        final long header = words(command)[CommandDescriptor.HEADER];
        return withHeader(command, CommandDescriptor.type(header), CommandDescriptor.flags(header), code,
                CommandDescriptor.value(header));
    }

    static Command withValue(final Command command, final int value) {
        final long header = words(command)[CommandDescriptor.HEADER];
        return withHeader(command, CommandDescriptor.type(header), CommandDescriptor.flags(header),
                CommandDescriptor.code(header), value);
    }

    // ------------------------------------------------------------------------------------
    // From specs to commands
    // ------------------------------------------------------------------------------------

    /** Turns one {@link HistorySpec} into a {@link History}; knows the accounts and pending transfers it made. */
    private static final class HistoryBuilder {
        private final HistorySpec spec;
        private final LedgerConfig config;
        private final List<Long> operators = new ArrayList<>();
        private final List<Long> accountIds = new ArrayList<>();
        private final Map<AccountKind, List<Long>> accountsByKind = new EnumMap<>(AccountKind.class);
        private final List<Long> heldAtOperator = new ArrayList<>();
        private final Map<Long, Long> operatorOf = new HashMap<>();
        private final List<Command> sent = new ArrayList<>();
        private final List<Command.Transfer> pendingTransfers = new ArrayList<>();
        private long nextCommandId = FIRST_COMMAND_ID;
        private long nextAccountId = FIRST_WALLET_ID;
        private int linksLeft;

        HistoryBuilder(final HistorySpec spec) {
            this.spec = spec;
            final ConfigSpec configSpec = spec.config();
            final int accountsMax = configSpec.tightAccounts()
                    ? 1 + spec.operators() + spec.wallets().size() * 2 / 3 : ACCOUNTS_MAX_ROOMY;
            LedgerConfig built = LedgerConfig.defaults(accountsMax)
                    .withIdempotencyGeneration(configSpec.idempotencyGeneration())
                    .withPendingMax(configSpec.pendingMax())
                    .withAccountsInitial(Math.min(accountsMax, configSpec.accountsInitial()));
            if (configSpec.tightLimits()) {
                built = built.withWalletLimits(TIGHT_LIMITS);
            }
            this.config = built;
            for (final AccountKind kind : AccountKind.values()) {
                accountsByKind.put(kind, new ArrayList<>());
            }
        }

        History build() {
            final List<Batch> batches = new ArrayList<>();
            long timestampMs = spec.startMs();
            batches.add(new Batch(timestampMs, openingBatch()));
            final List<Command> funding = fundingBatch();
            if (!funding.isEmpty()) {
                timestampMs += 1_000;
                batches.add(new Batch(timestampMs, funding));
            }
            for (final BatchSpec batchSpec : spec.batches()) {
                timestampMs += batchSpec.advanceMs();
                final List<Command> commands = new ArrayList<>();
                linksLeft = 0;
                for (final Step step : batchSpec.steps()) {
                    for (final Command command : build(step)) {
                        send(commands, command);
                    }
                }
                if (!commands.isEmpty()) {
                    batches.add(new Batch(timestampMs, List.copyOf(commands)));
                }
            }
            final List<Command> probes = new ArrayList<>();
            linksLeft = 0;
            for (final Step step : spec.probes()) {
                for (final Command command : build(step)) {
                    send(probes, command);
                }
            }
            accountIds.add(UNKNOWN_ACCOUNT_ID);
            return new History(config, List.copyOf(batches), List.copyOf(accountIds), List.copyOf(probes));
        }

        private List<Command> openingBatch() {
            final List<Command> commands = new ArrayList<>();
            commands.add(Command.OpenAccount.of(CENTRAL_BANK_ID, AccountKind.CENTRAL_BANK, 0, 0, 0, 0));
            accountIds.add(CENTRAL_BANK_ID);
            accountsByKind.get(AccountKind.CENTRAL_BANK).add(CENTRAL_BANK_ID);
            for (int i = 0; i < spec.operators(); i++) {
                final long operator = FIRST_OPERATOR_ID + i;
                commands.add(Command.OpenAccount.of(operator, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
                operators.add(operator);
                accountIds.add(operator);
                accountsByKind.get(AccountKind.OPERATOR_RESERVE).add(operator);
            }
            for (final WalletSpec wallet : spec.wallets()) {
                commands.add(openAccount(wallet));
            }
            for (final long operator : operators) {
                commands.add(Command.Transfer.of(nextCommandId++, CENTRAL_BANK_ID, operator, OPERATOR_FLOAT_FEN,
                        TransferCode.ISSUANCE));
            }
            sent.addAll(commands);
            return commands;
        }

        private List<Command> fundingBatch() {
            final List<Command> commands = new ArrayList<>();
            for (int i = 0; i < spec.wallets().size(); i++) {
                final long walletId = FIRST_WALLET_ID + i;
                final long initialFen = spec.wallets().get(i).initialFen();
                if (initialFen > 0 && operatorOf.containsKey(walletId)) {
                    commands.add(Command.Transfer.of(nextCommandId++, operatorOf.get(walletId), walletId, initialFen,
                            TransferCode.EXCHANGE_IN));
                }
            }
            sent.addAll(commands);
            return commands;
        }

        /** Adds a built command, flagged LINKED while a chain is being formed. */
        private void send(final List<Command> commands, final Command built) {
            Command command = built;
            if (linksLeft > 0) {
                command = withFlags(command, FLAG_LINKED);
                linksLeft--;
            }
            commands.add(command);
            sent.add(command);
            if (command instanceof Command.Transfer transfer && (transfer.flags() & FLAG_PENDING) != 0) {
                pendingTransfers.add(transfer);
            }
        }

        /** The commands of one step: none (LINK_NEXT), two (SETTLE_AND_RESERVE) or, mostly, one. */
        private List<Command> build(final Step step) {
            return switch (step.kind()) {
                case LINK_NEXT -> {
                    linksLeft = 1 + step.pickA() % 4;
                    yield List.of();
                }
                case SETTLE_AND_RESERVE -> List.of(withFlags(settleLatest(step), FLAG_LINKED),
                        transfer(step, meaningfulCode(step.pickC()), true));
                default -> List.of(buildOne(step));
            };
        }

        private Command buildOne(final Step step) {
            return switch (step.kind()) {
                case ISSUE, REDEEM, EXCHANGE_IN, EXCHANGE_OUT, P2P, MERCHANT_PAYMENT, B2B, TAX_OR_FEE, SUBSIDY ->
                        transfer(step, codeOf(step.kind(), step.pickC()), false);
                case ANY_TRANSFER -> Command.Transfer.of(nextCommandId++, pick(accountIds, step.pickA()),
                        pick(accountIds, step.pickB()), step.amountFen(),
                        TransferCode.values()[step.pickC() % TransferCode.values().length]);
                case PENDING_TRANSFER -> transfer(step, meaningfulCode(step.pickC()), true);
                case POST -> post(step);
                case VOID -> new Command.VoidPending(nextCommandId++, pendingId(step.pickA()), 0, userData(step));
                case FREEZE -> new Command.Freeze(nextCommandId++, freezeCandidate(step));
                case UNFREEZE -> new Command.Unfreeze(nextCommandId++, pick(accountIds, step.pickA()));
                case CLOSE -> new Command.Close(nextCommandId++, closeCandidate(step));
                case CHANGE_TIER -> new Command.ChangeTier(nextCommandId++, pick(accountIds, step.pickA()),
                        step.pickC() % 5 == 0 ? step.pickB() % 6 : 1 + step.pickB() % 4);
                case OPEN_WALLET -> openAccount(walletFromPicks(step));
                case RETRY -> retry(step);
                case RETRY_CHANGED -> retryChanged(step);
                case MALFORMED -> malformed(step);
                case LINK_NEXT, SETTLE_AND_RESERVE -> throw new IllegalArgumentException("not a one-command step");
            };
        }

        private static TransferCode codeOf(final StepKind kind, final int pick) {
            return switch (kind) {
                case ISSUE -> TransferCode.ISSUANCE;
                case REDEEM -> TransferCode.REDEMPTION;
                case EXCHANGE_IN -> TransferCode.EXCHANGE_IN;
                case EXCHANGE_OUT -> TransferCode.EXCHANGE_OUT;
                case P2P -> TransferCode.P2P;
                case MERCHANT_PAYMENT -> TransferCode.MERCHANT_PAYMENT;
                case B2B -> TransferCode.B2B;
                case TAX_OR_FEE -> pick % 2 == 0 ? TransferCode.TAX_PAYMENT : TransferCode.FEE_PAYMENT;
                case SUBSIDY -> TransferCode.SUBSIDY_PAYMENT;
                default -> throw new IllegalArgumentException("not a transfer step: " + kind);
            };
        }

        private static TransferCode meaningfulCode(final int pick) {
            final TransferCode[] codes = {TransferCode.ISSUANCE, TransferCode.REDEMPTION, TransferCode.EXCHANGE_IN,
                TransferCode.EXCHANGE_OUT, TransferCode.P2P, TransferCode.P2P, TransferCode.MERCHANT_PAYMENT,
                TransferCode.MERCHANT_PAYMENT, TransferCode.B2B, TransferCode.TAX_PAYMENT,
                TransferCode.SUBSIDY_PAYMENT};
            return codes[pick % codes.length];
        }

        /** A transfer between accounts of the kinds its code allows, mostly at the right operator. */
        private Command transfer(final Step step, final TransferCode code, final boolean pending) {
            final long debit;
            final long credit;
            switch (code) {
                case ISSUANCE -> {
                    debit = CENTRAL_BANK_ID;
                    credit = pick(operators, step.pickA());
                }
                case REDEMPTION -> {
                    debit = pick(operators, step.pickA());
                    credit = CENTRAL_BANK_ID;
                }
                case EXCHANGE_IN -> {
                    credit = pick(heldAtOperator, step.pickA());
                    debit = operatorFor(credit, step);
                }
                case EXCHANGE_OUT -> {
                    debit = pick(heldAtOperator, step.pickA());
                    credit = operatorFor(debit, step);
                }
                default -> {
                    debit = pick(ofKinds(code, true), step.pickA());
                    credit = pickOther(ofKinds(code, false), step.pickB(), debit);
                }
            }
            return new Command.Transfer(nextCommandId++, debit, credit, amountFor(code, step), code.number(),
                    pending ? FLAG_PENDING : 0, pending ? step.timeoutSeconds() : 0, userData(step));
        }

        /** The step's amount; for a third of issuances a share of Long.MAX_VALUE, to reach the overflow bounds. */
        private static long amountFor(final TransferCode code, final Step step) {
            return code == TransferCode.ISSUANCE && step.pickB() % 3 == 0
                    ? Long.MAX_VALUE / (2 + step.pickC() % 4) : step.amountFen();
        }

        /** The caller's own reference: opaque to the ledger, but kept with pending transfers and hashed. */
        private static long userData(final Step step) {
            return step.pickC() % 3 == 0 ? step.pickB() + 1 : 0;
        }

        private long operatorFor(final long wallet, final Step step) {
            final Long operator = operatorOf.get(wallet);
            return operator == null || step.pickB() % 8 == 0 ? pick(operators, step.pickC()) : operator;
        }

        private List<Long> ofKinds(final TransferCode code, final boolean debit) {
            final List<Long> ids = new ArrayList<>();
            for (final AccountKind kind : AccountKind.values()) {
                if (debit ? code.allowsDebit(kind) : code.allowsCredit(kind)) {
                    ids.addAll(accountsByKind.get(kind));
                }
            }
            return ids;
        }

        private Command post(final Step step) {
            final long pendingId = pendingId(step.pickA());
            final long pendingFen = pendingTransfers.isEmpty() ? 1
                    : pendingTransfers.get(step.pickA() % pendingTransfers.size()).amountFen();
            final long amountFen = switch (step.pickB() % 6) {
                case 0, 1 -> 0;
                case 2 -> Math.max(1, pendingFen / 2);
                case 3 -> pendingFen;
                case 4 -> pendingFen + 1;
                default -> step.pickC() % 4 == 0 ? -1 : 1;
            };
            return new Command.PostPending(nextCommandId++, pendingId, amountFen, 0, userData(step));
        }

        /** Any account; a third of the time one that a recent pending transfer credits (it may hold nothing else). */
        private long closeCandidate(final Step step) {
            if (step.pickB() % 3 == 0 && !pendingTransfers.isEmpty()) {
                final int recent = Math.min(3, pendingTransfers.size());
                return pendingTransfers.get(pendingTransfers.size() - 1 - step.pickA() % recent).creditAccountId();
            }
            return pick(accountIds, step.pickA());
        }

        /** Any account; a third of the time a party to a recent pending transfer, so that its post finds it frozen. */
        private long freezeCandidate(final Step step) {
            if (step.pickB() % 3 == 0 && !pendingTransfers.isEmpty()) {
                final int recent = Math.min(3, pendingTransfers.size());
                final Command.Transfer transfer =
                        pendingTransfers.get(pendingTransfers.size() - 1 - step.pickA() % recent);
                return step.pickC() % 2 == 0 ? transfer.debitAccountId() : transfer.creditAccountId();
            }
            return pick(accountIds, step.pickA());
        }

        /** A post (in full) or void of the latest pending transfer, to open a chain that reserves a new one. */
        private Command settleLatest(final Step step) {
            final long pendingId =
                    pendingTransfers.isEmpty() ? UNKNOWN_PENDING_ID : pendingTransfers.getLast().transferId();
            return step.pickB() % 2 == 0 ? Command.PostPending.of(nextCommandId++, pendingId, 0)
                    : Command.VoidPending.of(nextCommandId++, pendingId);
        }

        private long pendingId(final int pick) {
            return pendingTransfers.isEmpty() ? UNKNOWN_PENDING_ID
                    : pendingTransfers.get(pick % pendingTransfers.size()).transferId();
        }

        /** The same command again; half the time a pending transfer, so that some outlive their id's window entry. */
        private Command retry(final Step step) {
            if (step.pickB() % 2 == 0 && !pendingTransfers.isEmpty()) {
                return pendingTransfers.get(step.pickA() % pendingTransfers.size());
            }
            return sent.get(step.pickA() % sent.size());
        }

        /** An earlier command's id with a field changed (for an open: its district, or its tier, which may change). */
        private Command retryChanged(final Step step) {
            final long[] words = words(sent.get(step.pickA() % sent.size()));
            final long header = words[CommandDescriptor.HEADER];
            final int type = CommandDescriptor.type(header);
            if (type == CommandType.OPEN_ACCOUNT.number() && step.pickB() % 2 == 0) {
                final long location = words[LOCATION];
                final int district = CommandDescriptor.district(location) == 0 ? 310_101 : 0;
                words[LOCATION] =
                        CommandDescriptor.location(district, CommandDescriptor.merchantCategory(location));
            } else if (type == CommandType.OPEN_ACCOUNT.number()) {
                final int tier = CommandDescriptor.value(header);
                words[CommandDescriptor.HEADER] = CommandDescriptor.header(type, CommandDescriptor.flags(header),
                        CommandDescriptor.code(header), tier == 0 ? 0 : tier % 4 + 1);
            } else if (type == CommandType.TRANSFER.number() || type == CommandType.POST_PENDING.number()) {
                words[AMOUNT] += 1;
            } else {
                words[USER_DATA] += 1;
            }
            return fromWords(words);
        }

        private WalletSpec walletFromPicks(final Step step) {
            final AccountKind kind = HELD_AT_OPERATOR[step.pickA() % HELD_AT_OPERATOR.length];
            final int parentPick = step.pickC() % 6 == 0 ? step.pickB() : -1;
            final int malformation = step.pickA() % 9 == 0 ? step.pickB() % OPEN_MALFORMATIONS : -1;
            return new WalletSpec(kind, 1 + step.pickB() % 4, step.pickC(), step.pickB() % 5 == 0, step.pickA() / 7,
                    parentPick, malformation, 0);
        }

        /** Opens an account held at an operator; well-formed unless the spec asks for a malformation. */
        private Command openAccount(final WalletSpec wallet) {
            final long id = nextAccountId++;
            final AccountKind kind = wallet.kind();
            final long operator = pick(operators, wallet.operatorPick());
            final long parent = wallet.parentPick() < 0 ? 0 : parentFor(operator, wallet.parentPick());
            final int district = DISTRICTS[wallet.locationPick() % DISTRICTS.length];
            final int merchantCategory = kind == AccountKind.MERCHANT
                    ? MERCHANT_CATEGORIES[wallet.locationPick() % MERCHANT_CATEGORIES.length] : 0;
            final Command.OpenAccount open = new Command.OpenAccount(id, kind.number(), operator,
                    kind.isWallet() ? wallet.tier() : 0, district, merchantCategory, wallet.hard() && kind.isWallet(),
                    parent, wallet.locationPick());
            accountIds.add(id);
            if (wallet.malformation() >= 0) {
                return malformedOpen(open, wallet.malformation());
            }
            accountsByKind.get(kind).add(id);
            heldAtOperator.add(id);
            operatorOf.put(id, operator);
            return open;
        }

        /** Mostly a wallet at the same operator (a valid parent unless not active), else any account at an operator. */
        private long parentFor(final long operator, final int pick) {
            final List<Long> sameOperator = new ArrayList<>();
            for (final long id : heldAtOperator) {
                if (operatorOf.get(id) == operator && !accountsByKind.get(AccountKind.GOVERNMENT).contains(id)) {
                    sameOperator.add(id);
                }
            }
            return pick % 4 == 0 || sameOperator.isEmpty() ? pick(heldAtOperator, pick) : pick(sameOperator, pick);
        }

        private Command malformedOpen(final Command.OpenAccount open, final int variant) {
            return switch (variant % OPEN_MALFORMATIONS) {
                case 0 -> withCode(open, 0);
                case 1 -> withCode(open, 7);
                case 2 -> withValue(open, open.tier() == 0 ? 1 : 0);
                case 3 -> withValue(open, 5);
                case 4 -> withWord(open, LOCATION, CommandDescriptor.location(12_345, open.merchantCategory()));
                case 5 -> withWord(open, LOCATION, CommandDescriptor.location(open.district(), 10_000));
                case 6 -> withWord(open, ACCOUNT, UNKNOWN_ACCOUNT_ID);
                case 7 -> withWord(open, ACCOUNT, CENTRAL_BANK_ID);
                case 8 -> withWord(open, OTHER_ACCOUNT, UNKNOWN_ACCOUNT_ID);
                case 9 -> withWord(open, AMOUNT, 100);
                case 10 -> withFlags(open, FLAG_PENDING);
                default -> withWord(open, ID, 0);
            };
        }

        /** A command that breaks one shape or account rule; which one is {@code pickA}. */
        private Command malformed(final Step step) {
            final Command p2p = transfer(step, TransferCode.P2P, false);
            final long someAccount = pick(accountIds, step.pickB());
            final long someOperator = pick(operators, step.pickB());
            final long bankOrOperator = step.pickB() % 2 == 0 ? CENTRAL_BANK_ID : someOperator;
            final long someWallet = pick(heldAtOperator, step.pickC());
            final long somePending = pendingId(step.pickB());
            final int timeoutTooLong = LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT + 1;
            return switch (step.pickA() % MALFORMATIONS) {
                case 0 -> withWord(p2p, ID, 0);
                case 1, 2 -> withHeader(p2p, UNKNOWN_TYPES[step.pickB() % UNKNOWN_TYPES.length], 0, 0, 0);
                case 3 -> withFlags(p2p, FLAG_HARD_WALLET);
                case 4 -> withWord(p2p, REFERENCE, 7);
                case 5 -> withWord(p2p, LOCATION, 310_101);
                case 6 -> withCode(p2p, step.pickB() % 2 == 0 ? 0 : 99);
                case 7 -> withValue(p2p, 30);
                case 8 -> withValue(withFlags(p2p, FLAG_PENDING), step.pickB() % 2 == 0 ? 0 : -1);
                case 9 -> Command.Transfer.of(nextCommandId++, someWallet, someWallet, 100, TransferCode.P2P);
                case 10 -> withWord(p2p, ACCOUNT, UNKNOWN_ACCOUNT_ID);
                case 11 -> withWord(p2p, OTHER_ACCOUNT, UNKNOWN_ACCOUNT_ID);
                case 12 -> withFlags(new Command.ChangeTier(nextCommandId++, someAccount, 2), FLAG_PENDING);
                case 13 -> withCode(new Command.ChangeTier(nextCommandId++, someAccount, 2), 1);
                case 14 -> withValue(new Command.Freeze(nextCommandId++, someAccount), 1);
                case 15 -> new Command.Unfreeze(nextCommandId++, UNKNOWN_ACCOUNT_ID);
                case 16 -> withWord(post(step), ACCOUNT, someAccount);
                case 17 -> Command.PostPending.of(nextCommandId++, somePending, -5);
                case 18 -> new Command.PostPending(nextCommandId++, somePending, 0, FLAG_PENDING, 0);
                case 19 -> withWord(Command.VoidPending.of(nextCommandId++, somePending), AMOUNT, 5);
                case 20 -> Command.VoidPending.of(nextCommandId++, 0);
                case 21 -> openNew(AccountKind.CENTRAL_BANK, 0, 0, 0);
                case 22 -> openNew(AccountKind.OPERATOR_RESERVE, someOperator, 0, 0);
                case 23 -> openNew(AccountKind.OPERATOR_RESERVE, 0, 2, 0);
                case 24 -> openNew(AccountKind.GOVERNMENT, operatorOf.getOrDefault(someWallet, someOperator), 0,
                        someWallet);
                case 25 -> openNew(AccountKind.PERSONAL, someOperator, 3, someWallet);
                case 26 -> openNew(AccountKind.PERSONAL, someWallet, 3, 0);
                case 27 -> withFlags(openNew(AccountKind.OPERATOR_RESERVE, 0, 0, 0), FLAG_HARD_WALLET);
                case 28 -> withWord(openNew(AccountKind.PERSONAL, someOperator, 4, 0), REFERENCE, 1);
                case 29 -> malformedOpen(openNew(AccountKind.PERSONAL, someOperator, 2, 0), step.pickB());
                case 30 -> openNew(AccountKind.MERCHANT, someOperator, 4, 0);
                case 31 -> new Command.ChangeTier(nextCommandId++, bankOrOperator, 1);
                case 32 -> new Command.Freeze(nextCommandId++, bankOrOperator);
                case 33 -> withValue(withFlags(p2p, FLAG_PENDING), timeoutTooLong);
                case 34 -> withWord(p2p, AMOUNT, step.pickB() % 2 == 0 ? 0 : -step.pickB());
                default -> withWord(new Command.Close(nextCommandId++, someAccount), OTHER_ACCOUNT, 1);
            };
        }

        /** An open of a new id, with district and merchant category 0 (so that a merchant is refused). */
        private Command.OpenAccount openNew(final AccountKind kind, final long operator, final int tier,
                                            final long parent) {
            final long id = nextAccountId++;
            accountIds.add(id);
            return new Command.OpenAccount(id, kind.number(), operator, tier, 0, 0, false, parent, 0);
        }

        private static long pick(final List<Long> ids, final int pick) {
            return ids.isEmpty() ? UNKNOWN_ACCOUNT_ID : ids.get(pick % ids.size());
        }

        /** Like {@link #pick}, but not {@code avoid} when the list has another id. */
        private static long pickOther(final List<Long> ids, final int pick, final long avoid) {
            final long picked = pick(ids, pick);
            return picked == avoid && ids.size() > 1 ? ids.get((pick + 1) % ids.size()) : picked;
        }
    }
}
