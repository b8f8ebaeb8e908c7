package org.tongbao.kpi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;

/**
 * A random but meaningful small economy for the KPI tests, one per seed: a real {@link Ledger}
 * driven by commands (opens, issuance, exchange, P2P, merchant, B2B, tax, fee and subsidy
 * payments, pending transfers posted in part or voided or left to expire, tier changes,
 * redemption), at batch times that advance from minutes to weeks across years. After each
 * batch it appends rows the engine does not make yet, built to the programmable-money and
 * credit event contract: enterprise profiles, loan disbursements, repayments (principal,
 * interest and penalty rows of one command), delinquency and repayment events, campaign
 * funding, grants, spends (one row per campaign, then the free-funds merchant payment of the
 * same command), expiries and returns, escrow movements. Test thread only.
 */
final class RandomEconomy {
    static final long CENTRAL_BANK = 1;
    static final long FIRST_OPERATOR = 11;
    static final int OPERATORS = 3;
    static final long FIRST_ACCOUNT = 1_000;
    private static final int[] DISTRICTS = {320505, 320506, 320508, 320583, 320571, 0, 310101};
    private static final int[] CATEGORIES = {5411, 5812, 5912, 4111, 5541, 8211};
    private static final long START_MS = Instant.parse("2022-12-20T02:00:00Z").toEpochMilli();

    /** One committed batch as the listener saw it. */
    interface Listener {
        void batch(Ledger ledger, long sequence, long timestampMs, LedgerEvents events);
    }

    private final SplittableRandom random;
    private final Ledger ledger = new Ledger(LedgerConfig.defaults(4_096).withAccountsInitial(256)
            .withIdempotencyGeneration(1 << 14).withPendingMax(4_096));
    private final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
    private final List<Long> personal = new ArrayList<>();
    private final List<Long> businesses = new ArrayList<>();
    private final List<Long> merchants = new ArrayList<>();
    private final List<Long> governments = new ArrayList<>();
    private final List<Long> pendingIds = new ArrayList<>();
    private long nextAccount = FIRST_ACCOUNT;
    private long nextId = 1_000_000;
    private long sequence;
    private long timeMs = START_MS;

