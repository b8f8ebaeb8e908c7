package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.command.Command.AddCampaignRule;
import org.tongbao.engine.command.Command.ApplyForLoan;
import org.tongbao.engine.command.Command.CloseCampaign;
import org.tongbao.engine.command.Command.CreateCampaign;
import org.tongbao.engine.command.Command.DecideLoanApplication;
import org.tongbao.engine.command.Command.DefineLoanProduct;
import org.tongbao.engine.command.Command.DisburseLoan;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.GrantCampaignFunds;
import org.tongbao.engine.command.Command.LockEscrow;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.ProfileEnterprise;
import org.tongbao.engine.command.Command.RefundEscrow;
import org.tongbao.engine.command.Command.ReleaseEscrow;
import org.tongbao.engine.command.Command.RepayLoan;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.Command.VoidPending;
import org.tongbao.engine.command.Command.WithdrawLoanApplication;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.credit.LoanApplicationStatus;
import org.tongbao.engine.credit.LoanApplicationView;
import org.tongbao.engine.credit.LoanView;
import org.tongbao.engine.escrow.EscrowView;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.incentive.CampaignView;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * Seeded random histories of programmable money and credit for {@link ProgrammableMoneyHistoryTest}:
 * payments of every kind mixed with campaigns, rules, grants, eligible and ineligible merchant
 * payments, escrows, loan applications (submitted, approved, declined, withdrawn, lapsed),
 * loans and repayments, freezes, retries, and time jumps across days,
 * campaign window ends, escrow deadlines and loan due days, over simulated months. A history is
 * generated against a ledger, one batch at a time, so that most commands are plausible (they
 * name campaigns, escrows and loans that exist) and some are not; after every batch the
 * generator checks the books and records the batch's results, an events digest and the state
 * hash. The same seed always gives the same history.
 * Test thread only.
 */
final class ProgrammableMoneyHistories {
    static final int COMMANDS_PER_HISTORY = 300;
    private static final HexFormat HEX = HexFormat.of();

    private ProgrammableMoneyHistories() {
    }

    record Batch(long timestampMs, List<Command> commands) {
    }

    /** What a batch gave: results, a digest of its event rows, the state hash after it (hex). */
    record Outcome(List<ResultCode> results, long eventsDigest, String stateHash) {
    }

    record History(long seed, LedgerConfig config, List<Batch> batches, List<Outcome> outcomes) {
    }

    /**
     * The history of {@code seed}, checked batch by batch; adds to {@code movementsSeen} each
     * engine-made movement it meets ("CAMPAIGN_SPEND by a command", "ESCROW_RELEASE at batch time").
     */
    static History generate(final long seed, final Set<String> movementsSeen) {
        return new Generator(seed, movementsSeen).run();
    }

    static String hex(final byte[] hash) {
        return HEX.formatHex(hash);
    }

    // ------------------------------------------------------------------------------------
    // Applying batches
    // ------------------------------------------------------------------------------------

    /** Applies batches to one ledger and reads what each gave. */
    static final class Runner {
        private final Ledger ledger;
        private final CommandBatch batch;
        private final BatchOutcome outcome;

        Runner(final LedgerConfig config, final Ledger ledger) {
            this.ledger = ledger;
            this.batch = new CommandBatch(config.batchMax());
            this.outcome = new BatchOutcome(config.batchMax());
        }

        Ledger ledger() {
            return ledger;
        }

        LedgerEvents apply(final Batch next) {
            batch.clear();
            for (final Command command : next.commands()) {
                command.appendTo(batch);
            }
            ledger.apply(ledger.sequence() + 1, next.timestampMs(), batch, outcome);
            return outcome.events();
        }

        Outcome outcome() {
            final List<ResultCode> results = new ArrayList<>(outcome.count());
            for (int index = 0; index < outcome.count(); index++) {
                results.add(outcome.result(index));
            }
            return new Outcome(List.copyOf(results), eventsDigest(), hex(ledger.stateHash()));
        }

        /** Every column of every row, account indexes as ids, folded into one number. */
        private long eventsDigest() {
            final LedgerEvents events = outcome.events();
            long digest = events.count();
            for (int row = 0; row < events.count(); row++) {
                final long[] columns = {events.typeNumber(row), events.commandIndex(row), events.id(row),
                    events.reference(row), idOrZero(events.debitIndex(row)), idOrZero(events.creditIndex(row)),
                    events.amountFen(row), events.code(row), events.userData(row)};
                for (final long column : columns) {
                    digest = digest * 1_000_003 + Long.hashCode(column) + column;
                }
            }
            return digest;
        }

        private long idOrZero(final int index) {
            return index < 0 ? 0 : ledger.accountId(index);
        }
    }

    // ------------------------------------------------------------------------------------
    // The generator, which also checks the books after every batch
    // ------------------------------------------------------------------------------------

    /**
     * Draws one history from its seed against a ledger, checking after every batch. The economy:
     * a central bank, two operators, two government bodies, eight personal wallets (tiers 1-4),
     * three corporate wallets and six merchants in three districts and four categories.
     */
    private static final class Generator {
        private static final long CENTRAL_BANK = 1;
        private static final long[] OPERATORS = {11, 12};
        private static final long[] GOVERNMENTS = {31, 32};
        private static final long[] PERSONAL = {101, 102, 103, 104, 105, 106, 107, 108};
        private static final int[] PERSONAL_TIERS = {1, 1, 2, 3, 4, 1, 2, 4};
        private static final long[] CORPORATE = {201, 202, 203};
        private static final long[] MERCHANTS = {301, 302, 303, 304, 305, 306};
        private static final int[] CATEGORIES = {5411, 5812, 5411, 5813, 5812, 4111};
        private static final int[] DISTRICTS = {320508, 320508, 310101, 440305, 310101, 320508};
        private static final long[] PAYERS = {101, 102, 103, 104, 105, 106, 107, 108, 201, 202, 203, 31};
        private static final long[] EARMARK_HOLDERS = {101, 102, 103, 104, 105, 106, 107, 108, 201, 202, 203};
        private static final long[] ENTERPRISES = {201, 202, 203, 301, 302, 303, 304, 305, 306};
        private static final long[] HELD_AT_OPERATOR = {101, 102, 103, 104, 105, 106, 107, 108, 201, 202, 203, 301, 302,
            303, 304, 305, 306, 31, 32};
        private static final long UNKNOWN = 9_999;
        private static final long OPERATOR_FLOAT_FEN = 100_000_000_000L;
        private static final long MINUTE_MS = 60_000;
        private static final long HOUR_MS = 60 * MINUTE_MS;
        private static final long DAY_MS = 24 * HOUR_MS;
        private static final long[] STARTS_MS = {LedgerFixture.shanghai("2023-06-15T10:00:00"),
            LedgerFixture.shanghai("2023-12-30T20:00:00"), LedgerFixture.shanghai("2024-02-27T23:00:00")};

