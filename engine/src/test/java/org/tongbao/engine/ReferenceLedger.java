package org.tongbao.engine;

import static org.tongbao.engine.command.CommandDescriptor.FLAG_HARD_WALLET;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_LINKED;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_PENDING;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.command.Fingerprint;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateDigest;
import org.tongbao.engine.wallet.TierLimits;

/**
 * A naive model of {@link Ledger} for the differential test: the same rules written the plainest
 * way (a map of account objects in opening order, a sorted map of pending transfers, two maps for
 * the idempotency window, a deep copy to roll back a linked chain, {@code java.time} for the
 * Asia/Shanghai calendar, {@link BigInteger} wherever a sum could overflow), so that a reader can
 * check it against the rule book and the test can check the engine against it. Shared with the
 * engine by design: the command layout ({@link CommandDescriptor}), {@link Fingerprint}, the limit
 * table ({@link LedgerConfig#walletLimits()}) and the canonical hash stream ({@link StateDigest}).
 *
 * <p>When several rules break, the first one in this order gives the result code (the order of
 * {@code Ledger}):
 * <ol>
 *   <li><b>Batch.</b> Pending transfers due by the batch time (expiresAt &le; time) expire first,
 *       in (expiresAt, id) order. Then commands run in order; a command flagged LINKED, the ones
 *       after it that are flagged too, and the first one after them that is not form a chain.
 *   <li><b>Chain.</b> Open at the end of the batch: every member LINKED_CHAIN_OPEN, nothing else
 *       happens. Otherwise members run in order until one fails; a member that is not a transfer,
 *       post or void fails with LINKED_NOT_ALLOWED without running. When one fails, the chain's
 *       changes are undone, the failed member keeps its code and every other member gets
 *       LINKED_EVENT_FAILED (unless it replays a remembered id), which is also remembered for
 *       their ids (see {@link #markChainFailed}).
 *   <li><b>Open account</b> (no idempotency window: the account id is the key): id 0; flags
 *       other than HARD_WALLET; amount or reference set; kind; HARD_WALLET on a non-wallet; tier
 *       (wallets 1-4, others 0); district (0 or 6 digits); merchant category (0-9999, merchants
 *       1-9999); an account with this id exists (same kind, hardness, district, category, operator
 *       and parent: OK; else ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS); a second central bank;
 *       operator (none for central bank and operators; else an existing operator reserve);
 *       parent (exists; both wallets, same operator, parent active); accounts limit.
 *   <li><b>Every other command:</b> id 0; idempotency (a remembered id with the same fingerprint
 *       gets its first result again, with different fields ID_EXISTS_WITH_DIFFERENT_FIELDS;
 *       neither is remembered anew); unknown type; then the rules of its type, and its result is
 *       remembered.
 *   <li><b>Transfer:</b> flags other than LINKED and PENDING; reference or location set; amount
 *       &le; 0; transfer code; timeout (pending: 1 to the maximum; otherwise 0); same account;
 *       debit exists; credit exists; debit kind; credit kind; debit frozen or closed; credit
 *       frozen or closed; exchange with another operator's wallet; for payments the debit's
 *       single, daily and annual limits; funds (the central bank instead must stay above
 *       -Long.MAX_VALUE and keep total issuance within a long); total redemption within a long;
 *       the credit's balance cap (balance + pending credits + amount); for pending transfers a
 *       live pending transfer with this id, then the pending limit.
 *   <li><b>Post:</b> flags other than LINKED; a field other than amount, reference and user data;
 *       amount &lt; 0; the pending transfer is open (else what became of it: posted, voided,
 *       expired, or not found); amount above the pending amount; debit frozen or closed; credit
 *       frozen or closed; totals within a long.
 *   <li><b>Void:</b> flags other than LINKED; a field other than reference and user data; the
 *       pending transfer is open (else what became of it).
 *   <li><b>Change tier:</b> flags; a field other than account and user data, or a code;
 *       account exists; is a wallet; not closed; tier 1-4; balance + pending credits within the
 *       new tier's cap.
 *   <li><b>Freeze, unfreeze, close:</b> flags; a field other than account and user data, or a
 *       code or value; account exists; held at an operator; not closed; then freeze: not
 *       frozen yet; unfreeze: frozen; close: not frozen, zero balance, nothing pending.
 * </ol>
 *
 * <p>Payments count toward the paying account's daily and annual spending (kept with the day of
 * the last counted payment, and read as 0 once that day or year is over). A pending payment
 * counts when created; when it is voided, expires or is posted in part, the part not paid is
 * taken off again (daily only if no later day has been counted since, annual only within the
 * same year). The fate of a pending transfer (posted, voided, expired) is written into bits 8-9
 * of the outcome remembered for its id, so that a later post or void can say what happened.
 *
 * <p>Not thread-safe; slow on purpose. For tests only.
 */
