package org.tongbao.engine;

import static org.tongbao.engine.account.AccountDescriptor.ANNUAL_SPENT;
import static org.tongbao.engine.account.AccountDescriptor.ATTRIBUTES;
import static org.tongbao.engine.account.AccountDescriptor.BALANCE;
import static org.tongbao.engine.account.AccountDescriptor.DAILY_SPENT;
import static org.tongbao.engine.account.AccountDescriptor.LINKS;
import static org.tongbao.engine.account.AccountDescriptor.PENDING_CREDIT;
import static org.tongbao.engine.account.AccountDescriptor.PENDING_DEBIT;
import static org.tongbao.engine.command.CommandDescriptor.ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.AMOUNT;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_HARD_WALLET;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_LINKED;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_PENDING;
import static org.tongbao.engine.command.CommandDescriptor.LOCATION;
import static org.tongbao.engine.command.CommandDescriptor.OTHER_ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.REFERENCE;
import static org.tongbao.engine.command.CommandDescriptor.USER_DATA;

import java.util.ArrayList;
import java.util.List;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.account.Accounts;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.command.Fingerprint;
import org.tongbao.engine.credit.Delinquency;
import org.tongbao.engine.credit.LoanMath;
import org.tongbao.engine.credit.LoanProductView;
import org.tongbao.engine.credit.LoanProducts;
import org.tongbao.engine.credit.LoanApplicationPage;
import org.tongbao.engine.credit.LoanApplicationStatus;
import org.tongbao.engine.credit.LoanApplicationView;
import org.tongbao.engine.credit.LoanApplications;
import org.tongbao.engine.credit.LoanDeclineReason;
import org.tongbao.engine.credit.LoanPurpose;
import org.tongbao.engine.credit.LoanView;
import org.tongbao.engine.credit.Loans;
import org.tongbao.engine.escrow.EscrowView;
import org.tongbao.engine.escrow.Escrows;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.idempotency.IdempotencyWindow;
import org.tongbao.engine.incentive.CampaignView;
import org.tongbao.engine.incentive.Campaigns;
import org.tongbao.engine.incentive.EarmarkView;
import org.tongbao.engine.incentive.Earmarks;
import org.tongbao.engine.payment.PendingTransfers;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateDigest;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;
import org.tongbao.engine.wallet.TierLimits;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * The e-CNY ledger: a deterministic, single-threaded state machine. {@link #apply} takes a
 * batch of commands with its sequence number and timestamp and returns a result code per
 * command and the events the batch produced. It reads no clock, no randomness and no
 * environment, so the same batches always give the same state and {@link #stateHash()}.
 *
 * <p>Rules are checked in full before anything is changed, so a rejected command changes
 * nothing. Linked chains (commands flagged {@code LINKED} up to and including the first one
 * that is not) record what they change and roll back together when one member fails.
 *
 * <p>Money is conserved: the central bank's issuance account is the only one below zero and
 * holds minus the e-CNY in circulation; every transfer debits and credits the same amount.
 *
 * <p>Thread-safety: none. One thread owns a ledger and calls every method.
 */
public final class Ledger {
    /** Most applications {@link #loanApplications} looks at for one page, whatever the filter. */
    public static final int APPLICATION_PAGE_SCAN_MAX = 10_000;

    /** Fate of a pending transfer, kept beside its id in the idempotency window (outcome bits 8-9). */
    private static final int FATE_POSTED = 1 << 8;
    private static final int FATE_VOIDED = 2 << 8;
    private static final int FATE_EXPIRED = 3 << 8;
    private static final int FATE_MASK = 3 << 8;
    private static final int RESULT_MASK = 0xFF;

    private static final int UNDO_ENTRIES_PER_COMMAND = 16;
    /** Batch times the ledger accepts: Shanghai days 0 to the last day the account layout can record. */
    private static final long BATCH_TIME_MIN_MS = -ShanghaiCalendar.OFFSET_MS;
    private static final long BATCH_TIME_MAX_MS =
            (AccountDescriptor.SPEND_DAY_MAX + 1) * ShanghaiCalendar.DAY_MS - ShanghaiCalendar.OFFSET_MS - 1;
    /** Commands prefetched at a time: their cache lines (about 4 per transfer) stay within L2. */
    private static final int PREFETCH_CHUNK = 1024;

    private final LedgerConfig config;
    private final WalletLimits limits;
    private final Accounts accounts;
    private final PendingTransfers pending;
    private final IdempotencyWindow window;
    private final UndoLog undo;
    private final int[] deferredFree;
    private int deferredFreeCount;
    private final int[] debitHint;
    private final int[] creditHint;
    private int prefetchedEnd;
    private long prefetchSink;
    private boolean inChain;
    private final CampaignBook campaignBook;
    private final EscrowBook escrowBook;
    private final CreditBook creditBook;
    private long plannedFromCampaignsFen;

    private int centralBankIndex = -1;
    private final long[] totals = new long[2];
    private static final int ISSUED = 0;
    private static final int REDEEMED = 1;

    private long sequence;
    private long timestampMs;
    private long previousTimestampMs;
    private int creditDay = Integer.MIN_VALUE;
    private int today;
    private int firstDayOfYear;

    public Ledger(final LedgerConfig config) {
        this.config = config;
        this.limits = config.walletLimits();
        this.accounts = new Accounts(config.accountsInitial(), config.accountsMax());
        this.pending = new PendingTransfers(config.pendingMax(), config.batchMax());
        this.window = new IdempotencyWindow(config.idempotencyGeneration());
        this.undo = new UndoLog(config.batchMax() * UNDO_ENTRIES_PER_COMMAND);
        this.deferredFree = new int[config.batchMax()];
        this.debitHint = new int[config.batchMax()];
        this.creditHint = new int[config.batchMax()];
        this.campaignBook = new CampaignBook(this);
        this.escrowBook = new EscrowBook(this);
        this.creditBook = new CreditBook(this);
    }

    public LedgerConfig config() {
        return config;
    }

    /**
     * Applies one batch. {@code sequence} must be one more than the last batch's, and
     * {@code timestampMs} no earlier than the last batch's: the sequencer guarantees both, so
     * a violation is a bug and throws. Before the batch's commands run, what batch time makes
     * due happens: pending transfers time out, campaigns whose window ended expire, escrows past
     * their deadline take their default action, and at the first batch of a calendar day every
     * active loan is brought up to the day (see {@link CreditBook}).
     */
    public void apply(final long batchSequence, final long batchTimestampMs, final CommandBatch batch,
                      final BatchOutcome outcome) {
        if (batchSequence != sequence + 1 || batchTimestampMs < timestampMs || batch.count() > config.batchMax()
                || batchTimestampMs < BATCH_TIME_MIN_MS || batchTimestampMs > BATCH_TIME_MAX_MS) {
            throw new IllegalArgumentException("batch " + batchSequence + " at " + batchTimestampMs + " ms with "
                    + batch.count() + " commands cannot follow batch " + sequence + " at " + timestampMs
                    + " ms (sequence must be +1, time must not go back and must lie in the calendar the ledger counts"
                    + " limits in, at most " + config.batchMax() + " commands)");
        }
        sequence = batchSequence;
        previousTimestampMs = timestampMs;
        timestampMs = batchTimestampMs;
        today = ShanghaiCalendar.epochDay(batchTimestampMs);
        firstDayOfYear = ShanghaiCalendar.firstDayOfYear(ShanghaiCalendar.year(today));
        outcome.reset(batch.count());
        final LedgerEvents events = outcome.events();
        expirePending(events);
        campaignBook.expireDue(timestampMs, events);
        escrowBook.settleDue(timestampMs, events);
        if (today > creditDay) {
            creditDay = today;
            creditBook.closeDay(today, events);
        }
        prefetchedEnd = 0;
        final int count = batch.count();
        int index = 0;
        while (index < count) {
            if ((batch.flags(index) & FLAG_LINKED) == 0) {
                outcome.setNumber(index, execute(batch, index, outcome));
                index++;
            } else {
                index = applyChain(batch, index, outcome);
            }
        }
    }

    /**
     * Resolves the accounts of the transfers in a chunk of the batch and touches their cache lines and
     * their idempotency slots, in tight loops whose iterations do not depend on each other, so
     * the processor overlaps the cache misses instead of taking them one after another inside
     * the rule checks. A resolved index is a valid hint for the whole batch because accounts
     * are never removed; an account opened later in the batch is resolved when used.
     */
    private void prefetch(final CommandBatch batch, final int from, final int to) {
        long sink = 0;
        for (int index = from; index < to; index++) {
            sink += accounts.touchSlot(batch.word(index, ACCOUNT)) + accounts.touchSlot(batch.word(index, OTHER_ACCOUNT))
                    + window.touch(batch.id(index));
        }
        final int transfer = CommandType.TRANSFER.number();
        for (int index = from; index < to; index++) {
            if (batch.type(index) == transfer) {
                debitHint[index] = accounts.indexOf(batch.word(index, ACCOUNT));
                creditHint[index] = accounts.indexOf(batch.word(index, OTHER_ACCOUNT));
            } else {
                debitHint[index] = -1;
                creditHint[index] = -1;
            }
        }
        prefetchSink += sink;
    }

    // ------------------------------------------------------------------------------------
    // Linked chains and idempotency
    // ------------------------------------------------------------------------------------

    /** Applies the chain starting at {@code first}; returns the index after it. */
    private int applyChain(final CommandBatch batch, final int first, final BatchOutcome outcome) {
        final int count = batch.count();
        int last = first;
        while (last < count && (batch.flags(last) & FLAG_LINKED) != 0) {
            last++;
        }
        if (last == count) {
            for (int index = first; index < count; index++) {
                outcome.set(index, ResultCode.LINKED_CHAIN_OPEN);
            }
            return count;
        }
        final int eventsMark = outcome.events().count();
        inChain = true;
        undo.clear();
        deferredFreeCount = 0;
        int failed = -1;
        for (int index = first; index <= last; index++) {
            final int type = batch.type(index);
            final int result = isLinkable(type) ? execute(batch, index, outcome) : ResultCode.LINKED_NOT_ALLOWED.number();
            outcome.setNumber(index, result);
            if (result != ResultCode.OK.number()) {
                failed = index;
                break;
            }
        }
        if (failed >= 0) {
            rollBack();
            outcome.events().truncate(eventsMark);
            markChainFailed(batch, first, last, failed, outcome);
        } else {
            for (int i = 0; i < deferredFreeCount; i++) {
                pending.free(deferredFree[i]);
            }
        }
        deferredFreeCount = 0;
        inChain = false;
        return last + 1;
    }

    private static boolean isLinkable(final int type) {
        return type == CommandType.TRANSFER.number() || type == CommandType.POST_PENDING.number()
                || type == CommandType.VOID_PENDING.number();
    }

    /**
     * Every member but the failed one is LINKED_EVENT_FAILED, and fresh ids remember that
     * outcome. A member whose id was already known keeps its original outcome (replayed), so
     * a retried chain is answered exactly as the first time.
     */
    private void markChainFailed(final CommandBatch batch, final int first, final int last, final int failed,
                                 final BatchOutcome outcome) {
        for (int index = first; index <= last; index++) {
            if (index == failed || outcome.replayed(index)) {
                continue;
            }
            outcome.set(index, ResultCode.LINKED_EVENT_FAILED);
            final long id = batch.id(index);
            if (id == 0 || !isLinkable(batch.type(index))) {
                continue;
            }
            if (index < failed) {
                window.setOutcome(id, ResultCode.LINKED_EVENT_FAILED.number());
                continue;
            }
            final long fingerprint = Fingerprint.of(batch, index);
            final long stored = window.find(id);
            if (stored == IdempotencyWindow.NOT_FOUND) {
                window.insertAfterMiss(id, fingerprint, ResultCode.LINKED_EVENT_FAILED.number());
            } else if (IdempotencyWindow.sameFingerprint(stored, fingerprint)) {
                outcome.setNumber(index, IdempotencyWindow.outcome(stored) & RESULT_MASK);
                outcome.markReplayed(index);
            }
        }
    }

    private void rollBack() {
        for (int entry = undo.count() - 1; entry >= 0; entry--) {
            final long key = undo.key(entry);
            final long value = undo.value(entry);
            switch (undo.kind(entry)) {
                case UndoLog.ACCOUNT_WORD ->
                        accounts.setWord((int) (key / AccountDescriptor.WORDS), (int) (key % AccountDescriptor.WORDS), value);
                case UndoLog.PENDING_ADDED -> {
                    pending.unlink((int) key);
                    pending.free((int) key);
                }
                case UndoLog.PENDING_REMOVED -> pending.relink((int) key);
                case UndoLog.WINDOW_OUTCOME -> window.setOutcome(key, (int) value);
                case UndoLog.TOTAL -> totals[(int) key] = value;
                default -> throw new IllegalStateException("unknown undo entry kind " + undo.kind(entry));
            }
        }
        undo.clear();
    }

    /** Idempotency first (a known id replays its outcome), then the command itself. */
    private int execute(final CommandBatch batch, final int index, final BatchOutcome outcome) {
        if (index >= prefetchedEnd) {
            prefetchedEnd = Math.min(batch.count(), index + PREFETCH_CHUNK);
            prefetch(batch, index, prefetchedEnd);
        }
        final int type = batch.type(index);
        if (type == CommandType.OPEN_ACCOUNT.number()) {
            return openAccount(batch, index, outcome.events());
        }
        final long id = batch.id(index);
        if (id == 0) {
            return ResultCode.ID_MUST_NOT_BE_ZERO.number();
        }
        final long fingerprint = Fingerprint.of(batch, index);
        final long stored = window.find(id);
        if (stored != IdempotencyWindow.NOT_FOUND) {
            if (!IdempotencyWindow.sameFingerprint(stored, fingerprint)) {
                return ResultCode.ID_EXISTS_WITH_DIFFERENT_FIELDS.number();
            }
            outcome.markReplayed(index);
            return IdempotencyWindow.outcome(stored) & RESULT_MASK;
        }
        final int result = dispatch(type, batch, index, outcome.events()).number();
        window.insertAfterMiss(id, fingerprint, result);
        return result;
    }

    private ResultCode dispatch(final int type, final CommandBatch batch, final int index, final LedgerEvents events) {
        final CommandType commandType = CommandType.ofNumberOrNull(type);
        if (commandType == null) {
            return ResultCode.UNKNOWN_COMMAND_TYPE;
        }
        return switch (commandType) {
            case TRANSFER -> transfer(batch, index, events);
            case POST_PENDING -> postPending(batch, index, events);
            case VOID_PENDING -> voidPending(batch, index, events);
            case CHANGE_TIER -> changeTier(batch, index, events);
            case FREEZE, UNFREEZE, CLOSE -> changeStatus(commandType, batch, index, events);
            case CAMPAIGN_CREATE -> campaignBook.create(batch, index, events);
            case CAMPAIGN_RULE -> campaignBook.addRule(batch, index);
            case CAMPAIGN_GRANT -> campaignBook.grant(batch, index, events);
            case CAMPAIGN_CLOSE -> campaignBook.close(batch, index, events);
            case ESCROW_LOCK -> escrowBook.lock(batch, index, events);
            case ESCROW_RELEASE -> escrowBook.settle(batch, index, true, events);
            case ESCROW_REFUND -> escrowBook.settle(batch, index, false, events);
            case ENTERPRISE_PROFILE -> creditBook.profile(batch, index, events);
            case LOAN_PRODUCT -> creditBook.defineProduct(batch, index);
            case LOAN_DISBURSE -> creditBook.disburse(batch, index, events);
            case LOAN_REPAY -> creditBook.repay(batch, index, events);
            case LOAN_APPLY -> creditBook.apply(batch, index, events);
            case LOAN_DECIDE -> creditBook.decide(batch, index, events);
            case LOAN_WITHDRAW -> creditBook.withdraw(batch, index, events);
            case OPEN_ACCOUNT -> throw new IllegalStateException("open account is handled before dispatch");
        };
    }

    // ------------------------------------------------------------------------------------
    // Transfers
    // ------------------------------------------------------------------------------------

    private ResultCode transfer(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        final int flags = CommandDescriptor.flags(header);
        final int code = CommandDescriptor.code(header);
        final int timeoutSeconds = CommandDescriptor.value(header);
        final long amount = batch.word(index, AMOUNT);
        final boolean isPending = (flags & FLAG_PENDING) != 0;
        final ResultCode shape = checkTransferShape(batch, index, flags, code, timeoutSeconds, amount, isPending);
        if (shape != ResultCode.OK) {
            return shape;
        }
        final int debitHinted = debitHint[index];
        final int debit = debitHinted >= 0 ? debitHinted : accounts.indexOf(batch.word(index, ACCOUNT));
        if (debit < 0) {
            return ResultCode.DEBIT_ACCOUNT_NOT_FOUND;
        }
        final int creditHinted = creditHint[index];
        final int credit = creditHinted >= 0 ? creditHinted : accounts.indexOf(batch.word(index, OTHER_ACCOUNT));
        if (credit < 0) {
            return ResultCode.CREDIT_ACCOUNT_NOT_FOUND;
        }
        final ResultCode allowed = checkTransferAllowed(code, debit, credit, amount, isPending);
        if (allowed != ResultCode.OK) {
            return allowed;
        }
        final long id = batch.id(index);
        final long userData = batch.word(index, USER_DATA);
        if (isPending) {
            if (pending.slotOf(id) >= 0) {
                return ResultCode.ID_HELD_BY_LIVE_PENDING_TRANSFER;
            }
            if (pending.isFull()) {
                return ResultCode.PENDING_LIMIT_REACHED;
            }
            reserve(id, debit, credit, amount, code, timeoutSeconds, userData);
            events.add(EventType.PENDING_CREATED, index, id, 0, debit, credit, amount, code, userData);
        } else {
            long fromFreeFunds = amount;
            if (plannedFromCampaignsFen > 0) {
                campaignBook.spendPlanned(index, id, debit, credit, userData, events);
                fromFreeFunds -= plannedFromCampaignsFen;
                plannedFromCampaignsFen = 0;
            }
            if (fromFreeFunds > 0) {
                move(debit, credit, fromFreeFunds, code);
                events.add(EventType.TRANSFER, index, id, 0, debit, credit, fromFreeFunds, code, userData);
            }
            chargeLimits(debit, code, amount);
        }
        return ResultCode.OK;
    }

    private ResultCode checkTransferShape(final CommandBatch batch, final int index, final int flags, final int code,
                                          final int timeoutSeconds, final long amount, final boolean isPending) {
        if ((flags & ~(FLAG_LINKED | FLAG_PENDING)) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (batch.word(index, REFERENCE) != 0 || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        if (amount <= 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        if (!TransferCode.isValidNumber(code)) {
            return ResultCode.TRANSFER_CODE_INVALID;
        }
        if (!TransferCode.isDirect(code)) {
            return ResultCode.TRANSFER_CODE_RESERVED;
        }
        if (isPending && (timeoutSeconds <= 0 || timeoutSeconds > config.pendingTimeoutMaxSeconds())) {
            return ResultCode.PENDING_TIMEOUT_INVALID;
        }
        if (!isPending && timeoutSeconds != 0) {
            return ResultCode.TIMEOUT_REQUIRES_PENDING;
        }
        if (batch.word(index, ACCOUNT) == batch.word(index, OTHER_ACCOUNT)) {
            return ResultCode.SAME_ACCOUNT;
        }
        return ResultCode.OK;
    }

    /**
     * Every rule that depends on the accounts: kinds, status, operator, limits, funds, cap,
     * totals. Earmarked campaign funds are not available, except to a single-phase merchant
     * payment outside a linked chain at a merchant their campaign allows: for one, the part
     * they will pay is planned here ({@link #plannedFromCampaignsFen}) and spent on success.
     */
    private ResultCode checkTransferAllowed(final int code, final int debit, final int credit, final long amount,
                                            final boolean isPending) {
        plannedFromCampaignsFen = 0;
        final long debitAttributes = accounts.word(debit, ATTRIBUTES);
        final long creditAttributes = accounts.word(credit, ATTRIBUTES);
        final int debitKind = AccountDescriptor.kind(debitAttributes);
        final int creditKind = AccountDescriptor.kind(creditAttributes);
        if (!TransferCode.allowsDebit(code, debitKind)) {
            return ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED;
        }
        if (!TransferCode.allowsCredit(code, creditKind)) {
            return ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED;
        }
        final ResultCode status = checkStatuses(debitAttributes, creditAttributes);
        if (status != ResultCode.OK) {
            return status;
        }
        if (code == TransferCode.EXCHANGE_IN.number() && operatorOf(credit) != debit
                || code == TransferCode.EXCHANGE_OUT.number() && operatorOf(debit) != credit) {
            return ResultCode.WALLET_NOT_AT_OPERATOR;
        }
        if (TransferCode.isPayment(code)) {
            final ResultCode withinLimits = checkPaymentLimits(debit, debitAttributes, amount);
            if (withinLimits != ResultCode.OK) {
                return withinLimits;
            }
        }
        long available = accounts.word(debit, BALANCE) - accounts.word(debit, PENDING_DEBIT);
        final long earmarked = AccountDescriptor.holdsEarmarks(debitAttributes) ? campaignBook.earmarkedFen(debit) : 0;
        if (earmarked > 0) {
            final long fromCampaigns = code == TransferCode.MERCHANT_PAYMENT.number() && !isPending && !inChain
                    ? campaignBook.plan(debit, credit, amount, timestampMs) : 0;
            available = available - earmarked + fromCampaigns;
            plannedFromCampaignsFen = fromCampaigns;
        }
        if (debit == centralBankIndex) {
            if (amount > Long.MAX_VALUE + available || amount > Long.MAX_VALUE - totals[ISSUED]) {
                return ResultCode.AMOUNT_OVERFLOW;
            }
        } else if (amount > available) {
            return ResultCode.INSUFFICIENT_FUNDS;
        }
        if (credit == centralBankIndex && amount > Long.MAX_VALUE - totals[REDEEMED]) {
            return ResultCode.AMOUNT_OVERFLOW;
        }
        final long cap = limits.balanceCapFen(creditKind, AccountDescriptor.tier(creditAttributes));
        if (cap == TierLimits.UNLIMITED) {
            return ResultCode.OK;
        }
        final long held = accounts.word(credit, BALANCE) + accounts.word(credit, PENDING_CREDIT);
        return amount > cap - held ? ResultCode.EXCEEDS_BALANCE_CAP : ResultCode.OK;
    }

    /** Whether the account may pay ({@code debit}) or receive: active, else frozen or closed for that side. */
    static ResultCode checkStatus(final long attributes, final boolean debit) {
        final int status = AccountDescriptor.status(attributes);
        if (status == AccountStatus.ACTIVE.number()) {
            return ResultCode.OK;
        }
        if (status == AccountStatus.FROZEN.number()) {
            return debit ? ResultCode.DEBIT_ACCOUNT_FROZEN : ResultCode.CREDIT_ACCOUNT_FROZEN;
        }
        return debit ? ResultCode.DEBIT_ACCOUNT_CLOSED : ResultCode.CREDIT_ACCOUNT_CLOSED;
    }

    private static ResultCode checkStatuses(final long debitAttributes, final long creditAttributes) {
        final ResultCode debit = checkStatus(debitAttributes, true);
        return debit != ResultCode.OK ? debit : checkStatus(creditAttributes, false);
    }

    ResultCode checkPaymentLimits(final int debit, final long attributes, final long amount) {
        final int kind = AccountDescriptor.kind(attributes);
        final int tier = AccountDescriptor.tier(attributes);
        if (amount > limits.singlePaymentFen(kind, tier)) {
            return ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT;
        }
        final int spendDay = AccountDescriptor.spendDay(attributes);
        final long dailySpent = spendDay == today ? accounts.word(debit, DAILY_SPENT) : 0;
        if (amount > limits.dailyFen(kind, tier) - dailySpent) {
            return ResultCode.EXCEEDS_DAILY_LIMIT;
        }
        final long annualSpent = spendDay >= firstDayOfYear ? accounts.word(debit, ANNUAL_SPENT) : 0;
        if (amount > limits.annualFen(kind, tier) - annualSpent) {
            return ResultCode.EXCEEDS_ANNUAL_LIMIT;
        }
        return ResultCode.OK;
    }

    /** Counts a payment against the paying wallet's daily and annual limits. */
    void chargeLimits(final int debit, final int code, final long amount) {
        if (!TransferCode.isPayment(code)) {
            return;
        }
        final long attributes = accounts.word(debit, ATTRIBUTES);
        final int spendDay = AccountDescriptor.spendDay(attributes);
        final long dailySpent = spendDay == today ? accounts.word(debit, DAILY_SPENT) : 0;
        final long annualSpent = spendDay >= firstDayOfYear ? accounts.word(debit, ANNUAL_SPENT) : 0;
        write(debit, DAILY_SPENT, saturatingAdd(dailySpent, amount));
        write(debit, ANNUAL_SPENT, saturatingAdd(annualSpent, amount));
        if (spendDay != today) {
            write(debit, ATTRIBUTES, AccountDescriptor.withSpendDay(attributes, today));
        }
    }

    /** Gives back limit usage charged on {@code chargedDay} by a pending transfer that did not complete. */
    private void refundLimits(final int debit, final int chargedDay, final long amount) {
        if (chargedDay < 0 || amount == 0) {
            return;
        }
        final int spendDay = AccountDescriptor.spendDay(accounts.word(debit, ATTRIBUTES));
        if (spendDay == chargedDay) {
            write(debit, DAILY_SPENT, Math.max(0, accounts.word(debit, DAILY_SPENT) - amount));
        }
        if (ShanghaiCalendar.year(spendDay) == ShanghaiCalendar.year(chargedDay)) {
            write(debit, ANNUAL_SPENT, Math.max(0, accounts.word(debit, ANNUAL_SPENT) - amount));
        }
    }

    void move(final int debit, final int credit, final long amount, final int code) {
        write(debit, BALANCE, accounts.word(debit, BALANCE) - amount);
        write(credit, BALANCE, accounts.word(credit, BALANCE) + amount);
        if (code == TransferCode.ISSUANCE.number()) {
            addTotal(ISSUED, amount);
        } else if (code == TransferCode.REDEMPTION.number()) {
            addTotal(REDEEMED, amount);
        }
    }

    private void reserve(final long id, final int debit, final int credit, final long amount, final int code,
                         final int timeoutSeconds, final long userData) {
        write(debit, PENDING_DEBIT, accounts.word(debit, PENDING_DEBIT) + amount);
        write(credit, PENDING_CREDIT, accounts.word(credit, PENDING_CREDIT) + amount);
        final int chargedDay = TransferCode.isPayment(code) ? today : -1;
        chargeLimits(debit, code, amount);
        final int slot = pending.add(id, debit, credit, amount, code, timestampMs + timeoutSeconds * 1000L, chargedDay,
                userData);
        if (inChain) {
            undo.record(UndoLog.PENDING_ADDED, slot, 0);
        }
    }

    /** Releases a pending transfer's reservation, posting {@code postedFen} of it (0 for void and expiry). */
    private void release(final int slot, final long postedFen) {
        final int debit = pending.debitIndex(slot);
        final int credit = pending.creditIndex(slot);
        final long amount = pending.amountFen(slot);
        write(debit, PENDING_DEBIT, accounts.word(debit, PENDING_DEBIT) - amount);
        write(credit, PENDING_CREDIT, accounts.word(credit, PENDING_CREDIT) - amount);
        refundLimits(debit, pending.chargedDay(slot), amount - postedFen);
        if (postedFen > 0) {
            move(debit, credit, postedFen, pending.code(slot));
        }
        pending.unlink(slot);
        if (inChain) {
            undo.record(UndoLog.PENDING_REMOVED, slot, 0);
            deferredFree[deferredFreeCount++] = slot;
        } else {
            pending.free(slot);
        }
    }

    private ResultCode postPending(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if ((CommandDescriptor.flags(header) & ~FLAG_LINKED) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (!onlyFields(batch, index, AMOUNT, REFERENCE) || CommandDescriptor.code(header) != 0
                || CommandDescriptor.value(header) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long amount = batch.word(index, AMOUNT);
        if (amount < 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        final long pendingId = batch.word(index, REFERENCE);
        final int slot = pending.slotOf(pendingId);
        if (slot < 0) {
            return resolvedPendingResult(pendingId);
        }
        final long posted = amount == 0 ? pending.amountFen(slot) : amount;
        if (posted > pending.amountFen(slot)) {
            return ResultCode.POST_AMOUNT_EXCEEDS_PENDING;
        }
        final int debit = pending.debitIndex(slot);
        final int credit = pending.creditIndex(slot);
        final ResultCode status = checkStatuses(accounts.word(debit, ATTRIBUTES), accounts.word(credit, ATTRIBUTES));
        if (status != ResultCode.OK) {
            return status;
        }
        final int code = pending.code(slot);
        if (code == TransferCode.ISSUANCE.number() && posted > Long.MAX_VALUE - totals[ISSUED]
                || code == TransferCode.REDEMPTION.number() && posted > Long.MAX_VALUE - totals[REDEEMED]) {
            return ResultCode.AMOUNT_OVERFLOW;
        }
        final long userData = batch.word(index, USER_DATA);
        release(slot, posted);
        setFate(pendingId, FATE_POSTED);
        events.add(EventType.PENDING_POSTED, index, batch.id(index), pendingId, debit, credit, posted, code, userData);
        return ResultCode.OK;
    }

    private ResultCode voidPending(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if ((CommandDescriptor.flags(header) & ~FLAG_LINKED) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (!onlyFields(batch, index, REFERENCE, REFERENCE) || CommandDescriptor.code(header) != 0
                || CommandDescriptor.value(header) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long pendingId = batch.word(index, REFERENCE);
        final int slot = pending.slotOf(pendingId);
        if (slot < 0) {
            return resolvedPendingResult(pendingId);
        }
        final int debit = pending.debitIndex(slot);
        final int credit = pending.creditIndex(slot);
        final long amount = pending.amountFen(slot);
        final int code = pending.code(slot);
        release(slot, 0);
        setFate(pendingId, FATE_VOIDED);
        events.add(EventType.PENDING_VOIDED, index, batch.id(index), pendingId, debit, credit, amount, code,
                batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    /** Why a post or void found no open pending transfer: resolved before (if still remembered), or unknown. */
    private ResultCode resolvedPendingResult(final long pendingId) {
        final long stored = pendingId == 0 ? IdempotencyWindow.NOT_FOUND : window.peek(pendingId);
        if (stored == IdempotencyWindow.NOT_FOUND) {
            return ResultCode.PENDING_TRANSFER_NOT_FOUND;
        }
        return switch (IdempotencyWindow.outcome(stored) & FATE_MASK) {
            case FATE_POSTED -> ResultCode.PENDING_TRANSFER_ALREADY_POSTED;
            case FATE_VOIDED -> ResultCode.PENDING_TRANSFER_ALREADY_VOIDED;
            case FATE_EXPIRED -> ResultCode.PENDING_TRANSFER_EXPIRED;
            default -> ResultCode.PENDING_TRANSFER_NOT_FOUND;
        };
    }

    private void setFate(final long pendingId, final int fate) {
        final long stored = window.peek(pendingId);
        if (stored == IdempotencyWindow.NOT_FOUND) {
            return;
        }
        final int old = IdempotencyWindow.outcome(stored);
        if (inChain) {
            undo.record(UndoLog.WINDOW_OUTCOME, pendingId, old);
        }
        window.setOutcome(pendingId, (old & RESULT_MASK) | fate);
    }

    private void expirePending(final LedgerEvents events) {
        int slot;
        while ((slot = pending.expiredBy(timestampMs)) >= 0) {
            final long id = pending.id(slot);
            final int debit = pending.debitIndex(slot);
            final int credit = pending.creditIndex(slot);
            final long amount = pending.amountFen(slot);
            final int code = pending.code(slot);
            final long userData = pending.userData(slot);
            release(slot, 0);
            setFate(id, FATE_EXPIRED);
            events.add(EventType.PENDING_EXPIRED, -1, id, id, debit, credit, amount, code, userData);
        }
    }

    // ------------------------------------------------------------------------------------
    // Accounts
    // ------------------------------------------------------------------------------------

    private int openAccount(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        final long id = batch.id(index);
        if (id == 0) {
            return ResultCode.ID_MUST_NOT_BE_ZERO.number();
        }
        final ResultCode shape = checkOpenShape(batch, index, header);
        if (shape != ResultCode.OK) {
            return shape.number();
        }
        final int existing = accounts.indexOf(id);
        if (existing >= 0) {
            return sameOpenFields(existing, batch, index)
                    ? ResultCode.OK.number() : ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS.number();
        }
        final ResultCode links = checkOpenLinks(batch, index, header);
        if (links != ResultCode.OK) {
            return links.number();
        }
        if (accounts.isFull()) {
            return ResultCode.ACCOUNTS_LIMIT_REACHED.number();
        }
        final int kind = CommandDescriptor.code(header);
        final long location = batch.word(index, LOCATION);
        final long attributes = AccountDescriptor.attributes(kind, CommandDescriptor.value(header),
                AccountStatus.ACTIVE.number(), (CommandDescriptor.flags(header) & FLAG_HARD_WALLET) != 0,
                CommandDescriptor.merchantCategory(location), CommandDescriptor.district(location));
        final long operatorId = batch.word(index, ACCOUNT);
        final long parentId = batch.word(index, OTHER_ACCOUNT);
        final int operator = operatorId == 0 ? -1 : accounts.indexOf(operatorId);
        final int parent = parentId == 0 ? -1 : accounts.indexOf(parentId);
        final int account = accounts.append(id, attributes, AccountDescriptor.links(operator, parent));
        if (kind == AccountKind.CENTRAL_BANK.number()) {
            centralBankIndex = account;
        }
        events.add(EventType.ACCOUNT_OPENED, index, id, 0, account, -1, 0, kind, batch.word(index, USER_DATA));
        return ResultCode.OK.number();
    }

    /** Rules on the command's own fields. */
    private static ResultCode checkOpenShape(final CommandBatch batch, final int index, final long header) {
        final int flags = CommandDescriptor.flags(header);
        if ((flags & ~FLAG_HARD_WALLET) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (batch.word(index, AMOUNT) != 0 || batch.word(index, REFERENCE) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int kindNumber = CommandDescriptor.code(header);
        if (!AccountKind.isValidNumber(kindNumber)) {
            return ResultCode.ACCOUNT_KIND_INVALID;
        }
        final AccountKind kind = AccountKind.ofNumber(kindNumber);
        if (!kind.isOpenable()) {
            return ResultCode.ACCOUNT_KIND_NOT_OPENABLE;
        }
        if ((flags & FLAG_HARD_WALLET) != 0 && !kind.isWallet()) {
            return ResultCode.FLAGS_INVALID;
        }
        final int tier = CommandDescriptor.value(header);
        if (kind.isWallet() ? tier < 1 || tier > 4 : tier != 0) {
            return ResultCode.TIER_INVALID;
        }
        final long location = batch.word(index, LOCATION);
        final int district = CommandDescriptor.district(location);
        if (district != 0 && (district < 100_000 || district > 999_999)) {
            return ResultCode.DISTRICT_INVALID;
        }
        final int merchantCategory = CommandDescriptor.merchantCategory(location);
        if (merchantCategory < 0 || merchantCategory > 9999 || kind == AccountKind.MERCHANT && merchantCategory == 0) {
            return ResultCode.MERCHANT_CATEGORY_INVALID;
        }
        return ResultCode.OK;
    }

    /** Rules against other accounts: the one central bank, the operator, the parent wallet. */
    private ResultCode checkOpenLinks(final CommandBatch batch, final int index, final long header) {
        final AccountKind kind = AccountKind.ofNumber(CommandDescriptor.code(header));
        if (kind == AccountKind.CENTRAL_BANK && centralBankIndex >= 0) {
            return ResultCode.CENTRAL_BANK_ALREADY_EXISTS;
        }
        final long operatorId = batch.word(index, ACCOUNT);
        final int operator = operatorId == 0 ? -1 : accounts.indexOf(operatorId);
        if (!kind.heldAtOperator()) {
            if (operatorId != 0) {
                return ResultCode.OPERATOR_NOT_ALLOWED;
            }
        } else if (operator < 0 || kindOf(operator) != AccountKind.OPERATOR_RESERVE.number()) {
            return ResultCode.OPERATOR_NOT_FOUND;
        }
        final long parentId = batch.word(index, OTHER_ACCOUNT);
        if (parentId == 0) {
            return ResultCode.OK;
        }
        final int parent = accounts.indexOf(parentId);
        if (parent < 0) {
            return ResultCode.PARENT_NOT_FOUND;
        }
        final long parentAttributes = accounts.word(parent, ATTRIBUTES);
        final boolean parentIsWallet = AccountKind.ofNumber(AccountDescriptor.kind(parentAttributes)).isWallet();
        if (!kind.isWallet() || !parentIsWallet || operatorOf(parent) != operator
                || AccountDescriptor.status(parentAttributes) != AccountStatus.ACTIVE.number()) {
            return ResultCode.PARENT_NOT_ALLOWED;
        }
        return ResultCode.OK;
    }

    /** A retried open: same kind, operator, parent, location and hardness (the tier may have changed since). */
    private boolean sameOpenFields(final int account, final CommandBatch batch, final int index) {
        final long header = batch.header(index);
        final long attributes = accounts.word(account, ATTRIBUTES);
        final long location = batch.word(index, LOCATION);
        final int operator = operatorOf(account);
        final int parent = AccountDescriptor.parentIndex(accounts.word(account, LINKS));
        return AccountDescriptor.kind(attributes) == CommandDescriptor.code(header)
                && AccountDescriptor.hard(attributes) == ((CommandDescriptor.flags(header) & FLAG_HARD_WALLET) != 0)
                && AccountDescriptor.district(attributes) == CommandDescriptor.district(location)
                && AccountDescriptor.merchantCategory(attributes) == CommandDescriptor.merchantCategory(location)
                && (operator < 0 ? 0 : accounts.id(operator)) == batch.word(index, ACCOUNT)
                && (parent < 0 ? 0 : accounts.id(parent)) == batch.word(index, OTHER_ACCOUNT);
    }

    private ResultCode changeTier(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (!onlyFields(batch, index, ACCOUNT, ACCOUNT) || CommandDescriptor.code(header) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int account = accounts.indexOf(batch.word(index, ACCOUNT));
        if (account < 0) {
            return ResultCode.ACCOUNT_NOT_FOUND;
        }
        final long attributes = accounts.word(account, ATTRIBUTES);
        final int kind = AccountDescriptor.kind(attributes);
        if (!AccountKind.ofNumber(kind).isWallet()) {
            return ResultCode.NOT_A_WALLET;
        }
        if (AccountDescriptor.status(attributes) == AccountStatus.CLOSED.number()) {
            return ResultCode.ACCOUNT_CLOSED;
        }
        final int tier = CommandDescriptor.value(header);
        if (tier < 1 || tier > 4) {
            return ResultCode.TIER_INVALID;
        }
        final long held = accounts.word(account, BALANCE) + accounts.word(account, PENDING_CREDIT);
        if (held > limits.balanceCapFen(kind, tier)) {
            return ResultCode.BALANCE_ABOVE_TIER_CAP;
        }
        write(account, ATTRIBUTES, AccountDescriptor.withTier(attributes, tier));
        events.add(EventType.TIER_CHANGED, index, batch.id(index), 0, account, -1, 0, tier, batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    private ResultCode changeStatus(final CommandType type, final CommandBatch batch, final int index,
                                    final LedgerEvents events) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (!onlyFields(batch, index, ACCOUNT, ACCOUNT) || CommandDescriptor.code(header) != 0
                || CommandDescriptor.value(header) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int account = accounts.indexOf(batch.word(index, ACCOUNT));
        if (account < 0) {
            return ResultCode.ACCOUNT_NOT_FOUND;
        }
        final long attributes = accounts.word(account, ATTRIBUTES);
        if (!AccountKind.ofNumber(AccountDescriptor.kind(attributes)).heldAtOperator()) {
            return ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS;
        }
        final int status = AccountDescriptor.status(attributes);
        final ResultCode allowed = checkStatusChange(type, status, account);
        if (allowed != ResultCode.OK) {
            return allowed;
        }
        final AccountStatus newStatus = type == CommandType.FREEZE ? AccountStatus.FROZEN
                : type == CommandType.UNFREEZE ? AccountStatus.ACTIVE : AccountStatus.CLOSED;
        final EventType event = type == CommandType.FREEZE ? EventType.ACCOUNT_FROZEN
                : type == CommandType.UNFREEZE ? EventType.ACCOUNT_UNFROZEN : EventType.ACCOUNT_CLOSED;
        write(account, ATTRIBUTES, AccountDescriptor.withStatus(attributes, newStatus.number()));
        events.add(event, index, batch.id(index), 0, account, -1, 0, 0, batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    private ResultCode checkStatusChange(final CommandType type, final int status, final int account) {
        if (status == AccountStatus.CLOSED.number()) {
            return ResultCode.ACCOUNT_CLOSED;
        }
        return switch (type) {
            case FREEZE -> status == AccountStatus.FROZEN.number() ? ResultCode.ACCOUNT_ALREADY_FROZEN : ResultCode.OK;
            case UNFREEZE -> status != AccountStatus.FROZEN.number() ? ResultCode.ACCOUNT_NOT_FROZEN : ResultCode.OK;
            default -> {
                if (status == AccountStatus.FROZEN.number()) {
                    yield ResultCode.ACCOUNT_FROZEN;
                }
                if (accounts.word(account, BALANCE) != 0) {
                    yield ResultCode.ACCOUNT_HAS_BALANCE;
                }
                if (accounts.word(account, PENDING_DEBIT) != 0 || accounts.word(account, PENDING_CREDIT) != 0) {
                    yield ResultCode.ACCOUNT_HAS_PENDING_TRANSFERS;
                }
                yield ResultCode.OK;
            }
        };
    }

    /** True when every account/amount/reference/location word other than {@code keepA} and {@code keepB} is zero. */
    private static boolean onlyFields(final CommandBatch batch, final int index, final int keepA, final int keepB) {
        for (int word = ACCOUNT; word <= LOCATION; word++) {
            if (word != keepA && word != keepB && batch.word(index, word) != 0) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------
    // State
    // ------------------------------------------------------------------------------------

    private void write(final int account, final int word, final long value) {
        if (inChain) {
            undo.record(UndoLog.ACCOUNT_WORD, (long) account * AccountDescriptor.WORDS + word, accounts.word(account, word));
        }
        accounts.setWord(account, word, value);
    }

    private void addTotal(final int which, final long amount) {
        if (inChain) {
            undo.record(UndoLog.TOTAL, which, totals[which]);
        }
        totals[which] += amount;
    }

    private static long saturatingAdd(final long a, final long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private int operatorOf(final int account) {
        return AccountDescriptor.operatorIndex(accounts.word(account, LINKS));
    }

    int kindOf(final int account) {
        return AccountDescriptor.kind(accounts.word(account, ATTRIBUTES));
    }

    // ------------------------------------------------------------------------------------
    // Primitives for the campaign, escrow and credit books
    // ------------------------------------------------------------------------------------

    Accounts accounts() {
        return accounts;
    }

    int today() {
        return today;
    }

    /** Timestamp of the batch before the one being applied. */
    long previousTimestampMs() {
        return previousTimestampMs;
    }

    /** What the account can pay freely: balance less reservations and earmarked campaign funds. */
    long freeFen(final int account) {
        return accounts.word(account, BALANCE) - accounts.word(account, PENDING_DEBIT) - campaignBook.earmarkedFen(account);
    }

    /** Whether crediting {@code amount} keeps the account within its tier's balance cap. */
    ResultCode checkBalanceCap(final int account, final long amount) {
        final long attributes = accounts.word(account, ATTRIBUTES);
        final long cap = limits.balanceCapFen(AccountDescriptor.kind(attributes), AccountDescriptor.tier(attributes));
        if (cap == TierLimits.UNLIMITED) {
            return ResultCode.OK;
        }
        final long held = accounts.word(account, BALANCE) + accounts.word(account, PENDING_CREDIT);
        return amount > cap - held ? ResultCode.EXCEEDS_BALANCE_CAP : ResultCode.OK;
    }

    /** Opens a campaign pool or escrow account (not held at an operator); the caller checked the id is free. */
    int openSystemAccount(final long id, final AccountKind kind, final int district, final int commandIndex,
                          final long userData, final LedgerEvents events) {
        final long attributes = AccountDescriptor.attributes(kind.number(), 0, AccountStatus.ACTIVE.number(), false, 0,
                district);
        final int account = accounts.append(id, attributes, AccountDescriptor.links(-1, -1));
        events.add(EventType.ACCOUNT_OPENED, commandIndex, id, 0, account, -1, 0, kind.number(), userData);
        return account;
    }

    // ------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------

    /** Sequence number of the last applied batch (0 before the first). */
    public long sequence() {
        return sequence;
    }

    /** Timestamp of the last applied batch. */
    public long timestampMs() {
        return timestampMs;
    }

    public long issuedFen() {
        return totals[ISSUED];
    }

    public long redeemedFen() {
        return totals[REDEEMED];
    }

    /** e-CNY in circulation: issued minus redeemed. */
    public long circulationFen() {
        return totals[ISSUED] - totals[REDEEMED];
    }

    public int accountCount() {
        return accounts.count();
    }

    public int pendingCount() {
        return pending.count();
    }

    /** Id of the account at dense index {@code index} (as found in events). */
    public long accountId(final int index) {
        return accounts.id(index);
    }

    /** Packed attributes of the account at {@code index} (see {@link AccountDescriptor}), for event consumers. */
    public long accountAttributes(final int index) {
        return accounts.word(index, ATTRIBUTES);
    }

    /** Dense index of the operator reserve the account at {@code index} is held at, or -1 (for event consumers). */
    public int operatorIndex(final int index) {
        return operatorOf(index);
    }

    /** Dense index of the account with this id, or -1. */
    public int accountIndex(final long accountId) {
        return accounts.indexOf(accountId);
    }

    /** The account with this id as a record, or null. Allocates: not for hot paths. */
    public AccountView account(final long accountId) {
        final int index = accounts.indexOf(accountId);
        return index < 0 ? null : view(index);
    }

    private AccountView view(final int index) {
        final long attributes = accounts.word(index, ATTRIBUTES);
        final long links = accounts.word(index, LINKS);
        final int operator = AccountDescriptor.operatorIndex(links);
        final int parent = AccountDescriptor.parentIndex(links);
        final int spendDay = AccountDescriptor.spendDay(attributes);
        return new AccountView(accounts.id(index), AccountKind.ofNumber(AccountDescriptor.kind(attributes)),
                AccountDescriptor.tier(attributes), AccountStatus.ofNumber(AccountDescriptor.status(attributes)),
                AccountDescriptor.hard(attributes), AccountDescriptor.merchantCategory(attributes),
                AccountDescriptor.district(attributes), operator < 0 ? 0 : accounts.id(operator),
                parent < 0 ? 0 : accounts.id(parent), accounts.word(index, BALANCE), accounts.word(index, PENDING_DEBIT),
                accounts.word(index, PENDING_CREDIT), spendDay == today ? accounts.word(index, DAILY_SPENT) : 0,
                spendDay >= firstDayOfYear ? accounts.word(index, ANNUAL_SPENT) : 0, campaignBook.earmarkedFen(index));
    }

    /** The campaign with this id as a record, or null. Allocates: not for hot paths. */
    public CampaignView campaign(final long campaignId) {
        final Campaigns campaigns = campaignBook.campaigns;
        final int c = campaigns.indexOf(campaignId);
        if (c < 0) {
            return null;
        }
        final String status = switch (campaigns.status(c)) {
            case Campaigns.OPEN -> "OPEN";
            case Campaigns.EXPIRED -> "EXPIRED";
            default -> "CLOSED";
        };
        return new CampaignView(campaignId, accounts.id(campaigns.funderIndex(c)), campaigns.budgetFen(c),
                campaigns.validFromMs(c), campaigns.validUntilMs(c), status,
                accounts.word(campaigns.poolIndex(c), BALANCE), campaigns.grantedFen(c), campaigns.spentFen(c),
                campaigns.expiredFen(c), campaigns.returnedFen(c), campaigns.minPurchaseFen(c),
                unlessUnlimited(campaigns.maxPerPaymentFen(c)), unlessUnlimited(campaigns.walletCapFen(c)));
    }

    private static long unlessUnlimited(final long fen) {
        return fen == Long.MAX_VALUE ? 0 : fen;
    }

    /** What the wallet holds earmarked, campaign by campaign in the order it spends them. Allocates. */
    public List<EarmarkView> earmarks(final long walletId) {
        final int wallet = accounts.indexOf(walletId);
        final List<EarmarkView> views = new ArrayList<>();
        final Earmarks earmarks = campaignBook.earmarks;
        for (int entry = wallet < 0 ? -1 : earmarks.first(wallet); entry >= 0; entry = earmarks.next(entry)) {
            final int c = earmarks.campaign(entry);
            views.add(new EarmarkView(campaignBook.campaigns.id(c), earmarks.amountFen(entry), earmarks.grantedFen(entry),
                    campaignBook.campaigns.validUntilMs(c)));
        }
        return views;
    }

    /** The escrow with this id as a record, or null. Allocates. */
    public EscrowView escrow(final long escrowId) {
        final Escrows escrows = escrowBook.escrows;
        final int e = escrows.indexOf(escrowId);
        if (e < 0) {
            return null;
        }
        final int authorised = escrows.authorised(e);
        return new EscrowView(escrowId, accounts.id(escrows.payer(e)), accounts.id(escrows.beneficiary(e)),
                authorised < 0 ? 0 : accounts.id(authorised), escrows.lockedFen(e),
                accounts.word(escrows.accountIndex(e), BALANCE), escrows.deadlineMs(e), escrows.defaultAction(e),
                escrows.status(e) == Escrows.OPEN ? "OPEN" : "SETTLED");
    }

    /** The loan with this id as a record, or null. Allocates. */
    public LoanView loan(final long loanId) {
        final Loans loans = creditBook.loans;
        final LoanProducts products = creditBook.products;
        final int l = loans.indexOf(loanId);
        if (l < 0) {
            return null;
        }
        final int product = loans.product(l);
        final int nextDueDay = loans.nextPeriod(l) > products.termMonths(product) ? -1
                : LoanMath.dueDay(loans.disbursementDay(l), products.repaymentDay(product), loans.nextPeriod(l));
        final int daysPastDue = loans.daysPastDue(l, today);
        return new LoanView(loanId, products.id(product), accounts.id(loans.borrower(l)), accounts.id(loans.lender(l)),
                loans.principalFen(l), loans.balanceFen(l), loans.duePrincipalFen(l), loans.dueInterestFen(l),
                loans.penaltyFen(l), loans.levelFen(l), nextDueDay, daysPastDue, Delinquency.of(daysPastDue),
                loans.status(l) == Loans.ACTIVE ? "ACTIVE" : "REPAID", loans.disbursementDay(l));
    }

    /** The loan product with this id as a record, or null. Allocates. */
    public LoanProductView loanProduct(final long productId) {
        final LoanProducts products = creditBook.products;
        final int p = products.indexOf(productId);
        return p < 0 ? null : new LoanProductView(productId, accounts.id(products.lender(p)), products.annualRateBp(p),
                products.penaltyRateBp(p), products.termMonths(p), products.graceMonths(p), products.amortisation(p),
                products.repaymentDay(p));
    }

    /** The loan application with this id as a record, or null. Allocates. */
    public LoanApplicationView loanApplication(final long applicationId) {
        final int a = creditBook.applications.indexOf(applicationId);
        return a < 0 ? null : applicationView(a);
    }

    private LoanApplicationView applicationView(final int a) {
        final LoanApplications applications = creditBook.applications;
        final int reason = applications.declineReasonNumber(a);
        return new LoanApplicationView(applications.id(a), accounts.id(applications.applicant(a)),
                accounts.id(applications.lender(a)), creditBook.products.id(applications.product(a)),
                applications.amountFen(a), applications.termMonths(a),
                LoanPurpose.ofNumber(applications.purposeNumber(a)),
                LoanApplicationStatus.ofNumber(applications.statusNumber(a)), applications.submittedDay(a),
                applications.decidedDay(a), applications.loanId(a),
                reason == 0 ? null : LoanDeclineReason.ofNumber(reason));
    }

    /**
     * One page of the loan applications lent by {@code lenderId}, in order of submission: those
     * after application {@code afterId} (0 for the first page) with {@code status} (null for
     * any), at most {@code limit}. Looks at no more than {@value #APPLICATION_PAGE_SCAN_MAX}
     * applications, so a page may be short while more follow: {@code nextAfterId} is where to
     * continue (0 at the end). Returns null when {@code afterId} is not an application of this
     * lender. Allocates.
     */
    public LoanApplicationPage loanApplications(final long lenderId, final LoanApplicationStatus status,
                                                final long afterId, final int limit) {
        Checks.checkArgument(limit > 0, "page limit must be positive");
        final LoanApplications applications = creditBook.applications;
        final int lender = accounts.indexOf(lenderId);
        int a;
        if (afterId == 0) {
            a = lender < 0 ? -1 : applications.firstOfLender(lender);
        } else {
            final int after = applications.indexOf(afterId);
            if (after < 0 || lender < 0 || applications.lender(after) != lender) {
                return null;
            }
            a = applications.nextOfLender(after);
        }
        final List<LoanApplicationView> items = new ArrayList<>();
        int scanned = 0;
        long last = 0;
        while (a >= 0 && items.size() < limit && scanned < APPLICATION_PAGE_SCAN_MAX) {
            if (status == null || applications.statusNumber(a) == status.number()) {
                items.add(applicationView(a));
            }
            last = applications.id(a);
            scanned++;
            a = applications.nextOfLender(a);
        }
        return new LoanApplicationPage(items, a >= 0 ? last : 0);
    }

    /** The enterprise size number (1-4) of the account at {@code index}, 0 without a profile (for event consumers). */
    public int enterpriseSize(final int index) {
        return creditBook.profiles.sizeNumber(index);
    }

    /** The sector code of the account at {@code index}, 0 without a profile (for event consumers). */
    public int enterpriseSector(final int index) {
        return creditBook.profiles.sector(index);
    }

    /** Loans not yet repaid. */
    public int activeLoanCount() {
        return creditBook.loans.activeCount();
    }

    /** Bytes held by the account store, pending transfers excluded. */
    public long accountStoreBytes() {
        return accounts.footprintBytes();
    }

    /** Bytes held by the idempotency window. */
    public long idempotencyWindowBytes() {
        return window.footprintBytes();
    }

    /** SHA-256 of the canonical state ({@link StateDigest}). Walks every account: for tests, verify and recovery. */
    public byte[] stateHash() {
        final StateDigest digest = new StateDigest();
        writeState(digest);
        return digest.finish();
    }

    /** Writes the whole state in canonical form ({@link StateWriter}): for the state hash and snapshots. */
    public void writeState(final StateWriter<?> out) {
        out.header(sequence, timestampMs, totals[ISSUED], totals[REDEEMED]);
        final int count = accounts.count();
        out.count(count);
        for (int index = 0; index < count; index++) {
            final long attributes = accounts.word(index, ATTRIBUTES);
            final long links = accounts.word(index, LINKS);
            final int operator = AccountDescriptor.operatorIndex(links);
            final int parent = AccountDescriptor.parentIndex(links);
            out.account(accounts.id(index), AccountDescriptor.kind(attributes), AccountDescriptor.tier(attributes),
                    AccountDescriptor.status(attributes), AccountDescriptor.hard(attributes),
                    AccountDescriptor.merchantCategory(attributes), AccountDescriptor.district(attributes),
                    operator < 0 ? 0 : accounts.id(operator), parent < 0 ? 0 : accounts.id(parent),
                    accounts.word(index, BALANCE), accounts.word(index, PENDING_DEBIT), accounts.word(index, PENDING_CREDIT),
                    accounts.word(index, DAILY_SPENT), accounts.word(index, ANNUAL_SPENT),
                    AccountDescriptor.spendDay(attributes));
        }
        final int[] slots = pending.slotsById();
        out.count(slots.length);
        for (final int slot : slots) {
            out.pending(pending.id(slot), accounts.id(pending.debitIndex(slot)), accounts.id(pending.creditIndex(slot)),
                    pending.amountFen(slot), pending.code(slot), pending.expiresAtMs(slot), pending.chargedDay(slot),
                    pending.userData(slot));
        }
        for (final int generation : new int[] {1, 0}) {
            final long[][] entries = window.generation(generation);
            out.count(entries[0].length);
            for (int i = 0; i < entries[0].length; i++) {
                out.idempotencyEntry(entries[0][i], entries[1][i]);
            }
        }
        campaignBook.writeState(out);
        escrowBook.writeState(out);
        creditBook.writeState(out);
    }

    /**
     * A ledger rebuilt from the canonical state written by {@link #writeState}, as after
     * {@code sequence()} batches. Throws {@link IllegalArgumentException} when the state does
     * not fit {@code config} (more accounts or pending transfers than it allows) or is not
     * well-formed (an account refers to one not yet restored).
     */
    public static Ledger restore(final LedgerConfig config, final StateReader in) {
        final Ledger ledger = new Ledger(config);
        ledger.sequence = in.next();
        ledger.timestampMs = in.next();
        ledger.totals[ISSUED] = in.next();
        ledger.totals[REDEEMED] = in.next();
        ledger.today = ShanghaiCalendar.epochDay(ledger.timestampMs);
        ledger.firstDayOfYear = ShanghaiCalendar.firstDayOfYear(ShanghaiCalendar.year(ledger.today));
        final long count = in.next();
        Checks.checkArgument(count >= 0 && count <= config.accountsMax(),
                "the snapshot holds " + count + " accounts; the configuration allows " + config.accountsMax());
        for (long i = 0; i < count; i++) {
            ledger.restoreAccount(in);
        }
        final long pendingCount = in.next();
        Checks.checkArgument(pendingCount >= 0 && pendingCount <= config.pendingMax(),
                "the snapshot holds " + pendingCount + " pending transfers; the configuration allows " + config.pendingMax());
        for (long i = 0; i < pendingCount; i++) {
            ledger.pending.add(in.next(), ledger.restoredIndex(in.next()), ledger.restoredIndex(in.next()), in.next(),
                    (int) in.next(), in.next(), (int) in.next(), in.next());
        }
        final long[][] previous = readGeneration(in, config);
        final long[][] current = readGeneration(in, config);
        ledger.window.restore(current, previous);
        ledger.campaignBook.restore(in);
        ledger.escrowBook.restore(in, ledger.timestampMs);
        ledger.creditBook.restore(in);
        ledger.previousTimestampMs = ledger.timestampMs;
        ledger.creditDay = ledger.sequence == 0 ? Integer.MIN_VALUE : ledger.today;
        return ledger;
    }

    private void restoreAccount(final StateReader in) {
        final long id = in.next();
        final int kind = (int) in.next();
        final int tier = (int) in.next();
        final int status = (int) in.next();
        final boolean hard = in.next() != 0;
        final int merchantCategory = (int) in.next();
        final int district = (int) in.next();
        final long operatorId = in.next();
        final long parentId = in.next();
        Checks.checkArgument(AccountKind.isValidNumber(kind) && accounts.indexOf(id) < 0,
                "snapshot account " + id + " has an unknown kind or appears twice");
        final long attributes = AccountDescriptor.attributes(kind, tier, status, hard, merchantCategory, district);
        final int operator = operatorId == 0 ? -1 : restoredIndex(operatorId);
        final int parent = parentId == 0 ? -1 : restoredIndex(parentId);
        final int index = accounts.append(id, attributes, AccountDescriptor.links(operator, parent));
        accounts.setWord(index, BALANCE, in.next());
        accounts.setWord(index, PENDING_DEBIT, in.next());
        accounts.setWord(index, PENDING_CREDIT, in.next());
        accounts.setWord(index, DAILY_SPENT, in.next());
        accounts.setWord(index, ANNUAL_SPENT, in.next());
        accounts.setWord(index, ATTRIBUTES, AccountDescriptor.withSpendDay(attributes, in.next()));
        if (kind == AccountKind.CENTRAL_BANK.number()) {
            centralBankIndex = index;
        }
    }

    private int restoredIndex(final long accountId) {
        return restoredIndex(accounts, accountId);
    }

    /** The index of an account a snapshot refers to; throws when the snapshot has not restored it yet. */
    static int restoredIndex(final Accounts accounts, final long accountId) {
        final int index = accounts.indexOf(accountId);
        Checks.checkArgument(index >= 0, "snapshot refers to account " + accountId + " before restoring it");
        return index;
    }

    private static long[][] readGeneration(final StateReader in, final LedgerConfig config) {
        final long count = in.next();
        Checks.checkArgument(count >= 0 && count <= config.idempotencyGeneration(),
                "the snapshot's idempotency generation holds " + count + " ids; the configuration allows "
                        + config.idempotencyGeneration());
        final long[] ids = new long[(int) count];
        final long[] stored = new long[(int) count];
        for (int i = 0; i < count; i++) {
            ids[i] = in.next();
            stored[i] = in.next();
        }
        return new long[][] {ids, stored};
    }

    /**
     * Checks the ledger's invariants by walking every account; returns what is broken (empty
     * when all holds): balances sum to zero; circulation = issued − redeemed = −(central bank
     * balance) = the sum of all other balances; no account but the central bank below zero or
     * below its reservations; no wallet above its cap; reservations match open pending transfers;
     * and the campaign, escrow and loan books agree with the balances they account for.
     */
    public List<String> checkInvariants() {
        final List<String> broken = new ArrayList<>();
        long sum = 0;
        long outside = 0;
        long pendingDebits = 0;
        long pendingCredits = 0;
        final int count = accounts.count();
        for (int index = 0; index < count; index++) {
            final long balance = accounts.word(index, BALANCE);
            sum = Math.addExact(sum, balance);
            pendingDebits = Math.addExact(pendingDebits, accounts.word(index, PENDING_DEBIT));
            pendingCredits = Math.addExact(pendingCredits, accounts.word(index, PENDING_CREDIT));
            if (index == centralBankIndex) {
                continue;
            }
            outside = Math.addExact(outside, balance);
            checkAccountBounds(index, balance, broken);
        }
        if (sum != 0) {
            broken.add("balances sum to " + sum + " fen, not 0: debits and credits differ");
        }
        final long centralBank = centralBankIndex < 0 ? 0 : accounts.word(centralBankIndex, BALANCE);
        if (circulationFen() != -centralBank || circulationFen() != outside) {
            broken.add("circulation " + circulationFen() + " (issued - redeemed) differs from central bank balance "
                    + centralBank + " or balances outside it " + outside);
        }
        long reserved = 0;
        for (final int slot : pending.slotsById()) {
            reserved = Math.addExact(reserved, pending.amountFen(slot));
        }
        if (pendingDebits != reserved || pendingCredits != reserved) {
            broken.add("reservations (debit " + pendingDebits + ", credit " + pendingCredits
                    + ") differ from open pending transfers " + reserved);
        }
        campaignBook.checkInvariants(broken);
        escrowBook.checkInvariants(broken);
        creditBook.checkInvariants(broken);
        return broken;
    }

    private void checkAccountBounds(final int index, final long balance, final List<String> broken) {
        final long attributes = accounts.word(index, ATTRIBUTES);
        if (balance - accounts.word(index, PENDING_DEBIT) < 0) {
            broken.add("account " + accounts.id(index) + " is below zero after reservations: " + balance);
        }
        final long cap = limits.balanceCapFen(AccountDescriptor.kind(attributes), AccountDescriptor.tier(attributes));
        if (balance + accounts.word(index, PENDING_CREDIT) > cap) {
            broken.add("wallet " + accounts.id(index) + " holds " + balance + " fen, above its cap " + cap);
        }
    }
}
