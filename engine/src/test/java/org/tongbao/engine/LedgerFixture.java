package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.credit.LoanApplicationView;
import org.tongbao.engine.credit.LoanView;
import org.tongbao.engine.escrow.EscrowView;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.incentive.CampaignView;
import org.tongbao.engine.incentive.EarmarkView;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * A small ledger for specification tests: a central bank, two operators, and wallets of every
 * kind, each operator issued {@link #RESERVE_FEN}. {@link #apply} applies one batch one second
 * after the last and checks the ledger's invariants after every batch. Test thread only.
 */
final class LedgerFixture {
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR_A = 10;
    static final long OPERATOR_B = 20;
    /** Personal, tier 1, at operator A. */
    static final long ALICE = 101;
    /** Personal, tier 1, at operator A. */
    static final long BOB = 102;
    /** Personal, tier 4 (anonymous), at operator A. */
    static final long ANON = 104;
    /** Personal, tier 1, at operator B. */
    static final long DAVE = 201;
    /** Merchant (5411 groceries), tier 1, at operator A. */
    static final long SHOP = 301;
    /** Corporate, tier 1, at operator A. */
    static final long FIRM = 401;
    /** Government body at operator A. */
    static final long CITY = 501;

    static final int GUSU = 320508;
    static final int GROCERIES = 5411;
    static final long RESERVE_FEN = 1_000_000_000L;
    /** Standard accounts opened by the default fixture. */
    static final int STANDARD_ACCOUNTS = 10;

    /** 15 June 2023, 10:00 in Suzhou. */
    static final long START_MS = shanghai("2023-06-15T10:00:00");
    static final long STEP_MS = 1_000;

    private final LedgerConfig config;
    private final Ledger ledger;
    private final CommandBatch batch;
    private final BatchOutcome outcome;
    /** Every command id applied, in order: {@link #state()} looks loans up by them. */
    private final Set<Long> commandIds = new LinkedHashSet<>();
    private long nowMs;
    private long nextId = 1_000_000;

    private LedgerFixture(final LedgerConfig config) {
        this(config, new Ledger(config), START_MS - STEP_MS);
    }

    private LedgerFixture(final LedgerConfig config, final Ledger ledger, final long nowMs) {
        this.config = config;
        this.ledger = ledger;
        this.batch = new CommandBatch(config.batchMax());
        this.outcome = new BatchOutcome(config.batchMax());
        this.nowMs = nowMs;
    }

    /** Limits small enough for tests; the PILOT.md tier table. */
    static LedgerConfig config() {
        return new LedgerConfig(64, 16, 64, LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT, 4_096, 64,
                WalletLimits.defaults());
    }

    /** The standard accounts, funded operators, default config. */
    static LedgerFixture standard() {
        return standard(config());
    }

    static LedgerFixture standard(final LedgerConfig config) {
        final LedgerFixture fixture = new LedgerFixture(config);
        fixture.openStandardAccounts();
        return fixture;
    }

    /** A ledger with no accounts at all. */
    static LedgerFixture empty() {
        return new LedgerFixture(config());
    }

    /** Epoch milliseconds of a local date-time in Asia/Shanghai (UTC+8). */
    static long shanghai(final String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.ofHours(8)).toEpochMilli();
    }

    /** A command given as its eight words, for shapes no record expresses (stray fields or flags). */
    static Command raw(final long header, final long id, final long account, final long otherAccount,
                       final long amountFen, final long reference, final long location, final long userData) {
        return new Command.Raw(new long[] {header, id, account, otherAccount, amountFen, reference, location, userData});
    }

    private void openStandardAccounts() {
        final Applied opened = apply(
                OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0),
                OpenAccount.of(OPERATOR_A, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                OpenAccount.of(OPERATOR_B, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                OpenAccount.of(ALICE, AccountKind.PERSONAL, OPERATOR_A, 1, GUSU, 0),
                OpenAccount.of(BOB, AccountKind.PERSONAL, OPERATOR_A, 1, GUSU, 0),
                OpenAccount.of(ANON, AccountKind.PERSONAL, OPERATOR_A, 4, 0, 0),
                OpenAccount.of(DAVE, AccountKind.PERSONAL, OPERATOR_B, 1, GUSU, 0),
                OpenAccount.of(SHOP, AccountKind.MERCHANT, OPERATOR_A, 1, GUSU, GROCERIES),
                OpenAccount.of(FIRM, AccountKind.CORPORATE, OPERATOR_A, 1, GUSU, 0),
                OpenAccount.of(CITY, AccountKind.GOVERNMENT, OPERATOR_A, 0, GUSU, 0),
                Transfer.of(id(), CENTRAL_BANK, OPERATOR_A, RESERVE_FEN, TransferCode.ISSUANCE),
                Transfer.of(id(), CENTRAL_BANK, OPERATOR_B, RESERVE_FEN, TransferCode.ISSUANCE));
        assertThat(opened.results()).as("standard set-up").containsOnly(ResultCode.OK);
        assertThat(ledger.accountCount()).isEqualTo(STANDARD_ACCOUNTS);
    }

    Ledger ledger() {
        return ledger;
    }

    /**
     * A second fixture over a ledger restored from this one's canonical state ({@link
     * Ledger#writeState} then {@link Ledger#restore}), at the same time and with the same next
     * command id: apply the same commands to both to compare their behaviour.
     */
    LedgerFixture restored() {
        final LedgerFixture copy = new LedgerFixture(config, StateLongs.roundTrip(config, ledger), nowMs);
        copy.nextId = nextId;
        copy.commandIds.addAll(commandIds);
        return copy;
    }

    long nowMs() {
        return nowMs;
    }

    /** A command id not used before in this fixture. */
    long id() {
        return nextId++;
    }

    /** Applies the commands as one batch, one second after the previous batch. */
    Applied apply(final Command... commands) {
        return applyAt(nowMs + STEP_MS, commands);
    }

    /** Applies the commands as one batch at {@code timestampMs} (no earlier than the last batch). */
    Applied applyAt(final long timestampMs, final Command... commands) {
        batch.clear();
        for (final Command command : commands) {
            command.appendTo(batch);
            commandIds.add(command.id());
        }
        final long sequence = ledger.sequence() + 1;
        ledger.apply(sequence, timestampMs, batch, outcome);
        nowMs = timestampMs;
        assertThat(ledger.checkInvariants()).as("invariants after batch %d", sequence).isEmpty();
        return Applied.of(outcome, ledger);
    }

    /** The single command's result. */
    ResultCode result(final Command command) {
        return apply(command).result(0);
    }

    /** Applies the single command, asserts it is rejected with {@code expected} and that no state changed. */
    Applied assertRejected(final ResultCode expected, final Command command) {
        return assertRejectedAt(nowMs + STEP_MS, expected, command);
    }

    /** As {@link #assertRejected}, in a batch at {@code timestampMs}. */
    Applied assertRejectedAt(final long timestampMs, final ResultCode expected, final Command command) {
        final State before = state();
        final Applied applied = applyAt(timestampMs, command);
        assertThat(applied.result(0)).as("result of %s", command).isEqualTo(expected);
        assertThat(applied.events()).as("events of a rejected command").isEmpty();
        assertThat(state()).as("state after a rejected command").isEqualTo(before);
        return applied;
    }

    /** Exchanges {@code amountFen} of the wallet's operator's e-CNY into the wallet. */
    void fund(final long walletId, final long amountFen) {
        final long operatorId = ledger.account(walletId).operatorId();
        assertThat(result(Transfer.of(id(), operatorId, walletId, amountFen, TransferCode.EXCHANGE_IN)))
                .as("funding %d with %d fen", walletId, amountFen).isEqualTo(ResultCode.OK);
    }

    AccountView account(final long accountId) {
        return ledger.account(accountId);
    }

    long balance(final long accountId) {
        return ledger.account(accountId).balanceFen();
    }

    /**
     * Every account as a value, with the totals, every campaign, escrow, wallet's earmarks, loan
     * and loan application (found by the command ids applied) and the number of active loans:
     * compare before and after to prove nothing changed.
     */
    State state() {
        final List<AccountView> accounts = new ArrayList<>();
        final List<CampaignView> campaigns = new ArrayList<>();
        final List<EscrowView> escrows = new ArrayList<>();
        final List<List<EarmarkView>> earmarks = new ArrayList<>();
        for (int index = 0; index < ledger.accountCount(); index++) {
            final long id = ledger.accountId(index);
            final AccountView account = ledger.account(id);
            accounts.add(account);
            earmarks.add(ledger.earmarks(id));
            if (account.kind() == AccountKind.CAMPAIGN_POOL) {
                campaigns.add(ledger.campaign(id));
            } else if (account.kind() == AccountKind.ESCROW) {
                escrows.add(ledger.escrow(id));
            }
        }
        final List<LoanView> loans = new ArrayList<>();
        final List<LoanApplicationView> applications = new ArrayList<>();
        for (final long id : commandIds) {
            final LoanView loan = ledger.loan(id);
            if (loan != null) {
                loans.add(loan);
            }
            final LoanApplicationView application = ledger.loanApplication(id);
            if (application != null) {
                applications.add(application);
            }
        }
        return new State(accounts, ledger.issuedFen(), ledger.redeemedFen(), ledger.pendingCount(), campaigns, escrows,
                earmarks, loans, applications, ledger.activeLoanCount());
    }

    /** The raw outcome of the last batch (dense account indexes, as the ledger reports them). */
    BatchOutcome lastOutcome() {
        return outcome;
    }

    record State(List<AccountView> accounts, long issuedFen, long redeemedFen, int pendingCount,
                 List<CampaignView> campaigns, List<EscrowView> escrows, List<List<EarmarkView>> earmarks,
                 List<LoanView> loans, List<LoanApplicationView> applications, int activeLoanCount) {
    }

    /** One event row, with account indexes resolved to account ids (0 for none). */
    record Event(EventType type, int commandIndex, long id, long pendingId, long debitAccountId, long creditAccountId,
                 long amountFen, int code, long userData) {
    }

    /** What a batch returned, copied out of the reused {@link BatchOutcome}. */
    record Applied(List<ResultCode> results, List<Boolean> replayed, List<Event> events) {
        static Applied of(final BatchOutcome outcome, final Ledger ledger) {
            final List<ResultCode> results = new ArrayList<>();
            final List<Boolean> replayed = new ArrayList<>();
            for (int index = 0; index < outcome.count(); index++) {
                results.add(outcome.result(index));
                replayed.add(outcome.replayed(index));
            }
            final LedgerEvents rows = outcome.events();
            final List<Event> events = new ArrayList<>();
            for (int row = 0; row < rows.count(); row++) {
                events.add(new Event(rows.type(row), rows.commandIndex(row), rows.id(row), rows.reference(row),
                        accountIdOrZero(ledger, rows.debitIndex(row)), accountIdOrZero(ledger, rows.creditIndex(row)),
                        rows.amountFen(row), rows.code(row), rows.userData(row)));
            }
            return new Applied(Collections.unmodifiableList(results), Collections.unmodifiableList(replayed),
                    Collections.unmodifiableList(events));
        }

        private static long accountIdOrZero(final Ledger ledger, final int index) {
            return index < 0 ? 0 : ledger.accountId(index);
        }

        ResultCode result(final int index) {
            return results.get(index);
        }

        boolean replayed(final int index) {
            return replayed.get(index);
        }
    }
}