final class ReferenceLedger {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Low bits of a stored idempotency word that hold the outcome instead of fingerprint bits. */
    private static final long OUTCOME_BITS = 0x3FF;

    private final LedgerConfig config;
    private LinkedHashMap<Long, Account> accounts = new LinkedHashMap<>();
    private TreeMap<Long, Pending> pending = new TreeMap<>();
    private long issuedFen;
    private long redeemedFen;
    private Map<Long, Remembered> currentIds = new HashMap<>();
    private Map<Long, Remembered> previousIds = new HashMap<>();

    private long sequence;
    private long timestampMs;
    private int today;

    /** True while a linked chain runs; then the two fields below describe it. */
    private boolean inChain;
    /** Fate marks the running chain wrote: taken back if it fails. */
    private final List<FateMark> chainFateMarks = new ArrayList<>();

    ReferenceLedger(final LedgerConfig config) {
        this.config = config;
    }

    /** Applies one batch, as {@link Ledger#apply}; returns the result of each command. */
    List<ResultCode> apply(final long batchSequence, final long batchTimestampMs, final List<Command> batch) {
        Checks.checkArgument(batchSequence == sequence + 1, "batch sequence out of order");
        Checks.checkArgument(batchTimestampMs >= timestampMs, "batch time went backwards");
        sequence = batchSequence;
        timestampMs = batchTimestampMs;
        today = shanghaiDay(batchTimestampMs);
        expirePendingTransfers();
        final List<Fields> commands = new ArrayList<>();
        for (final Command command : batch) {
            commands.add(Fields.of(command));
        }
        final ResultCode[] results = new ResultCode[commands.size()];
        int index = 0;
        while (index < commands.size()) {
            if (commands.get(index).isLinked()) {
                index = applyChain(commands, index, results);
            } else {
                results[index] = execute(commands.get(index)).result();
                index++;
            }
        }
        return List.of(results);
    }

    // ------------------------------------------------------------------------------------
    // Linked chains and idempotency
    // ------------------------------------------------------------------------------------

    private int applyChain(final List<Fields> commands, final int first, final ResultCode[] results) {
        int last = first;
        while (last < commands.size() && commands.get(last).isLinked()) {
            last++;
        }
        if (last == commands.size()) {
            for (int index = first; index < commands.size(); index++) {
                results[index] = ResultCode.LINKED_CHAIN_OPEN;
            }
            return last;
        }
        final Snapshot before = snapshot();
        inChain = true;
        chainFateMarks.clear();
        final boolean[] replayed = new boolean[commands.size()];
        int failed = -1;
        for (int index = first; index <= last && failed < 0; index++) {
            final Fields command = commands.get(index);
            if (isLinkable(command.type())) {
                final Executed executed = execute(command);
                results[index] = executed.result();
                replayed[index] = executed.replayed();
            } else {
                results[index] = ResultCode.LINKED_NOT_ALLOWED;
            }
            if (results[index] != ResultCode.OK) {
                failed = index;
            }
        }
        inChain = false;
        if (failed >= 0) {
            restore(before);
            takeBackFateMarks();
            markChainFailed(commands, first, last, failed, replayed, results);
        }
        return last + 1;
    }

    private static boolean isLinkable(final int type) {
        return type == CommandType.TRANSFER.number() || type == CommandType.POST_PENDING.number()
                || type == CommandType.VOID_PENDING.number();
    }

    /**
     * After a chain failed and was undone: every member but the failed one is LINKED_EVENT_FAILED,
     * except members that are replays of a remembered id with the same fields, which get their
     * remembered result (so a retried chain is answered as the first time). What the idempotency
     * window keeps: ids it learned during the chain stay (and so does any rotation); members
     * before the failed one that ran for the first time are remembered as LINKED_EVENT_FAILED;
     * members after it never ran: an unknown id is remembered as LINKED_EVENT_FAILED, a known
     * one keeps what it had.
     */
    private void markChainFailed(final List<Fields> commands, final int first, final int last, final int failed,
                                 final boolean[] replayed, final ResultCode[] results) {
        for (int index = first; index <= last; index++) {
            if (index == failed || replayed[index]) {
                continue;
            }
            results[index] = ResultCode.LINKED_EVENT_FAILED;
            final Fields command = commands.get(index);
            if (command.id() == 0 || !isLinkable(command.type())) {
                continue;
            }
            if (index < failed) {
                final Remembered remembered = peek(command.id());
                if (remembered != null) {
                    remembered.result = ResultCode.LINKED_EVENT_FAILED;
                    remembered.fate = Fate.NONE;
                }
                continue;
            }
            final Remembered known = find(command.id());
            if (known == null) {
                remember(command, ResultCode.LINKED_EVENT_FAILED);
            } else if (known.fingerprint == command.fingerprint()) {
                results[index] = known.result;
            }
        }
    }

