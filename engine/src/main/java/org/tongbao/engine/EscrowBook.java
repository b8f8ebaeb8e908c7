package org.tongbao.engine;

import static org.tongbao.engine.account.AccountDescriptor.ATTRIBUTES;
import static org.tongbao.engine.account.AccountDescriptor.BALANCE;
import static org.tongbao.engine.command.CommandDescriptor.ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.AMOUNT;
import static org.tongbao.engine.command.CommandDescriptor.LOCATION;
import static org.tongbao.engine.command.CommandDescriptor.OTHER_ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.REFERENCE;
import static org.tongbao.engine.command.CommandDescriptor.USER_DATA;

import java.util.List;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.Accounts;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.escrow.EscrowDefault;
import org.tongbao.engine.escrow.Escrows;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;

/**
 * Escrow (conditional payment) inside the ledger: locking prepaid funds for a beneficiary,
 * releasing or refunding them in whole or in parts, and the default action at the deadline.
 * Locking counts against the payer's payment limits like any payment.
 *
 * <p>At the deadline, what is left goes to the default action's receiver. If that account is
 * frozen or closed, or would go over its balance cap, nothing moves: the escrow stays open and
 * waits for a release or refund command, so money never lands where it may not.
 *
 * <p>Single-threaded: part of the ledger, called on its thread during {@code apply}.
 */
final class EscrowBook {
    private final Ledger ledger;
    final Escrows escrows = new Escrows();

    EscrowBook(final Ledger ledger) {
        this.ledger = ledger;
    }