        private final long seed;
        private final SplittableRandom random;
        private final LedgerConfig config;
        private final Runner runner;
        private final Ledger ledger;
        private final List<Batch> batches = new ArrayList<>();
        private final List<Outcome> outcomes = new ArrayList<>();
        private final Map<Long, Long> operatorOf = new HashMap<>();
        /** Campaigns, escrows, loans, products and profiled enterprises that exist, in order of creation. */
        private final List<Long> campaigns = new ArrayList<>();
        private final List<Long> escrows = new ArrayList<>();
        private final List<Long> loans = new ArrayList<>();
        private final List<Long> applications = new ArrayList<>();
        private final List<Long> products = new ArrayList<>();
        private final List<Long> profiled = new ArrayList<>();
        /** Place rules each campaign was given (kind number to values): a reference for where earmarks may go. */
        private final Map<Long, Map<Integer, Set<Long>>> placeRules = new HashMap<>();
        /** The command that created each loan (a disbursement or an approval), product and application, to send again later. */
        private final Map<Long, Command> createdBy = new HashMap<>();
        private final List<Long> pendingIds = new ArrayList<>();
        private final List<Command> sent = new ArrayList<>();
        /** Rows summed by (reference, transfer code) and LOAN_REPAID events by loan: checked against the views. */
        private final Map<Long, long[]> rowSums = new HashMap<>();
        private final Map<Long, Integer> repaidEvents = new HashMap<>();
        /** The closing event (approved, declined, withdrawn, lapsed) of each application, and how many it had. */
        private final Map<Long, Long> closedByLoanOrReason = new HashMap<>();
        private final Map<Long, EventType> closedBy = new HashMap<>();
        private final Map<Long, Integer> closingEvents = new HashMap<>();
        private long batchMs;
        private long nextCommandId = 1_000_000;
        private long nextCampaignId = 50_000;
        private long nextEscrowId = 60_000;
        private long nextLoanId = 70_000;
        private long nextProductId = 80_000;
        private long nextApplicationId = 90_000;
        private long circulationFen;

        private final Set<String> movementsSeen;

        Generator(final long seed, final Set<String> movementsSeen) {
            this.seed = seed;
            this.movementsSeen = movementsSeen;
            this.random = new SplittableRandom(seed);
            final WalletLimits limits = seed % 2 == 0 ? WalletLimits.defaults() : CommandGenerators.TIGHT_LIMITS;
            final int generation = seed % 4 == 1 ? 8 : 4_096;
            final int lapseDays = seed % 3 == 0 ? 30 : 1 + (int) (seed % 7);
            this.config = new LedgerConfig(512, 32, 32, 3 * 24 * 3_600, generation, 64, limits, lapseDays);
            this.ledger = new Ledger(config);
            this.runner = new Runner(config, ledger);
        }

        History run() {
            batchMs = STARTS_MS[random.nextInt(STARTS_MS.length)];
            setUp();
            int commands = 0;
            while (commands < COMMANDS_PER_HISTORY) {
                advanceTime();
                final List<Command> batch = new ArrayList<>();
                final int size = 1 + random.nextInt(8);
                for (int i = 0; i < size; i++) {
                    batch.addAll(nextCommands());
                }
                commands += batch.size();
                applyAndCheck(batch);
            }
            return new History(seed, config, List.copyOf(batches), List.copyOf(outcomes));
        }