    /** The idempotency check, then the command itself. */
    private Executed execute(final Fields command) {
        if (command.type() == CommandType.OPEN_ACCOUNT.number()) {
            return new Executed(openAccount(command), false);
        }
        if (command.id() == 0) {
            return new Executed(ResultCode.ID_MUST_NOT_BE_ZERO, false);
        }
        final Remembered known = find(command.id());
        if (known != null) {
            return known.fingerprint == command.fingerprint()
                    ? new Executed(known.result, true)
                    : new Executed(ResultCode.ID_EXISTS_WITH_DIFFERENT_FIELDS, false);
        }
        final ResultCode result = dispatch(command);
        remember(command, result);
        return new Executed(result, false);
    }

    private ResultCode dispatch(final Fields command) {
        final CommandType type = CommandType.ofNumberOrNull(command.type());
        if (type == null) {
            return ResultCode.UNKNOWN_COMMAND_TYPE;
        }
        return switch (type) {
            case TRANSFER -> transfer(command);
            case POST_PENDING -> postPending(command);
            case VOID_PENDING -> voidPending(command);
            case CHANGE_TIER -> changeTier(command);
            case FREEZE, UNFREEZE, CLOSE -> changeStatus(type, command);
            case OPEN_ACCOUNT -> throw new IllegalStateException("open account has no idempotency entry");
            default -> throw new IllegalStateException("the model covers payments and accounts, not " + type
                    + "; programmable money and credit have their own tests");
        };
    }

    /** Looks an id up as the window does: first, if the current generation is full, it becomes the previous one. */
    private Remembered find(final long id) {
        if (currentIds.size() == config.idempotencyGeneration()) {
            previousIds = currentIds;
            currentIds = new HashMap<>();
        }
        return peek(id);
    }

    /** Looks an id up without rotating. */
    private Remembered peek(final long id) {
        final Remembered remembered = currentIds.get(id);
        return remembered != null ? remembered : previousIds.get(id);
    }

    private void remember(final Fields command, final ResultCode result) {
        currentIds.put(command.id(), new Remembered(command.fingerprint(), result, Fate.NONE));
    }

    private void markFate(final long pendingId, final Fate fate) {
        final Remembered remembered = peek(pendingId);
        if (remembered == null) {
            return;
        }
        if (inChain) {
            chainFateMarks.add(new FateMark(pendingId, remembered.result, remembered.fate));
        }
        remembered.fate = fate;
    }

    /** Undoes the failed chain's fate marks, newest first, on ids the window still holds. */
    private void takeBackFateMarks() {
        for (int i = chainFateMarks.size() - 1; i >= 0; i--) {
            final FateMark mark = chainFateMarks.get(i);
            final Remembered remembered = peek(mark.pendingId());
            if (remembered != null) {
                remembered.result = mark.result();
                remembered.fate = mark.fate();
            }
        }
    }

    private Snapshot snapshot() {
        final LinkedHashMap<Long, Account> accountsCopy = new LinkedHashMap<>();
        for (final Account account : accounts.values()) {
            accountsCopy.put(account.id, account.copy());
        }
        return new Snapshot(accountsCopy, new TreeMap<>(pending), issuedFen, redeemedFen);
    }

    private void restore(final Snapshot snapshot) {
        accounts = snapshot.accounts();
        pending = snapshot.pending();
        issuedFen = snapshot.issuedFen();
        redeemedFen = snapshot.redeemedFen();
    }

    // ------------------------------------------------------------------------------------
    // Transfers
    // ------------------------------------------------------------------------------------

    private ResultCode transfer(final Fields command) {
        final ResultCode shape = checkTransferShape(command);
        if (shape != ResultCode.OK) {
            return shape;
        }
        final Account debit = accounts.get(command.account());
        if (debit == null) {
            return ResultCode.DEBIT_ACCOUNT_NOT_FOUND;
        }
        final Account credit = accounts.get(command.otherAccount());
        if (credit == null) {
            return ResultCode.CREDIT_ACCOUNT_NOT_FOUND;
        }
        final TransferCode code = TransferCode.ofNumber(command.code());
        final long amountFen = command.amountFen();
        final ResultCode allowed = checkTransferAllowed(code, debit, credit, amountFen);
        if (allowed != ResultCode.OK) {
            return allowed;
        }
        if (!command.isPending()) {
            move(debit, credit, amountFen, code);
            countPayment(debit, code, amountFen);
            return ResultCode.OK;
        }
        if (pending.containsKey(command.id())) {
            return ResultCode.ID_HELD_BY_LIVE_PENDING_TRANSFER;
        }
        if (pending.size() >= config.pendingMax()) {
            return ResultCode.PENDING_LIMIT_REACHED;
        }
        debit.pendingDebitFen += amountFen;
        credit.pendingCreditFen += amountFen;
        countPayment(debit, code, amountFen);
        pending.put(command.id(), new Pending(command.id(), debit.id, credit.id, amountFen, code,
                timestampMs + command.value() * 1000L, code.isPayment() ? today : -1, command.userData()));
        return ResultCode.OK;
    }