    RandomEconomy(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    Ledger ledger() {
        return ledger;
    }

    /** Runs {@code batches} random batches after the set-up, handing each to {@code listener}. */
    void run(final int batches, final Listener listener) {
        apply(setup(), listener);
        for (int b = 0; b < batches; b++) {
            advanceTime();
            apply(randomBatch(), listener);
        }
    }

    private void apply(final CommandBatch batch, final Listener listener) {
        ledger.apply(++sequence, timeMs, batch, outcome);
        appendSyntheticRows(outcome.events(), batch.count());
        listener.batch(ledger, sequence, timeMs, outcome.events());
    }

    private void advanceTime() {
        final int pick = random.nextInt(10);
        final long stepMs = pick < 5 ? random.nextLong(3_600_000L) : pick < 9 ? random.nextLong(3 * 86_400_000L)
                : random.nextLong(40 * 86_400_000L);
        timeMs += stepMs;
    }

    private CommandBatch setup() {
        final CommandBatch batch = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
        Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(batch);
        for (int o = 0; o < OPERATORS; o++) {
            Command.OpenAccount.of(FIRST_OPERATOR + o, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(batch);
            Command.Transfer.of(nextId++, CENTRAL_BANK, FIRST_OPERATOR + o, 100_000_000_000L, TransferCode.ISSUANCE)
                    .appendTo(batch);
        }
        for (int a = 0; a < 40; a++) {
            openRandom(batch);
        }
        for (final long wallet : personal) {
            exchangeIn(batch, wallet, 1 + random.nextLong(200_000));
        }
        for (final long business : businesses) {
            exchangeIn(batch, business, 1 + random.nextLong(50_000_000));
        }
        for (final long government : governments) {
            exchangeIn(batch, government, 1 + random.nextLong(50_000_000));
        }
        return batch;
    }

    private CommandBatch randomBatch() {
        final CommandBatch batch = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
        final int commands = 1 + random.nextInt(40);
        for (int c = 0; c < commands; c++) {
            randomCommand(batch);
        }
        return batch;
    }

    private void randomCommand(final CommandBatch batch) {
        final int pick = random.nextInt(100);
        if (pick < 5) {
            openRandom(batch);
        } else if (pick < 12) {
            exchangeIn(batch, pickOf(random.nextBoolean() ? personal : businesses), 1 + random.nextLong(100_000));
        } else if (pick < 15) {
            final long wallet = pickOf(personal);
            transfer(batch, wallet, operatorOf(wallet), 1 + random.nextLong(5_000), TransferCode.EXCHANGE_OUT);
        } else if (pick < 35) {
            transfer(batch, pickOf(personal), pickOf(personal), 1 + random.nextLong(50_000), TransferCode.P2P);
        } else if (pick < 55) {
            final long payer = random.nextInt(5) == 0 ? pickOf(businesses) : pickOf(personal);
            transfer(batch, payer, pickOf(merchants), 1 + random.nextLong(30_000), TransferCode.MERCHANT_PAYMENT);
        } else if (pick < 62) {
            final List<Long> side = random.nextBoolean() ? businesses : merchants;
            transfer(batch, pickOf(side), pickOf(random.nextBoolean() ? businesses : merchants),
                    1 + random.nextLong(2_000_000), TransferCode.B2B);
        } else if (pick < 67) {
            transfer(batch, pickOf(random.nextBoolean() ? personal : businesses), pickOf(governments),
                    1 + random.nextLong(20_000), random.nextBoolean() ? TransferCode.TAX_PAYMENT : TransferCode.FEE_PAYMENT);
        } else if (pick < 72) {
            transfer(batch, pickOf(governments), pickOf(personal), 1 + random.nextLong(10_000), TransferCode.SUBSIDY_PAYMENT);
        } else if (pick < 80) {
            final long id = nextId++;
            Command.Transfer.pending(id, pickOf(personal), pickOf(merchants), 1 + random.nextLong(20_000),
                    TransferCode.MERCHANT_PAYMENT, 1 + random.nextInt(200_000)).appendTo(batch);
            pendingIds.add(id);
        } else if (pick < 88 && !pendingIds.isEmpty()) {
            final long pending = pendingIds.remove(random.nextInt(pendingIds.size()));
            if (random.nextBoolean()) {
                Command.PostPending.of(nextId++, pending, random.nextBoolean() ? 0 : 1 + random.nextLong(500)).appendTo(batch);
            } else {
                Command.VoidPending.of(nextId++, pending).appendTo(batch);
            }
        } else if (pick < 93) {
            new Command.ChangeTier(nextId++, pickOf(personal), 1 + random.nextInt(4)).appendTo(batch);
        } else if (pick < 96) {
            final long operator = FIRST_OPERATOR + random.nextInt(OPERATORS);
            transfer(batch, operator, CENTRAL_BANK, 1 + random.nextLong(1_000_000), TransferCode.REDEMPTION);
        } else {
            transfer(batch, CENTRAL_BANK, FIRST_OPERATOR + random.nextInt(OPERATORS), 1 + random.nextLong(10_000_000),
                    TransferCode.ISSUANCE);
        }
    }

    private void openRandom(final CommandBatch batch) {
        final long id = nextAccount++;
        final long operator = FIRST_OPERATOR + random.nextInt(OPERATORS);
        final int district = DISTRICTS[random.nextInt(DISTRICTS.length)];
        final int pick = random.nextInt(10);
        if (pick < 6) {
            Command.OpenAccount.of(id, AccountKind.PERSONAL, operator, 1 + random.nextInt(4), district, 0).appendTo(batch);
            personal.add(id);
        } else if (pick < 8) {
            Command.OpenAccount.of(id, AccountKind.MERCHANT, operator, 1, district,
                    CATEGORIES[random.nextInt(CATEGORIES.length)]).appendTo(batch);
            merchants.add(id);
        } else if (pick < 9 || !governments.isEmpty()) {
            Command.OpenAccount.of(id, AccountKind.CORPORATE, operator, 1, district, 0).appendTo(batch);
            businesses.add(id);
        } else {
            Command.OpenAccount.of(id, AccountKind.GOVERNMENT, operator, 0, district, 0).appendTo(batch);
            governments.add(id);
        }
    }

    private void exchangeIn(final CommandBatch batch, final long wallet, final long amount) {
        transfer(batch, operatorOf(wallet), wallet, amount, TransferCode.EXCHANGE_IN);
    }

    private void transfer(final CommandBatch batch, final long debit, final long credit, final long amount,
                          final TransferCode code) {
        Command.Transfer.of(nextId++, debit, credit, amount, code).appendTo(batch);
    }

    /** The operator the account was opened at: recorded by the ledger once it is open, else guessed (then rejected). */
    private long operatorOf(final long account) {
        final int index = ledger.accountIndex(account);
        if (index < 0) {
            return FIRST_OPERATOR;
        }
        final int operator = ledger.operatorIndex(index);
        return operator < 0 ? FIRST_OPERATOR : ledger.accountId(operator);
    }

    private long pickOf(final List<Long> accounts) {
        if (accounts.isEmpty()) {
            return FIRST_ACCOUNT;
        }
        return accounts.get(random.nextInt(accounts.size()));
    }

    // ------------------------------------------------------------------------------------
    // Rows to the programmable-money and credit contract
    // ------------------------------------------------------------------------------------

    private void appendSyntheticRows(final LedgerEvents events, final int commands) {
        final int rows = random.nextInt(6);
        int command = commands;
        for (int r = 0; r < rows; r++) {
            syntheticRow(events, command++);
        }
    }

    private void syntheticRow(final LedgerEvents events, final int command) {
        final int business = indexOf(random.nextBoolean() ? businesses : merchants);
        final int person = indexOf(personal);
        final int merchant = indexOf(merchants);
        final int government = indexOf(governments);
        final int operator = ledger.accountIndex(FIRST_OPERATOR + random.nextInt(OPERATORS));
        if (business < 0 || person < 0 || merchant < 0 || government < 0) {
            return;
        }
        final long id = nextId++;
        final long loan = 1 + random.nextInt(12);
        final long campaign = 500 + random.nextInt(4);
        final long amount = 1 + random.nextLong(5_000_000);
        switch (random.nextInt(11)) {
            case 0 -> events.add(EventType.ENTERPRISE_PROFILED, command, id, 1 + random.nextInt(12), business, -1, 0,
                    1 + random.nextInt(4), 0);
            case 1 -> events.add(EventType.TRANSFER, command, id, loan, operator, business, amount,
                    TransferCode.LOAN_DISBURSEMENT.number(), 0);
            case 2 -> {
                events.add(EventType.TRANSFER, command, id, loan, business, operator, amount,
                        TransferCode.LOAN_PRINCIPAL_REPAYMENT.number(), 0);
                events.add(EventType.TRANSFER, command, id, loan, business, operator, amount / 10,
                        TransferCode.LOAN_INTEREST_PAYMENT.number(), 0);
                if (random.nextBoolean()) {
                    events.add(EventType.TRANSFER, command, id, loan, business, operator, 1 + amount / 100,
                            TransferCode.LOAN_PENALTY_PAYMENT.number(), 0);
                }
            }
            case 3 -> events.add(EventType.LOAN_DELINQUENCY, command, id, loan, business, operator, amount / 3,
                    1 + random.nextInt(4), 0);
            case 4 -> events.add(EventType.LOAN_REPAID, command, id, loan, business, operator, 0, 0, 0);
            case 5 -> events.add(EventType.TRANSFER, command, id, campaign, government, business, amount,
                    TransferCode.CAMPAIGN_FUNDING.number(), 0);
            case 6 -> events.add(EventType.TRANSFER, command, id, campaign, business, person, amount / 50,
                    TransferCode.CAMPAIGN_GRANT.number(), 0);
            case 7 -> {
                final int campaigns = 1 + random.nextInt(2);
                for (int c = 0; c < campaigns; c++) {
                    events.add(EventType.TRANSFER, command, id, campaign + c, person, merchant, 1 + random.nextLong(20_000),
                            TransferCode.CAMPAIGN_SPEND.number(), 0);
                }
                if (random.nextBoolean()) {
                    events.add(EventType.TRANSFER, command, id, 0, person, merchant, 1 + random.nextLong(20_000),
                            TransferCode.MERCHANT_PAYMENT.number(), 0);
                }
            }
            case 8 -> events.add(EventType.TRANSFER, -1, id, campaign, person, business, 1 + random.nextLong(5_000),
                    TransferCode.CAMPAIGN_EXPIRY.number(), 0);
            case 9 -> events.add(EventType.TRANSFER, command, id, campaign, business, government, amount / 7,
                    TransferCode.CAMPAIGN_RETURN.number(), 0);
            default -> {
                events.add(EventType.TRANSFER, command, id, 700, person, business, amount / 9,
                        TransferCode.ESCROW_LOCK.number(), 0);
                events.add(EventType.PENDING_CREATED, command, id + 1, 0, person, merchant, 5,
                        TransferCode.MERCHANT_PAYMENT.number(), 0);
            }
        }
    }

    private int indexOf(final List<Long> accounts) {
        if (accounts.isEmpty()) {
            return -1;
        }
        final int index = ledger.accountIndex(accounts.get(random.nextInt(accounts.size())));
        return index < 0 || AccountDescriptor.kind(ledger.accountAttributes(index)) == 0 ? -1 : index;
    }
}