        private void setUp() {
            final List<Command> open = new ArrayList<>();
            open.add(OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0));
            for (final long operator : OPERATORS) {
                open.add(OpenAccount.of(operator, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
            }
            for (int i = 0; i < GOVERNMENTS.length; i++) {
                open.add(openHeld(GOVERNMENTS[i], AccountKind.GOVERNMENT, OPERATORS[i], 0, 320508, 0));
            }
            for (int i = 0; i < PERSONAL.length; i++) {
                open.add(openHeld(PERSONAL[i], AccountKind.PERSONAL, OPERATORS[i % 2], PERSONAL_TIERS[i], 320508, 0));
            }
            for (final long corporate : CORPORATE) {
                open.add(openHeld(corporate, AccountKind.CORPORATE, OPERATORS[0], 1, 320508, 0));
            }
            for (int i = 0; i < MERCHANTS.length; i++) {
                open.add(openHeld(MERCHANTS[i], AccountKind.MERCHANT, OPERATORS[i % 2], 1, DISTRICTS[i], CATEGORIES[i]));
            }
            for (final long operator : OPERATORS) {
                open.add(Transfer.of(commandId(), CENTRAL_BANK, operator, OPERATOR_FLOAT_FEN, TransferCode.ISSUANCE));
            }
            applyAndCheck(open);
            circulationFen = ledger.circulationFen();
            final List<Command> funding = new ArrayList<>();
            for (final long government : GOVERNMENTS) {
                funding.add(exchangeIn(government, 500_000_000));
            }
            for (final long corporate : CORPORATE) {
                funding.add(exchangeIn(corporate, 5_000_000));
            }
            for (final long personal : PERSONAL) {
                funding.add(exchangeIn(personal, 20_000));
            }
            batchMs += 1_000;
            applyAndCheck(funding);
            assertThat(outcomes.get(1).results()).as("seed %d: set-up", seed).containsOnly(ResultCode.OK);
        }

        private OpenAccount openHeld(final long id, final AccountKind kind, final long operator, final int tier,
                                     final int district, final int category) {
            operatorOf.put(id, operator);
            return OpenAccount.of(id, kind, operator, tier, district, category);
        }

        // ---- time ----

        private void advanceTime() {
            final int draw = random.nextInt(100);
            final long next;
            if (draw < 40) {
                next = batchMs + random.nextLong(0, 10_000);
            } else if (draw < 60) {
                next = batchMs + random.nextLong(MINUTE_MS, 2 * HOUR_MS);
            } else if (draw < 80) {
                next = nextMidnight(batchMs) + random.nextLong(0, 10 * HOUR_MS);
            } else if (draw < 88) {
                next = batchMs + random.nextLong(2 * DAY_MS, 20 * DAY_MS);
            } else if (draw < 93) {
                next = Math.max(batchMs, campaignWindowEnd() - random.nextLong(0, 2));
            } else if (draw < 97) {
                next = Math.max(batchMs, escrowDeadline());
            } else {
                next = Math.max(batchMs, loanDueMidnight() - random.nextLong(0, 2));
            }
            batchMs = next;
        }

        private static long nextMidnight(final long ms) {
            return (ShanghaiCalendar.epochDay(ms) + 1L) * DAY_MS - ShanghaiCalendar.OFFSET_MS;
        }

        private long campaignWindowEnd() {
            final Long id = pickOrNull(campaigns);
            final CampaignView view = id == null ? null : ledger.campaign(id);
            return view == null ? batchMs : view.validUntilMs();
        }

        private long escrowDeadline() {
            final Long id = pickOrNull(escrows);
            final EscrowView view = id == null ? null : ledger.escrow(id);
            return view == null ? batchMs : view.deadlineMs();
        }

        private long loanDueMidnight() {
            final Long id = pickOrNull(loans);
            final LoanView view = id == null ? null : ledger.loan(id);
            return view == null || view.nextDueDay() < 0 ? batchMs
                    : view.nextDueDay() * DAY_MS - ShanghaiCalendar.OFFSET_MS;
        }

        // ---- commands ----

        private List<Command> nextCommands() {
            final int draw = random.nextInt(100);
            final Command command;
            if (draw < 8) {
                command = transfer(pick(PERSONAL), pick(PERSONAL), amount(), TransferCode.P2P);
            } else if (draw < 24) {
                command = transfer(pick(PAYERS), pick(MERCHANTS), amount(), TransferCode.MERCHANT_PAYMENT);
            } else if (draw < 32) {
                command = fund();
            } else if (draw < 34) {
                final long wallet = pick(HELD_AT_OPERATOR);
                command = transfer(wallet, operatorOf.get(wallet), amount(), TransferCode.EXCHANGE_OUT);
            } else if (draw < 36) {
                command = transfer(pick(ENTERPRISES), pick(ENTERPRISES), amount(), TransferCode.B2B);
            } else if (draw < 39) {
                command = pendingOrResolve();
            } else if (draw < 41) {
                return List.of(transfer(pick(PAYERS), pick(MERCHANTS), amount(), TransferCode.MERCHANT_PAYMENT).linked(),
                        transfer(pick(PERSONAL), pick(PERSONAL), amount(), TransferCode.P2P));
            } else if (draw < 45) {
                command = createCampaign();
            } else if (draw < 50) {
                command = campaignRule();
            } else if (draw < 59) {
                command = grant();
            } else if (draw < 61) {
                command = new CloseCampaign(commandId(), campaignOrUnknown(), 0);
            } else if (draw < 66) {
                command = lockEscrow();
            } else if (draw < 72) {
                command = settleEscrow();
            } else if (draw < 74) {
                command = profile();
            } else if (draw < 76) {
                command = product();
            } else if (draw < 79) {
                command = disburse();
            } else if (draw < 85) {
                return loans.isEmpty() ? List.of(disburse()) : repay();
            } else if (draw < 87) {
                command = drain();
            } else if (draw < 89) {
                command = freezeOrUnfreeze();
            } else if (draw < 91 && !sent.isEmpty()) {
                command = sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 40)));
            } else if (draw < 96) {
                command = application();
            } else {
                command = transfer(pick(EARMARK_HOLDERS), pick(MERCHANTS), random.nextLong(1, 3_000),
                        TransferCode.MERCHANT_PAYMENT);
            }
            return List.of(command);
        }

        private Command fund() {
            final long wallet = random.nextInt(3) == 0 ? pick(ENTERPRISES) : pick(HELD_AT_OPERATOR);
            return exchangeIn(wallet, random.nextInt(4) == 0 ? random.nextLong(100_000, 3_000_000) : amount());
        }

        private Command exchangeIn(final long wallet, final long amountFen) {
            return transfer(operatorOf.get(wallet), wallet, amountFen, TransferCode.EXCHANGE_IN);
        }

        private Transfer transfer(final long debit, final long credit, final long amountFen, final TransferCode code) {
            return Transfer.of(commandId(), debit, credit, amountFen, code);
        }

        private Command pendingOrResolve() {
            if (!pendingIds.isEmpty() && random.nextBoolean()) {
                final long pendingId = pendingIds.remove(random.nextInt(pendingIds.size()));
                return random.nextBoolean() ? PostPending.of(commandId(), pendingId, random.nextInt(3) == 0 ? 1 : 0)
                        : VoidPending.of(commandId(), pendingId);
            }
            final Transfer pending = Transfer.pending(commandId(), pick(PAYERS), pick(MERCHANTS), amount(),
                    TransferCode.MERCHANT_PAYMENT, random.nextInt(60, 2 * 24 * 3_600));
            pendingIds.add(pending.transferId());
            return pending;
        }

        private Command createCampaign() {
            final long id = nextCampaignId++;
            final long until = batchMs + random.nextLong(HOUR_MS, 40 * DAY_MS);
            final long from = random.nextInt(4) == 0 ? batchMs + random.nextLong(1, until - batchMs)
                    : batchMs - random.nextLong(0, 3 * DAY_MS);
            final long budget = random.nextLong(10_000, 5_000_000);
            return switch (random.nextInt(16)) {
                case 0 -> new CreateCampaign(id, pick(GOVERNMENTS), budget, from, batchMs, 0);
                case 1 -> new CreateCampaign(id, pick(GOVERNMENTS), budget, until, from, 0);
                case 2 -> new CreateCampaign(id, pick(CORPORATE), budget, from, until, 0);
                case 3 -> new CreateCampaign(pick(HELD_AT_OPERATOR), pick(GOVERNMENTS), budget, from, until, 0);
                case 4 -> new CreateCampaign(id, pick(GOVERNMENTS), 1_000_000_000_000L, from, until, 0);
                default -> new CreateCampaign(id, pick(GOVERNMENTS), budget, from, until, 0);
            };
        }

        private Command campaignRule() {
            final int rule = 1 + random.nextInt(6);
            final long value = switch (rule) {
                case 1 -> CATEGORIES[random.nextInt(CATEGORIES.length)];
                case 2 -> DISTRICTS[random.nextInt(DISTRICTS.length)];
                case 3 -> pick(MERCHANTS);
                case 4 -> random.nextLong(100, 20_000);
                case 5 -> random.nextLong(100, 10_000);
                default -> random.nextLong(1_000, 50_000);
            };
            return switch (random.nextInt(12)) {
                case 0 -> new AddCampaignRule(commandId(), campaignOrUnknown(), random.nextBoolean() ? 0 : 7, value, 0);
                case 1 -> new AddCampaignRule(commandId(), campaignOrUnknown(), rule, rule == 3 ? pick(PERSONAL) : 0, 0);
                default -> new AddCampaignRule(commandId(), recentCampaign(), rule, value, 0);
            };
        }

        private Command grant() {
            final int draw = random.nextInt(20);
            final long wallet = draw == 0 ? pick(MERCHANTS) : draw == 1 ? pick(GOVERNMENTS)
                    : draw == 2 ? UNKNOWN : pick(EARMARK_HOLDERS);
            final long amountFen = random.nextInt(25) == 0 ? 10_000_000 : random.nextLong(100, 20_000);
            return new GrantCampaignFunds(commandId(), random.nextInt(4) == 0 ? campaignOrUnknown() : recentCampaign(),
                    wallet, amountFen, 0);
        }

        /** Mostly a campaign still open, else one of the last few created. */
        private long recentCampaign() {
            if (campaigns.isEmpty()) {
                return UNKNOWN;
            }
            if (random.nextInt(5) > 0) {
                final List<Long> open = new ArrayList<>();
                for (final long id : campaigns) {
                    final CampaignView view = ledger.campaign(id);
                    if (view.status().equals("OPEN") && view.validUntilMs() > batchMs) {
                        open.add(id);
                    }
                }
                if (!open.isEmpty()) {
                    return open.get(random.nextInt(open.size()));
                }
            }
            return campaigns.get(campaigns.size() - 1 - random.nextInt(Math.min(campaigns.size(), 4)));
        }

        private long campaignOrUnknown() {
            return campaigns.isEmpty() || random.nextInt(10) == 0 ? UNKNOWN
                    : campaigns.get(random.nextInt(campaigns.size()));
        }

        private Command lockEscrow() {
            final long id = nextEscrowId++;
            final long payer = pick(PAYERS);
            long beneficiary = pick(HELD_AT_OPERATOR);
            while (beneficiary == payer) {
                beneficiary = pick(HELD_AT_OPERATOR);
            }
            final long authorised = random.nextBoolean() ? 0 : pick(GOVERNMENTS) == payer ? 0 : pick(GOVERNMENTS);
            final long deadline = batchMs + random.nextLong(MINUTE_MS, 20 * DAY_MS);
            final int action = 1 + random.nextInt(2);
            final long amountFen = amount();
            return switch (random.nextInt(16)) {
                case 0 -> new LockEscrow(id, payer, beneficiary, amountFen, authorised, deadline,
                        random.nextBoolean() ? 0 : 3, 0);
                case 1 -> new LockEscrow(id, payer, beneficiary, amountFen, authorised, batchMs, action, 0);
                case 2 -> new LockEscrow(pick(HELD_AT_OPERATOR), payer, beneficiary, amountFen, authorised, deadline,
                        action, 0);
                case 3 -> new LockEscrow(id, payer, random.nextBoolean() ? payer : pick(OPERATORS), amountFen, authorised,
                        deadline, action, 0);
                case 4 -> new LockEscrow(id, payer, beneficiary, amountFen, UNKNOWN, deadline, action, 0);
                default -> new LockEscrow(id, payer, beneficiary, amountFen, authorised, deadline, action, 0);
            };
        }

        private Command settleEscrow() {
            final long id = escrows.isEmpty() || random.nextInt(15) == 0 ? UNKNOWN : recentEscrow();
            final EscrowView view = ledger.escrow(id);
            final boolean release = random.nextBoolean();
            final long party;
            if (view == null || random.nextInt(4) == 0) {
                party = pick(HELD_AT_OPERATOR);
            } else if (view.authorisedId() != 0 && random.nextInt(3) == 0) {
                party = view.authorisedId();
            } else {
                party = release ? view.payerId() : view.beneficiaryId();
            }
            final long left = view == null ? 1_000 : view.remainingFen();
            final int draw = random.nextInt(10);
            final long amountFen = draw < 4 ? 0 : draw < 8 ? random.nextLong(1, Math.max(2, left + 1))
                    : draw < 9 ? left + random.nextLong(1, 1_000) : -1;
            return release ? new ReleaseEscrow(commandId(), id, party, amountFen, 0)
                    : new RefundEscrow(commandId(), id, party, amountFen, 0);
        }

        /** Mostly an escrow with funds left, else one of the last few locked. */
        private long recentEscrow() {
            if (random.nextInt(4) > 0) {
                final List<Long> open = new ArrayList<>();
                for (final long id : escrows) {
                    if (ledger.escrow(id).status().equals("OPEN")) {
                        open.add(id);
                    }
                }
                if (!open.isEmpty()) {
                    return open.get(random.nextInt(open.size()));
                }
            }
            return escrows.get(escrows.size() - 1 - random.nextInt(Math.min(escrows.size(), 8)));
        }

        private Command profile() {
            final int draw = random.nextInt(20);
            final long account = draw == 0 ? pick(PERSONAL) : draw == 1 ? pick(GOVERNMENTS) : draw == 2 ? UNKNOWN
                    : pick(ENTERPRISES);
            final int size = draw == 3 ? 5 * random.nextInt(2) : 1 + random.nextInt(4);
            final int sector = draw == 4 ? 10_000 * random.nextInt(2) : 1 + random.nextInt(9_999);
            return new ProfileEnterprise(commandId(), account, size, sector, 0);
        }

        private Command product() {
            if (!products.isEmpty() && random.nextInt(8) == 0) {
                return createdBy.get(products.get(random.nextInt(products.size())));
            }
            final long id = nextProductId++;
            final int term = 1 + random.nextInt(9);
            final int grace = random.nextInt(Math.min(3, term));
            final int rate = random.nextInt(2_401);
            final int penalty = random.nextInt(10_001);
            final int method = 1 + random.nextInt(2);
            final int day = 1 + random.nextInt(28);
            return switch (random.nextInt(12)) {
                case 0 -> new DefineLoanProduct(id, pick(OPERATORS), rate, penalty, term, term, method, day, 0);
                case 1 -> new DefineLoanProduct(id, pick(OPERATORS), 10_001, penalty, term, grace, method,
                        29 * random.nextInt(2), 0);
                case 2 -> new DefineLoanProduct(id, pick(CORPORATE), rate, penalty, term, grace, method, day, 0);
                default -> new DefineLoanProduct(id, pick(OPERATORS), rate, penalty, term, grace, method, day, 0);
            };
        }

        private Command disburse() {
            if (!loans.isEmpty() && random.nextInt(8) == 0) {
                return createdBy.get(loans.get(random.nextInt(loans.size())));
            }
            final long id = nextLoanId++;
            final long product = products.isEmpty() || random.nextInt(15) == 0 ? UNKNOWN
                    : products.get(products.size() - 1 - random.nextInt(Math.min(products.size(), 4)));
            final int draw = random.nextInt(12);
            final long borrower = draw == 0 ? pick(PERSONAL) : draw < 3 || profiled.isEmpty() ? pick(ENTERPRISES)
                    : profiled.get(random.nextInt(profiled.size()));
            final long principal = random.nextInt(20) == 0 ? 0 : random.nextLong(10_000, 2_000_000);
            return new DisburseLoan(id, product, borrower, principal, 0);
        }

        /** An application, a decision on one or a withdrawal: mostly plausible, sometimes not. */
        private Command application() {
            final int draw = random.nextInt(10);
            if (draw < 4 || applications.isEmpty()) {
                return apply();
            }
            return draw < 8 ? decide() : withdraw();
        }

        private Command apply() {
            if (!applications.isEmpty() && random.nextInt(10) == 0) {
                return createdBy.get(applications.get(random.nextInt(applications.size())));
            }
            final int draw = random.nextInt(16);
            final long applicant = draw == 0 ? pick(PERSONAL) : draw == 1 ? UNKNOWN : draw < 4 || profiled.isEmpty()
                    ? pick(ENTERPRISES) : profiled.get(random.nextInt(profiled.size()));
            final List<Long> ownProducts = new ArrayList<>();
            for (final long product : products) {
                if (((DefineLoanProduct) createdBy.get(product)).lenderId() == operatorOf.getOrDefault(applicant, 0L)) {
                    ownProducts.add(product);
                }
            }
            final long product = products.isEmpty() || random.nextInt(15) == 0 ? UNKNOWN
                    : ownProducts.isEmpty() || random.nextInt(6) == 0 ? products.get(random.nextInt(products.size()))
                    : ownProducts.get(ownProducts.size() - 1 - random.nextInt(Math.min(ownProducts.size(), 4)));
            final DefineLoanProduct terms = (DefineLoanProduct) createdBy.get(product);
            final int term = terms == null ? 1 + random.nextInt(9) : terms.termMonths() + (random.nextInt(12) == 0 ? 1 : 0);
            final long amountFen = random.nextInt(20) == 0 ? 0 : random.nextLong(10_000, 2_000_000);
            final int purpose = random.nextInt(20) == 0 ? 7 * random.nextInt(2) : 1 + random.nextInt(6);
            return new ApplyForLoan(nextApplicationId++, applicant, product, amountFen, term, purpose, 0);
        }

        private Command decide() {
            final long id = random.nextInt(15) == 0 ? UNKNOWN
                    : applications.get(applications.size() - 1 - random.nextInt(Math.min(applications.size(), 6)));
            final LoanApplicationView view = ledger.loanApplication(id);
            final long lender = view != null && random.nextInt(8) > 0 ? view.lenderId() : pick(OPERATORS);
            final int draw = random.nextInt(20);
            if (draw < 12) {
                final long loanId = draw == 0 ? 0 : draw == 1 && !loans.isEmpty() ? pick(loans) : nextLoanId++;
                return new DecideLoanApplication(commandId(), id, lender, DecideLoanApplication.APPROVE, loanId,
                        draw == 2 ? 1 : 0, 0);
            }
            final int reason = draw == 12 ? 7 * random.nextInt(2) : 1 + random.nextInt(6);
            return new DecideLoanApplication(commandId(), id, lender, draw == 13 ? 3 : DecideLoanApplication.DECLINE,
                    draw == 14 ? nextLoanId++ : 0, reason, 0);
        }

        private Command withdraw() {
            final long id = random.nextInt(15) == 0 ? UNKNOWN
                    : applications.get(applications.size() - 1 - random.nextInt(Math.min(applications.size(), 6)));
            final LoanApplicationView view = ledger.loanApplication(id);
            final long operator = view != null && random.nextInt(6) > 0 ? operatorOf.get(view.applicantId())
                    : random.nextInt(4) == 0 ? pick(CORPORATE) : pick(OPERATORS);
            return new WithdrawLoanApplication(commandId(), id, operator, 0);
        }

        private long pick(final List<Long> ids) {
            return ids.get(random.nextInt(ids.size()));
        }

        /**
         * A repayment of a recent loan: what is due, part of what is owed, all of it, one fen
         * more, or any amount; arrears are sometimes paid with funds sent in the same batch.
         */
        private List<Command> repay() {
            final long id = loans.isEmpty() || random.nextInt(15) == 0 ? UNKNOWN
                    : loans.get(loans.size() - 1 - random.nextInt(Math.min(loans.size(), 6)));
            final LoanView view = ledger.loan(id);
            if (view == null) {
                return List.of(new RepayLoan(commandId(), id, random.nextLong(1, 100_000), 0));
            }
            if (view.dueFen() > 0 && random.nextBoolean()) {
                return List.of(exchangeIn(view.borrowerId(), view.dueFen()),
                        new RepayLoan(commandId(), id, view.dueFen(), 0));
            }
            final long owed = view.penaltyFen() + view.dueInterestFen() + view.balanceFen();
            final int draw = random.nextInt(10);
            final long amountFen = draw < 3 && view.dueFen() > 0 ? view.dueFen()
                    : draw < 6 ? random.nextLong(1, Math.max(2, owed))
                    : draw < 8 ? Math.max(1, owed)
                    : draw < 9 ? owed + 1 : random.nextLong(1, 10_000);
            return List.of(new RepayLoan(commandId(), id, amountFen, 0));
        }

        /**
         * An enterprise, usually a recent borrower, exchanges all it can pay freely out to its
         * operator, so that its next instalment falls into arrears.
         */
        private Command drain() {
            final LoanView loan = loans.isEmpty() ? null
                    : ledger.loan(loans.get(loans.size() - 1 - random.nextInt(Math.min(loans.size(), 4))));
            final long enterprise = loan != null && random.nextInt(4) > 0 ? loan.borrowerId() : pick(ENTERPRISES);
            final long free = ledger.account(enterprise).availableFen();
            return transfer(enterprise, operatorOf.get(enterprise), Math.max(1, free), TransferCode.EXCHANGE_OUT);
        }

        /** Freezes an account, or (more often when some are frozen) unfreezes one, so freezes come and go. */
        private Command freezeOrUnfreeze() {
            final List<Long> frozen = new ArrayList<>();
            for (final long id : HELD_AT_OPERATOR) {
                if (ledger.account(id).status() == AccountStatus.FROZEN) {
                    frozen.add(id);
                }
            }
            if (!frozen.isEmpty() && random.nextInt(3) > 0) {
                return new Unfreeze(commandId(), frozen.get(random.nextInt(frozen.size())));
            }
            final long account = random.nextInt(3) == 0 ? pick(EARMARK_HOLDERS) : pick(HELD_AT_OPERATOR);
            final AccountView view = ledger.account(account);
            return view.status() == AccountStatus.FROZEN ? new Unfreeze(commandId(), account)
                    : new Freeze(commandId(), account);
        }

        private long amount() {
            final int draw = random.nextInt(10);
            return draw < 7 ? random.nextLong(1, 20_000) : draw < 9 ? random.nextLong(20_000, 200_000)
                    : random.nextLong(200_000, 5_000_000);
        }

        private long commandId() {
            return nextCommandId++;
        }

        private long pick(final long[] ids) {
            return ids[random.nextInt(ids.length)];
        }

        private Long pickOrNull(final List<Long> ids) {
            return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
        }

        // ---- applying and checking ----

        private void applyAndCheck(final List<Command> commands) {
            final Batch batch = new Batch(batchMs, List.copyOf(commands));
            batches.add(batch);
            final int batchNumber = batches.size();
            if (batchNumber > 2) {
                sent.addAll(commands);
            }
            final String where = "seed " + seed + ", batch " + batchNumber + " at " + batchMs + " ms: " + commands;
            final Balances before = Balances.of(ledger);
            final LedgerEvents events;
            try {
                events = runner.apply(batch);
            } catch (final RuntimeException bug) {
                throw new AssertionError(where + " threw " + bug, bug);
            }
            final Outcome outcome = runner.outcome();
            outcomes.add(outcome);
            remember(commands, outcome.results());
            assertThat(ledger.checkInvariants()).as("invariants, %s", where).isEmpty();
            if (batchNumber > 1) {
                assertThat(ledger.circulationFen()).as("circulation, %s", where).isEqualTo(circulationFen);
            }
            checkMovements(before, Balances.of(ledger), events, where);
            checkCampaignSpends(commands, events, where);
            checkBooks(where);
            checkApplications(where);
        }

        /** Adds what the batch created to the ids later commands name. */
        private void remember(final List<Command> commands, final List<ResultCode> results) {
            for (int index = 0; index < commands.size(); index++) {
                if (results.get(index) != ResultCode.OK) {
                    continue;
                }
                final Command command = commands.get(index);
                switch (command) {
                    case CreateCampaign create -> addOnce(campaigns, create.campaignId());
                    case AddCampaignRule rule when rule.rule() <= 3 -> placeRules.computeIfAbsent(rule.campaignId(),
                            id -> new HashMap<>()).computeIfAbsent(rule.rule(), kind -> new TreeSet<>()).add(rule.value());
                    case LockEscrow lock -> addOnce(escrows, lock.escrowId());
                    case ProfileEnterprise profile -> addOnce(profiled, profile.accountId());
                    case DefineLoanProduct product -> {
                        addOnce(products, product.productId());
                        createdBy.putIfAbsent(product.productId(), product);
                    }
                    case DisburseLoan loan -> {
                        addOnce(loans, loan.loanId());
                        createdBy.putIfAbsent(loan.loanId(), loan);
                    }
                    case ApplyForLoan application -> {
                        addOnce(applications, application.applicationId());
                        createdBy.putIfAbsent(application.applicationId(), application);
                    }
                    case DecideLoanApplication decision when decision.decision() == DecideLoanApplication.APPROVE -> {
                        addOnce(loans, decision.loanId());
                        createdBy.putIfAbsent(decision.loanId(), decision);
                    }
                    default -> {
                    }
                }
            }
        }

        private static void addOnce(final List<Long> ids, final long id) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }

        /** Every balance change and every earmark change is explained by the batch's rows. */
        private void checkMovements(final Balances before, final Balances after, final LedgerEvents events,
                                    final String where) {
            final long[] balanceChange = new long[after.balanceFen.length];
            final long[] earmarkChange = new long[after.balanceFen.length];
            for (int row = 0; row < events.count(); row++) {
                final EventType type = events.type(row);
                final boolean atBatchTime = events.commandIndex(row) < 0;
                if (type == EventType.TRANSFER || type == EventType.PENDING_POSTED) {
                    final int debit = events.debitIndex(row);
                    final int credit = events.creditIndex(row);
                    final long amount = events.amountFen(row);
                    assertThat(amount).as("row %d amount, %s", row, where).isPositive();
                    balanceChange[debit] -= amount;
                    balanceChange[credit] += amount;
                    final TransferCode code = TransferCode.ofNumber(events.code(row));
                    if (code == TransferCode.CAMPAIGN_GRANT) {
                        earmarkChange[credit] += amount;
                    } else if (code == TransferCode.CAMPAIGN_SPEND || code == TransferCode.CAMPAIGN_EXPIRY) {
                        earmarkChange[debit] -= amount;
                    }
                    if (type == EventType.TRANSFER && !code.isDirect()) {
                        movementsSeen.add(code + (atBatchTime ? " at batch time" : " by a command"));
                        rowSums.computeIfAbsent(events.reference(row), id -> new long[64])[code.number()] += amount;
                    }
                } else if (type == EventType.LOAN_APPLICATION_APPROVED || type == EventType.LOAN_APPLICATION_DECLINED
                        || type == EventType.LOAN_APPLICATION_WITHDRAWN || type == EventType.LOAN_APPLICATION_LAPSED) {
                    movementsSeen.add(type + (atBatchTime ? " at batch time" : " by a command"));
                    closingEvents.merge(events.id(row), 1, Integer::sum);
                    closedBy.put(events.id(row), type);
                    closedByLoanOrReason.put(events.id(row), events.reference(row));
                    final LoanApplicationView application = ledger.loanApplication(events.id(row));
                    assertThat(events.code(row)).as("days to the decision of %d, %s", events.id(row), where)
                            .isEqualTo(application.decidedDay() - application.submittedDay());
                    assertThat(events.amountFen(row)).as("amount of %d, %s", events.id(row), where)
                            .isEqualTo(application.amountFen());
                } else if (type == EventType.LOAN_REPAID || type == EventType.LOAN_DELINQUENCY
                        || type == EventType.CAMPAIGN_CLOSED) {
                    movementsSeen.add(type + (atBatchTime ? " at batch time" : " by a command"));
                    if (type == EventType.LOAN_REPAID) {
                        repaidEvents.merge(events.reference(row), 1, Integer::sum);
                    }
                }
            }
            for (int index = 0; index < after.balanceFen.length; index++) {
                final long id = ledger.accountId(index);
                assertThat(after.balanceFen[index] - before.balance(index)).as("balance change of %d, %s", id, where)
                        .isEqualTo(balanceChange[index]);
                assertThat(after.earmarkedFen[index] - before.earmarked(index))
                        .as("earmark change of %d (only grants, spends and expiries move earmarks), %s", id, where)
                        .isEqualTo(earmarkChange[index]);
            }
        }

        /**
         * Every CAMPAIGN_SPEND row is part of a single-phase, unlinked merchant payment whose
         * rows add up to its amount, at a merchant the campaign's place rules allow (every kind
         * it has, any value of a kind), within the window, for a payment of at least the minimum
         * purchase, of at most the maximum per payment; and one payment spends campaigns in
         * order of their window's end.
         */
        private void checkCampaignSpends(final List<Command> commands, final LedgerEvents events, final String where) {
            long previousEndMs = Long.MIN_VALUE;
            int previousCommand = Integer.MIN_VALUE;
            for (int row = 0; row < events.count(); row++) {
                if (events.type(row) != EventType.TRANSFER || events.code(row) != TransferCode.CAMPAIGN_SPEND.number()) {
                    continue;
                }
                final int index = events.commandIndex(row);
                final String spend = "spend row " + row + " of command " + index + ", " + where;
                assertThat(commands.get(index)).as(spend).isInstanceOfSatisfying(Transfer.class, payment -> {
                    assertThat(payment.code()).as(spend).isEqualTo(TransferCode.MERCHANT_PAYMENT.number());
                    assertThat(payment.flags()).as("flags, %s", spend).isZero();
                    assertThat(paymentTotal(events, index)).as("rows of the payment, %s", spend)
                            .isEqualTo(payment.amountFen());
                });
                final long paymentFen = ((Transfer) commands.get(index)).amountFen();
                final CampaignView campaign = ledger.campaign(events.reference(row));
                final AccountView merchant = ledger.account(ledger.accountId(events.creditIndex(row)));
                final Map<Integer, Set<Long>> rules = placeRules.getOrDefault(campaign.id(), Map.of());
                assertThat(allows(rules, 1, merchant.merchantCategory()) && allows(rules, 2, merchant.district())
                        && allows(rules, 3, merchant.id())).as("merchant %d allowed by %s, %s", merchant.id(), rules, spend)
                        .isTrue();
                assertThat(batchMs).as("within the window, %s", spend)
                        .isBetween(campaign.validFromMs(), campaign.validUntilMs() - 1);
                assertThat(paymentFen).as("minimum purchase, %s", spend).isGreaterThanOrEqualTo(campaign.minPurchaseFen());
                if (campaign.maxPerPaymentFen() > 0) {
                    assertThat(events.amountFen(row)).as("maximum per payment, %s", spend)
                            .isLessThanOrEqualTo(campaign.maxPerPaymentFen());
                }
                if (index == previousCommand) {
                    assertThat(campaign.validUntilMs()).as("soonest expiry first, %s", spend)
                            .isGreaterThanOrEqualTo(previousEndMs);
                }
                previousCommand = index;
                previousEndMs = campaign.validUntilMs();
            }
        }

        private static boolean allows(final Map<Integer, Set<Long>> rules, final int kind, final long value) {
            final Set<Long> values = rules.get(kind);
            return values == null || values.contains(value);
        }

        private static long paymentTotal(final LedgerEvents events, final int commandIndex) {
            long total = 0;
            for (int row = 0; row < events.count(); row++) {
                if (events.commandIndex(row) == commandIndex && events.type(row) == EventType.TRANSFER) {
                    total += events.amountFen(row);
                }
            }
            return total;
        }

        /** Each campaign, escrow and loan agrees with the sum of its rows since the history began. */
        private void checkBooks(final String where) {
            for (final long id : campaigns) {
                final CampaignView view = ledger.campaign(id);
                if (view != null) {
                    final long[] sums = sums(id);
                    assertThat(new long[] {sums[20], sums[21], sums[22], sums[23], sums[24]})
                            .as("campaign %d funded, granted, spent, expired, returned, %s", id, where)
                            .containsExactly(view.budgetFen(), view.grantedFen(), view.spentFen(), view.expiredFen(),
                                    view.returnedFen());
                }
            }
            for (final long id : escrows) {
                final EscrowView view = ledger.escrow(id);
                if (view != null) {
                    final long[] sums = sums(id);
                    assertThat(new long[] {sums[30], sums[31] + sums[32]})
                            .as("escrow %d locked, released and refunded, %s", id, where)
                            .containsExactly(view.lockedFen(), view.lockedFen() - view.remainingFen());
                }
            }
            for (final long id : loans) {
                final LoanView view = ledger.loan(id);
                if (view != null) {
                    final long[] sums = sums(id);
                    assertThat(new long[] {sums[40], sums[41]}).as("loan %d disbursed and principal repaid, %s", id, where)
                            .containsExactly(view.principalFen(), view.principalFen() - view.balanceFen());
                    assertThat(repaidEvents.getOrDefault(id, 0)).as("LOAN_REPAID events of loan %d, %s", id, where)
                            .isEqualTo(view.status().equals("REPAID") ? 1 : 0);
                }
            }
        }

        /** Each application closed by exactly one event, of its status, naming its loan or reason. */
        private void checkApplications(final String where) {
            for (final long id : applications) {
                final LoanApplicationView view = ledger.loanApplication(id);
                if (view.status() == LoanApplicationStatus.SUBMITTED) {
                    assertThat(closingEvents.getOrDefault(id, 0)).as("closing events of submitted %d, %s", id, where)
                            .isZero();
                    continue;
                }
                assertThat(closingEvents.getOrDefault(id, 0)).as("closing events of %d, %s", id, where).isEqualTo(1);
                assertThat(closedBy.get(id).name()).as("closing event of %d, %s", id, where)
                        .isEqualTo("LOAN_APPLICATION_" + view.status().name());
                final long expected = view.status() == LoanApplicationStatus.APPROVED ? view.loanId()
                        : view.declineReason() == null ? 0 : view.declineReason().number();
                assertThat(closedByLoanOrReason.get(id)).as("loan or reason of %d, %s", id, where).isEqualTo(expected);
                if (view.status() == LoanApplicationStatus.APPROVED) {
                    final LoanView loan = ledger.loan(view.loanId());
                    assertThat(new long[] {loan.principalFen(), loan.borrowerId(), loan.productId()})
                            .as("loan of approved application %d, %s", id, where)
                            .containsExactly(view.amountFen(), view.applicantId(), view.productId());
                }
            }
        }

        private long[] sums(final long reference) {
            return rowSums.getOrDefault(reference, new long[64]);
        }
    }

    /** Balances and earmarked funds of every account, by dense index. */
    private record Balances(long[] balanceFen, long[] earmarkedFen) {
        static Balances of(final Ledger ledger) {
            final int count = ledger.accountCount();
            final long[] balances = new long[count];
            final long[] earmarked = new long[count];
            for (int index = 0; index < count; index++) {
                final AccountView view = ledger.account(ledger.accountId(index));
                balances[index] = view.balanceFen();
                earmarked[index] = view.earmarkedFen();
            }
            return new Balances(balances, earmarked);
        }

        long balance(final int index) {
            return index < balanceFen.length ? balanceFen[index] : 0;
        }

        long earmarked(final int index) {
            return index < earmarkedFen.length ? earmarkedFen[index] : 0;
        }
    }
}