    private ResultCode checkTransferShape(final Fields command) {
        if ((command.flags() & ~(FLAG_LINKED | FLAG_PENDING)) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (command.reference() != 0 || command.location() != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        if (command.amountFen() <= 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        if (!TransferCode.isValidNumber(command.code())) {
            return ResultCode.TRANSFER_CODE_INVALID;
        }
        if (!TransferCode.ofNumber(command.code()).isDirect()) {
            return ResultCode.TRANSFER_CODE_RESERVED;
        }
        final int timeoutSeconds = command.value();
        if (command.isPending() && (timeoutSeconds < 1 || timeoutSeconds > config.pendingTimeoutMaxSeconds())) {
            return ResultCode.PENDING_TIMEOUT_INVALID;
        }
        if (!command.isPending() && timeoutSeconds != 0) {
            return ResultCode.TIMEOUT_REQUIRES_PENDING;
        }
        if (command.account() == command.otherAccount()) {
            return ResultCode.SAME_ACCOUNT;
        }
        return ResultCode.OK;
    }

    private ResultCode checkTransferAllowed(final TransferCode code, final Account debit, final Account credit,
                                            final long amountFen) {
        if (!code.allowsDebit(debit.kind)) {
            return ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED;
        }
        if (!code.allowsCredit(credit.kind)) {
            return ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED;
        }
        final ResultCode statuses = checkStatuses(debit, credit);
        if (statuses != ResultCode.OK) {
            return statuses;
        }
        if (code == TransferCode.EXCHANGE_IN && credit.operatorId != debit.id
                || code == TransferCode.EXCHANGE_OUT && debit.operatorId != credit.id) {
            return ResultCode.WALLET_NOT_AT_OPERATOR;
        }
        if (code.isPayment()) {
            final ResultCode limits = checkPaymentLimits(debit, amountFen);
            if (limits != ResultCode.OK) {
                return limits;
            }
        }
        final long availableFen = debit.balanceFen - debit.pendingDebitFen;
        if (debit.kind == AccountKind.CENTRAL_BANK) {
            if (big(availableFen).subtract(big(amountFen)).compareTo(big(-Long.MAX_VALUE)) < 0
                    || sumAbove(issuedFen, amountFen, Long.MAX_VALUE)) {
                return ResultCode.AMOUNT_OVERFLOW;
            }
        } else if (amountFen > availableFen) {
            return ResultCode.INSUFFICIENT_FUNDS;
        }
        if (credit.kind == AccountKind.CENTRAL_BANK && sumAbove(redeemedFen, amountFen, Long.MAX_VALUE)) {
            return ResultCode.AMOUNT_OVERFLOW;
        }
        final long capFen = limitsOf(credit).balanceCapFen();
        if (capFen != TierLimits.UNLIMITED
                && sumAbove(credit.balanceFen + credit.pendingCreditFen, amountFen, capFen)) {
            return ResultCode.EXCEEDS_BALANCE_CAP;
        }
        return ResultCode.OK;
    }

    private static ResultCode checkStatuses(final Account debit, final Account credit) {
        if (debit.status == AccountStatus.FROZEN) {
            return ResultCode.DEBIT_ACCOUNT_FROZEN;
        }
        if (debit.status == AccountStatus.CLOSED) {
            return ResultCode.DEBIT_ACCOUNT_CLOSED;
        }
        if (credit.status == AccountStatus.FROZEN) {
            return ResultCode.CREDIT_ACCOUNT_FROZEN;
        }
        if (credit.status == AccountStatus.CLOSED) {
            return ResultCode.CREDIT_ACCOUNT_CLOSED;
        }
        return ResultCode.OK;
    }

    private ResultCode checkPaymentLimits(final Account debit, final long amountFen) {
        final TierLimits limits = limitsOf(debit);
        if (amountFen > limits.singlePaymentFen()) {
            return ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT;
        }
        if (sumAbove(spentToday(debit), amountFen, limits.dailyFen())) {
            return ResultCode.EXCEEDS_DAILY_LIMIT;
        }
        if (sumAbove(spentThisYear(debit), amountFen, limits.annualFen())) {
            return ResultCode.EXCEEDS_ANNUAL_LIMIT;
        }
        return ResultCode.OK;
    }

    private TierLimits limitsOf(final Account account) {
        return config.walletLimits().tier(account.kind, account.tier);
    }

    private long spentToday(final Account account) {
        return account.spendDay == today ? account.dailySpentFen : 0;
    }

    private long spentThisYear(final Account account) {
        return yearOf(account.spendDay) == yearOf(today) ? account.annualSpentFen : 0;
    }

    /** Counts a payment toward the payer's daily and annual spending (saturating at Long.MAX_VALUE). */
    private void countPayment(final Account debit, final TransferCode code, final long amountFen) {
        if (!code.isPayment()) {
            return;
        }
        debit.dailySpentFen = saturatedSum(spentToday(debit), amountFen);
        debit.annualSpentFen = saturatedSum(spentThisYear(debit), amountFen);
        debit.spendDay = today;
    }

    /** Takes back spending counted on {@code chargedDay} by a pending payment that did not complete. */
    private static void uncountPayment(final Account debit, final int chargedDay, final long amountFen) {
        if (chargedDay < 0 || amountFen == 0) {
            return;
        }
        if (debit.spendDay == chargedDay) {
            debit.dailySpentFen = Math.max(0, debit.dailySpentFen - amountFen);
        }
        if (yearOf(debit.spendDay) == yearOf(chargedDay)) {
            debit.annualSpentFen = Math.max(0, debit.annualSpentFen - amountFen);
        }
    }

    private void move(final Account debit, final Account credit, final long amountFen, final TransferCode code) {
        debit.balanceFen -= amountFen;
        credit.balanceFen += amountFen;
        if (code == TransferCode.ISSUANCE) {
            issuedFen += amountFen;
        } else if (code == TransferCode.REDEMPTION) {
            redeemedFen += amountFen;
        }
    }

    /** Ends a pending transfer: releases its reservations and pays {@code postedFen} of it (0 for void and expiry). */
    private void resolve(final Pending transfer, final long postedFen) {
        final Account debit = accounts.get(transfer.debitId());
        final Account credit = accounts.get(transfer.creditId());
        debit.pendingDebitFen -= transfer.amountFen();
        credit.pendingCreditFen -= transfer.amountFen();
        uncountPayment(debit, transfer.chargedDay(), transfer.amountFen() - postedFen);
        if (postedFen > 0) {
            move(debit, credit, postedFen, transfer.code());
        }
        pending.remove(transfer.id());
    }

    private ResultCode postPending(final Fields command) {
        if ((command.flags() & ~FLAG_LINKED) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (command.account() != 0 || command.otherAccount() != 0 || command.location() != 0 || command.code() != 0
                || command.value() != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        if (command.amountFen() < 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        final Pending transfer = pending.get(command.reference());
        if (transfer == null) {
            return whatBecameOf(command.reference());
        }
        final long postedFen = command.amountFen() == 0 ? transfer.amountFen() : command.amountFen();
        if (postedFen > transfer.amountFen()) {
            return ResultCode.POST_AMOUNT_EXCEEDS_PENDING;
        }
        final ResultCode statuses = checkStatuses(accounts.get(transfer.debitId()), accounts.get(transfer.creditId()));
        if (statuses != ResultCode.OK) {
            return statuses;
        }
        if (transfer.code() == TransferCode.ISSUANCE && sumAbove(issuedFen, postedFen, Long.MAX_VALUE)
                || transfer.code() == TransferCode.REDEMPTION && sumAbove(redeemedFen, postedFen, Long.MAX_VALUE)) {
            return ResultCode.AMOUNT_OVERFLOW;
        }
        resolve(transfer, postedFen);
        markFate(transfer.id(), Fate.POSTED);
        return ResultCode.OK;
    }

    private ResultCode voidPending(final Fields command) {
        if ((command.flags() & ~FLAG_LINKED) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (command.account() != 0 || command.otherAccount() != 0 || command.amountFen() != 0
                || command.location() != 0 || command.code() != 0 || command.value() != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final Pending transfer = pending.get(command.reference());
        if (transfer == null) {
            return whatBecameOf(command.reference());
        }
        resolve(transfer, 0);
        markFate(transfer.id(), Fate.VOIDED);
        return ResultCode.OK;
    }

    /** Why a post or void finds no open pending transfer: the fate remembered for its id, if any. */
    private ResultCode whatBecameOf(final long pendingId) {
        final Remembered remembered = pendingId == 0 ? null : peek(pendingId);
        if (remembered == null) {
            return ResultCode.PENDING_TRANSFER_NOT_FOUND;
        }
        return switch (remembered.fate) {
            case POSTED -> ResultCode.PENDING_TRANSFER_ALREADY_POSTED;
            case VOIDED -> ResultCode.PENDING_TRANSFER_ALREADY_VOIDED;
            case EXPIRED -> ResultCode.PENDING_TRANSFER_EXPIRED;
            case NONE -> ResultCode.PENDING_TRANSFER_NOT_FOUND;
        };
    }

    private void expirePendingTransfers() {
        final List<Pending> due = new ArrayList<>();
        for (final Pending transfer : pending.values()) {
            if (transfer.expiresAtMs() <= timestampMs) {
                due.add(transfer);
            }
        }
        due.sort(Comparator.comparingLong(Pending::expiresAtMs).thenComparingLong(Pending::id));
        for (final Pending transfer : due) {
            resolve(transfer, 0);
            markFate(transfer.id(), Fate.EXPIRED);
        }
    }

    // ------------------------------------------------------------------------------------
    // Accounts
    // ------------------------------------------------------------------------------------

    private ResultCode openAccount(final Fields command) {
        if (command.id() == 0) {
            return ResultCode.ID_MUST_NOT_BE_ZERO;
        }
        final ResultCode shape = checkOpenShape(command);
        if (shape != ResultCode.OK) {
            return shape;
        }
        final Account proposed = new Account(command.id(), AccountKind.ofNumber(command.code()), command.value(),
                (command.flags() & FLAG_HARD_WALLET) != 0, CommandDescriptor.merchantCategory(command.location()),
                CommandDescriptor.district(command.location()), command.account(), command.otherAccount());
        final Account existing = accounts.get(command.id());
        if (existing != null) {
            return existing.sameOpenFields(proposed) ? ResultCode.OK : ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS;
        }
        final ResultCode links = checkOpenLinks(proposed);
        if (links != ResultCode.OK) {
            return links;
        }
        if (accounts.size() >= config.accountsMax()) {
            return ResultCode.ACCOUNTS_LIMIT_REACHED;
        }
        accounts.put(proposed.id, proposed);
        return ResultCode.OK;
    }

    private static ResultCode checkOpenShape(final Fields command) {
        if ((command.flags() & ~FLAG_HARD_WALLET) != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (command.amountFen() != 0 || command.reference() != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        if (!AccountKind.isValidNumber(command.code())) {
            return ResultCode.ACCOUNT_KIND_INVALID;
        }
        final AccountKind kind = AccountKind.ofNumber(command.code());
        if (!kind.isOpenable()) {
            return ResultCode.ACCOUNT_KIND_NOT_OPENABLE;
        }
        if ((command.flags() & FLAG_HARD_WALLET) != 0 && !kind.isWallet()) {
            return ResultCode.FLAGS_INVALID;
        }
        final int tier = command.value();
        if (kind.isWallet() && (tier < 1 || tier > 4) || !kind.isWallet() && tier != 0) {
            return ResultCode.TIER_INVALID;
        }
        final int district = CommandDescriptor.district(command.location());
        if (district != 0 && (district < 100_000 || district > 999_999)) {
            return ResultCode.DISTRICT_INVALID;
        }
        final int merchantCategory = CommandDescriptor.merchantCategory(command.location());
        if (merchantCategory < 0 || merchantCategory > 9999 || kind == AccountKind.MERCHANT && merchantCategory == 0) {
            return ResultCode.MERCHANT_CATEGORY_INVALID;
        }
        return ResultCode.OK;
    }

    private ResultCode checkOpenLinks(final Account proposed) {
        if (proposed.kind == AccountKind.CENTRAL_BANK && hasCentralBank()) {
            return ResultCode.CENTRAL_BANK_ALREADY_EXISTS;
        }
        if (!proposed.kind.heldAtOperator()) {
            if (proposed.operatorId != 0) {
                return ResultCode.OPERATOR_NOT_ALLOWED;
            }
        } else {
            final Account operator = accounts.get(proposed.operatorId);
            if (operator == null || operator.kind != AccountKind.OPERATOR_RESERVE) {
                return ResultCode.OPERATOR_NOT_FOUND;
            }
        }
        if (proposed.parentId == 0) {
            return ResultCode.OK;
        }
        final Account parent = accounts.get(proposed.parentId);
        if (parent == null) {
            return ResultCode.PARENT_NOT_FOUND;
        }
        if (!proposed.kind.isWallet() || !parent.kind.isWallet() || parent.operatorId != proposed.operatorId
                || parent.status != AccountStatus.ACTIVE) {
            return ResultCode.PARENT_NOT_ALLOWED;
        }
        return ResultCode.OK;
    }

    private boolean hasCentralBank() {
        for (final Account account : accounts.values()) {
            if (account.kind == AccountKind.CENTRAL_BANK) {
                return true;
            }
        }
        return false;
    }

    private ResultCode changeTier(final Fields command) {
        if (command.flags() != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (command.otherAccount() != 0 || command.amountFen() != 0 || command.reference() != 0
                || command.location() != 0 || command.code() != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final Account account = accounts.get(command.account());
        if (account == null) {
            return ResultCode.ACCOUNT_NOT_FOUND;
        }
        if (!account.kind.isWallet()) {
            return ResultCode.NOT_A_WALLET;
        }
        if (account.status == AccountStatus.CLOSED) {
            return ResultCode.ACCOUNT_CLOSED;
        }
        final int tier = command.value();
        if (tier < 1 || tier > 4) {
            return ResultCode.TIER_INVALID;
        }
        final long capFen = config.walletLimits().tier(account.kind, tier).balanceCapFen();
        if (sumAbove(account.balanceFen, account.pendingCreditFen, capFen)) {
            return ResultCode.BALANCE_ABOVE_TIER_CAP;
        }
        account.tier = tier;
        return ResultCode.OK;
    }

    private ResultCode changeStatus(final CommandType type, final Fields command) {
        if (command.flags() != 0) {
            return ResultCode.FLAGS_INVALID;
        }
        if (command.otherAccount() != 0 || command.amountFen() != 0 || command.reference() != 0
                || command.location() != 0 || command.code() != 0 || command.value() != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final Account account = accounts.get(command.account());
        if (account == null) {
            return ResultCode.ACCOUNT_NOT_FOUND;
        }
        if (!account.kind.heldAtOperator()) {
            return ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS;
        }
        if (account.status == AccountStatus.CLOSED) {
            return ResultCode.ACCOUNT_CLOSED;
        }
        if (type == CommandType.FREEZE) {
            if (account.status == AccountStatus.FROZEN) {
                return ResultCode.ACCOUNT_ALREADY_FROZEN;
            }
            account.status = AccountStatus.FROZEN;
        } else if (type == CommandType.UNFREEZE) {
            if (account.status != AccountStatus.FROZEN) {
                return ResultCode.ACCOUNT_NOT_FROZEN;
            }
            account.status = AccountStatus.ACTIVE;
        } else {
            if (account.status == AccountStatus.FROZEN) {
                return ResultCode.ACCOUNT_FROZEN;
            }
            if (account.balanceFen != 0) {
                return ResultCode.ACCOUNT_HAS_BALANCE;
            }
            if (account.pendingDebitFen != 0 || account.pendingCreditFen != 0) {
                return ResultCode.ACCOUNT_HAS_PENDING_TRANSFERS;
            }
            account.status = AccountStatus.CLOSED;
        }
        return ResultCode.OK;
    }

    // ------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------

    boolean hasAccount(final long accountId) {
        return accounts.containsKey(accountId);
    }

    long balance(final long accountId) {
        return accounts.get(accountId).balanceFen;
    }

    long pendingDebit(final long accountId) {
        return accounts.get(accountId).pendingDebitFen;
    }

    long pendingCredit(final long accountId) {
        return accounts.get(accountId).pendingCreditFen;
    }

    long available(final long accountId) {
        return balance(accountId) - pendingDebit(accountId);
    }

    int accountCount() {
        return accounts.size();
    }

    int pendingCount() {
        return pending.size();
    }

    long issuedFen() {
        return issuedFen;
    }

    long redeemedFen() {
        return redeemedFen;
    }

    /** SHA-256 of the canonical state ({@link StateDigest}): equal to {@link Ledger#stateHash()} when states agree. */
    byte[] stateHash() {
        final StateDigest digest = new StateDigest().header(sequence, timestampMs, issuedFen, redeemedFen);
        digest.count(accounts.size());
        for (final Account a : accounts.values()) {
            digest.account(a.id, a.kind.number(), a.tier, a.status.number(), a.hard, a.merchantCategory, a.district,
                    a.operatorId, a.parentId, a.balanceFen, a.pendingDebitFen, a.pendingCreditFen, a.dailySpentFen,
                    a.annualSpentFen, a.spendDay);
        }
        digest.count(pending.size());
        for (final Pending p : pending.values()) {
            digest.pending(p.id(), p.debitId(), p.creditId(), p.amountFen(), p.code().number(), p.expiresAtMs(),
                    p.chargedDay(), p.userData());
        }
        for (final Map<Long, Remembered> generation : List.of(previousIds, currentIds)) {
            digest.count(generation.size());
            for (final Map.Entry<Long, Remembered> entry : new TreeMap<>(generation).entrySet()) {
                digest.idempotencyEntry(entry.getKey(), entry.getValue().storedWord());
            }
        }
        // The model sends no campaign, escrow or credit commands: campaigns, place rules,
        // earmarks, escrows, profiles, products, loans and loan applications are all empty.
        for (int section = 0; section < 8; section++) {
            digest.count(0);
        }
        return digest.finish();
    }

    // ------------------------------------------------------------------------------------
    // Arithmetic and calendar, the obvious way
    // ------------------------------------------------------------------------------------

    private static BigInteger big(final long value) {
        return BigInteger.valueOf(value);
    }

    /** Whether {@code a + b > limit}, computed without overflow. */
    private static boolean sumAbove(final long a, final long b, final long limit) {
        return big(a).add(big(b)).compareTo(big(limit)) > 0;
    }

    private static long saturatedSum(final long a, final long b) {
        return big(a).add(big(b)).min(big(Long.MAX_VALUE)).longValueExact();
    }

    private static int shanghaiDay(final long epochMs) {
        return Math.toIntExact(Instant.ofEpochMilli(epochMs).atZone(SHANGHAI).toLocalDate().toEpochDay());
    }

    private static int yearOf(final int epochDay) {
        return LocalDate.ofEpochDay(epochDay).getYear();
    }

    // ------------------------------------------------------------------------------------
    // Model types
    // ------------------------------------------------------------------------------------

    /** One account, with plain fields. Immutable fields are those an open fixes for good. */
    private static final class Account {
        final long id;
        final AccountKind kind;
        final boolean hard;
        final int merchantCategory;
        final int district;
        final long operatorId;
        final long parentId;
        int tier;
        AccountStatus status = AccountStatus.ACTIVE;
        long balanceFen;
        long pendingDebitFen;
        long pendingCreditFen;
        long dailySpentFen;
        long annualSpentFen;
        /** Asia/Shanghai epoch day of the last counted payment (0 before the first). */
        int spendDay;

        Account(final long id, final AccountKind kind, final int tier, final boolean hard, final int merchantCategory,
                final int district, final long operatorId, final long parentId) {
            this.id = id;
            this.kind = kind;
            this.tier = tier;
            this.hard = hard;
            this.merchantCategory = merchantCategory;
            this.district = district;
            this.operatorId = operatorId;
            this.parentId = parentId;
        }

        /** A retried open: everything but the tier (which may have changed since) must match. */
        boolean sameOpenFields(final Account other) {
            return kind == other.kind && hard == other.hard && merchantCategory == other.merchantCategory
                    && district == other.district && operatorId == other.operatorId && parentId == other.parentId;
        }

        Account copy() {
            final Account copy = new Account(id, kind, tier, hard, merchantCategory, district, operatorId, parentId);
            copy.status = status;
            copy.balanceFen = balanceFen;
            copy.pendingDebitFen = pendingDebitFen;
            copy.pendingCreditFen = pendingCreditFen;
            copy.dailySpentFen = dailySpentFen;
            copy.annualSpentFen = annualSpentFen;
            copy.spendDay = spendDay;
            return copy;
        }
    }

    /** An open pending transfer; {@code chargedDay} is the day it counted toward limits, -1 if not a payment. */
    private record Pending(long id, long debitId, long creditId, long amountFen, TransferCode code, long expiresAtMs,
                           int chargedDay, long userData) {
    }

    /** What became of a pending transfer, kept in bits 8-9 of its id's remembered outcome. */
    private enum Fate {
        NONE, POSTED, VOIDED, EXPIRED
    }

    /** A remembered command id: its fingerprint and outcome (result, and fate if it was a pending transfer). */
    private static final class Remembered {
        final long fingerprint;
        ResultCode result;
        Fate fate;

        Remembered(final long fingerprint, final ResultCode result, final Fate fate) {
            this.fingerprint = fingerprint;
            this.result = result;
            this.fate = fate;
        }

        /** As the engine's window stores it: fingerprint bits above the outcome, fate in bits 8-9, result in 0-7. */
        long storedWord() {
            return (fingerprint & ~OUTCOME_BITS) | (long) fate.ordinal() << 8 | result.number();
        }
    }

    private record FateMark(long pendingId, ResultCode result, Fate fate) {
    }

    private record Snapshot(LinkedHashMap<Long, Account> accounts, TreeMap<Long, Pending> pending, long issuedFen,
                            long redeemedFen) {
    }

    private record Executed(ResultCode result, boolean replayed) {
    }

    /** A command's eight words by name: records cannot represent every binary command, words can. */
    private record Fields(int type, int flags, int code, int value, long id, long account, long otherAccount,
                          long amountFen, long reference, long location, long userData, long fingerprint) {
        static Fields of(final Command command) {
            final CommandBatch one = new CommandBatch(1);
            command.appendTo(one);
            final long header = one.header(0);
            return new Fields(CommandDescriptor.type(header), CommandDescriptor.flags(header),
                    CommandDescriptor.code(header), CommandDescriptor.value(header), one.id(0),
                    one.word(0, CommandDescriptor.ACCOUNT), one.word(0, CommandDescriptor.OTHER_ACCOUNT),
                    one.word(0, CommandDescriptor.AMOUNT), one.word(0, CommandDescriptor.REFERENCE),
                    one.word(0, CommandDescriptor.LOCATION), one.word(0, CommandDescriptor.USER_DATA),
                    Fingerprint.of(one, 0));
        }

        boolean isLinked() {
            return (flags & FLAG_LINKED) != 0;
        }

        boolean isPending() {
            return (flags & FLAG_PENDING) != 0;
        }
    }
}