    ResultCode lock(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0 || CommandDescriptor.value(header) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        if (!EscrowDefault.isValidNumber(CommandDescriptor.code(header))) {
            return ResultCode.ESCROW_DEFAULT_INVALID;
        }
        final long escrowId = batch.id(index);
        final long amount = batch.word(index, AMOUNT);
        final long deadlineMs = batch.word(index, LOCATION);
        if (amount <= 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        if (deadlineMs <= ledger.timestampMs()) {
            return ResultCode.ESCROW_DEADLINE_INVALID;
        }
        if (ledger.accounts().indexOf(escrowId) >= 0) {
            return ResultCode.ESCROW_ID_TAKEN;
        }
        final int payer = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        if (payer < 0) {
            return ResultCode.DEBIT_ACCOUNT_NOT_FOUND;
        }
        final int beneficiary = party(batch.word(index, OTHER_ACCOUNT), payer);
        final long authorisedId = batch.word(index, REFERENCE);
        final int authorised = authorisedId == 0 ? -1 : party(authorisedId, payer);
        if (beneficiary < 0 || authorisedId != 0 && authorised < 0) {
            return ResultCode.ESCROW_PARTY_INVALID;
        }
        final long payerAttributes = ledger.accounts().word(payer, ATTRIBUTES);
        if (!TransferCode.allowsDebit(TransferCode.ESCROW_LOCK.number(), AccountDescriptor.kind(payerAttributes))) {
            return ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED;
        }
        final ResultCode status = Ledger.checkStatus(payerAttributes, true);
        if (status != ResultCode.OK) {
            return status;
        }
        final ResultCode limits = ledger.checkPaymentLimits(payer, payerAttributes, amount);
        if (limits != ResultCode.OK) {
            return limits;
        }
        if (amount > ledger.freeFen(payer)) {
            return ResultCode.INSUFFICIENT_FUNDS;
        }
        if (escrows.isFull() || ledger.accounts().isFull()) {
            return escrows.isFull() ? ResultCode.ESCROW_LIMIT_REACHED : ResultCode.ACCOUNTS_LIMIT_REACHED;
        }
        final long userData = batch.word(index, USER_DATA);
        final int account = ledger.openSystemAccount(escrowId, AccountKind.ESCROW,
                AccountDescriptor.district(payerAttributes), index, userData, events);
        escrows.add(escrowId, account, payer, beneficiary, authorised, deadlineMs,
                EscrowDefault.ofNumber(CommandDescriptor.code(header)), amount);
        ledger.move(payer, account, amount, TransferCode.ESCROW_LOCK.number());
        ledger.chargeLimits(payer, TransferCode.ESCROW_LOCK.number(), amount);
        events.add(EventType.TRANSFER, index, escrowId, escrowId, payer, account, amount,
                TransferCode.ESCROW_LOCK.number(), userData);
        return ResultCode.OK;
    }

    /** The index of a beneficiary or authorised party: an account held at an operator, not the payer; else -1. */
    private int party(final long accountId, final int payer) {
        final int account = ledger.accounts().indexOf(accountId);
        if (account < 0 || account == payer || !AccountKind.ofNumber(ledger.kindOf(account)).heldAtOperator()) {
            return -1;
        }
        return account;
    }

    /** Release ({@code toBeneficiary}) or refund: the acting party must hold the right, the amount must be left. */
    ResultCode settle(final CommandBatch batch, final int index, final boolean toBeneficiary, final LedgerEvents events) {
        if (batch.header(index) != CommandDescriptor.header(batch.type(index), 0, 0, 0)
                || batch.word(index, OTHER_ACCOUNT) != 0 || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long escrowId = batch.word(index, REFERENCE);
        final int escrow = escrows.indexOf(escrowId);
        if (escrow < 0) {
            return ResultCode.ESCROW_NOT_FOUND;
        }
        final long amount = batch.word(index, AMOUNT);
        if (amount < 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        final int party = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        final int entitled = toBeneficiary ? escrows.payer(escrow) : escrows.beneficiary(escrow);
        if (party < 0 || party != entitled && party != escrows.authorised(escrow)) {
            return ResultCode.ESCROW_PARTY_NOT_ALLOWED;
        }
        final int account = escrows.accountIndex(escrow);
        final long left = ledger.accounts().word(account, BALANCE);
        if (left == 0) {
            return ResultCode.ESCROW_SETTLED;
        }
        final long paid = amount == 0 ? left : amount;
        if (paid > left) {
            return ResultCode.ESCROW_AMOUNT_EXCEEDS_REMAINING;
        }
        final int receiver = toBeneficiary ? escrows.beneficiary(escrow) : escrows.payer(escrow);
        final ResultCode status = Ledger.checkStatus(ledger.accounts().word(receiver, ATTRIBUTES), false);
        if (status != ResultCode.OK) {
            return status;
        }
        final ResultCode cap = ledger.checkBalanceCap(receiver, paid);
        if (cap != ResultCode.OK) {
            return cap;
        }
        pay(escrow, receiver, paid, toBeneficiary, index, batch.id(index), batch.word(index, USER_DATA), events);
        return ResultCode.OK;
    }

    /** Applies the default action of every open escrow whose deadline has passed by {@code nowMs}. */
    void settleDue(final long nowMs, final LedgerEvents events) {
        if (nowMs < escrows.nextDeadlineMs()) {
            return;
        }
        for (int escrow = 0; escrow < escrows.count(); escrow++) {
            if (escrows.status(escrow) != Escrows.OPEN || escrows.deadlineMs(escrow) > nowMs
                    || escrows.deadlineMs(escrow) <= ledger.previousTimestampMs()) {
                continue;
            }
            final boolean toBeneficiary = escrows.defaultAction(escrow) == EscrowDefault.RELEASE;
            final int receiver = toBeneficiary ? escrows.beneficiary(escrow) : escrows.payer(escrow);
            final long left = ledger.accounts().word(escrows.accountIndex(escrow), BALANCE);
            if (Ledger.checkStatus(ledger.accounts().word(receiver, ATTRIBUTES), false) == ResultCode.OK
                    && ledger.checkBalanceCap(receiver, left) == ResultCode.OK) {
                pay(escrow, receiver, left, toBeneficiary, -1, escrows.id(escrow), 0, events);
            }
        }
        escrows.recomputeNextDeadline(nowMs);
    }

    private void pay(final int escrow, final int receiver, final long amount, final boolean toBeneficiary,
                     final int index, final long eventId, final long userData, final LedgerEvents events) {
        final int account = escrows.accountIndex(escrow);
        final int code = toBeneficiary ? TransferCode.ESCROW_RELEASE.number() : TransferCode.ESCROW_REFUND.number();
        ledger.move(account, receiver, amount, code);
        events.add(EventType.TRANSFER, index, eventId, escrows.id(escrow), account, receiver, amount, code, userData);
        if (ledger.accounts().word(account, BALANCE) == 0) {
            escrows.setStatus(escrow, Escrows.SETTLED);
        }
    }

    /** Each escrow's account holds at most what was locked, and nothing once settled. */
    void checkInvariants(final List<String> broken) {
        for (int e = 0; e < escrows.count(); e++) {
            final long left = ledger.accounts().word(escrows.accountIndex(e), BALANCE);
            if (left < 0 || left > escrows.lockedFen(e) || (escrows.status(e) == Escrows.SETTLED) != (left == 0)) {
                broken.add("escrow " + escrows.id(e) + " holds " + left + " fen of " + escrows.lockedFen(e)
                        + " locked with status " + escrows.status(e));
            }
        }
    }

    // ---- state ----

    void writeState(final StateWriter<?> out) {
        final Accounts accounts = ledger.accounts();
        out.count(escrows.count());
        for (int e = 0; e < escrows.count(); e++) {
            final int authorised = escrows.authorised(e);
            out.row(escrows.id(e), accounts.id(escrows.payer(e)), accounts.id(escrows.beneficiary(e)),
                    authorised < 0 ? 0 : accounts.id(authorised), escrows.deadlineMs(e), escrows.defaultAction(e).number(),
                    escrows.status(e), escrows.lockedFen(e));
        }
    }

    void restore(final StateReader in, final long nowMs) {
        final Accounts accounts = ledger.accounts();
        final long count = in.next();
        Checks.checkArgument(count >= 0 && count <= Escrows.ESCROWS_MAX, "snapshot escrow count " + count);
        for (long i = 0; i < count; i++) {
            final long id = in.next();
            final int payer = Ledger.restoredIndex(accounts, in.next());
            final int beneficiary = Ledger.restoredIndex(accounts, in.next());
            final long authorisedId = in.next();
            final long deadlineMs = in.next();
            final int defaultAction = (int) in.next();
            final int status = (int) in.next();
            final int escrow = escrows.add(id, Ledger.restoredIndex(accounts, id), payer, beneficiary,
                    authorisedId == 0 ? -1 : Ledger.restoredIndex(accounts, authorisedId), deadlineMs,
                    EscrowDefault.ofNumber(defaultAction), in.next());
            escrows.setStatus(escrow, status);
        }
        escrows.recomputeNextDeadline(nowMs);
    }
}
