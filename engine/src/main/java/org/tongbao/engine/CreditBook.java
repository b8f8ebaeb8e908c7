package org.tongbao.engine;

import static org.tongbao.engine.account.AccountDescriptor.ATTRIBUTES;
import static org.tongbao.engine.command.CommandDescriptor.ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.AMOUNT;
import static org.tongbao.engine.command.CommandDescriptor.LOCATION;
import static org.tongbao.engine.command.CommandDescriptor.OTHER_ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.REFERENCE;
import static org.tongbao.engine.command.CommandDescriptor.USER_DATA;

import java.util.List;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.Accounts;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.credit.Amortisation;
import org.tongbao.engine.credit.EnterpriseProfiles;
import org.tongbao.engine.credit.EnterpriseSize;
import org.tongbao.engine.credit.LoanMath;
import org.tongbao.engine.credit.LoanProducts;
import org.tongbao.engine.credit.Loans;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;

/**
 * SME loans inside the ledger: enterprise profiles, loan products, disbursement into the
 * borrower's wallet, manual repayment (with prepayment), and what each new day brings: penalty
 * interest on arrears, instalments falling due, automatic collection from the borrower's free
 * funds, delinquency buckets. Each repayment moves as up to four transfers, one per part
 * (penalty, interest, principal), each with its own code and the loan id as reference.
 *
 * <p>The day's work runs at the first batch of each Asia/Shanghai calendar day, before the
 * batch's commands, for every active loan, in order of disbursement.
 *
 * <p>Single-threaded: part of the ledger, called on its thread during {@code apply}.
 */
final class CreditBook {
    private final Ledger ledger;
    final EnterpriseProfiles profiles = new EnterpriseProfiles();
    final LoanProducts products = new LoanProducts();
    final Loans loans = new Loans();
    private final long[] parts = new long[4];

    CreditBook(final Ledger ledger) {
        this.ledger = ledger;
    }

    ResultCode profile(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, AMOUNT) != 0 || batch.word(index, REFERENCE) != 0
                || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int size = CommandDescriptor.code(header);
        final int sector = CommandDescriptor.value(header);
        if (!EnterpriseSize.isValidNumber(size)) {
            return ResultCode.ENTERPRISE_SIZE_INVALID;
        }
        if (sector < 1 || sector > EnterpriseProfiles.SECTOR_MAX) {
            return ResultCode.SECTOR_INVALID;
        }
        final int account = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        if (account < 0) {
            return ResultCode.ACCOUNT_NOT_FOUND;
        }
        if (!isEnterprise(ledger.kindOf(account))) {
            return ResultCode.NOT_AN_ENTERPRISE;
        }
        profiles.set(account, EnterpriseSize.ofNumber(size), sector);
        events.add(EventType.ENTERPRISE_PROFILED, index, batch.id(index), sector, account, -1, 0, size,
                batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    private static boolean isEnterprise(final int kind) {
        return kind == AccountKind.CORPORATE.number() || kind == AccountKind.MERCHANT.number();
    }

    ResultCode defineProduct(final CommandBatch batch, final int index) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, AMOUNT) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long rates = batch.word(index, REFERENCE);
        final long timing = batch.word(index, LOCATION);
        final long rateBp = rates & 0xFFFF_FFFFL;
        final long penaltyBp = rates >>> 32;
        final int term = CommandDescriptor.value(header);
        final long grace = timing & 0xFFFF_FFFFL;
        final long repaymentDay = timing >>> 32;
        final int method = CommandDescriptor.code(header);
        if (rateBp > LoanMath.RATE_BP_MAX || penaltyBp > LoanMath.RATE_BP_MAX || term < 1
                || term > LoanMath.TERM_MONTHS_MAX || grace >= term || !Amortisation.isValidNumber(method)
                || repaymentDay < 1 || repaymentDay > LoanMath.REPAYMENT_DAY_OF_MONTH_MAX) {
            return ResultCode.LOAN_PRODUCT_INVALID;
        }
        final int lender = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        if (lender < 0 || ledger.kindOf(lender) != AccountKind.OPERATOR_RESERVE.number()) {
            return ResultCode.LENDER_NOT_OPERATOR;
        }
        final int existing = products.indexOf(batch.id(index));
        if (existing >= 0) {
            return ResultCode.LOAN_PRODUCT_ID_TAKEN;
        }
        if (products.isFull()) {
            return ResultCode.LOAN_LIMIT_REACHED;
        }
        products.add(batch.id(index), lender, (int) rateBp, (int) penaltyBp, term, (int) grace,
                Amortisation.ofNumber(method), (int) repaymentDay);
        return ResultCode.OK;
    }

    ResultCode disburse(final CommandBatch batch, final int index, final LedgerEvents events) {
        if (batch.header(index) != CommandDescriptor.header(batch.type(index), 0, 0, 0)
                || batch.word(index, ACCOUNT) != 0 || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long principal = batch.word(index, AMOUNT);
        if (principal <= 0 || principal > LoanMath.PRINCIPAL_FEN_MAX) {
            return ResultCode.LOAN_PRINCIPAL_INVALID;
        }
        final long loanId = batch.id(index);
        if (loans.indexOf(loanId) >= 0) {
            return ResultCode.LOAN_ID_TAKEN;
        }
        final int product = products.indexOf(batch.word(index, REFERENCE));
        if (product < 0) {
            return ResultCode.LOAN_PRODUCT_NOT_FOUND;
        }
        final int borrower = ledger.accounts().indexOf(batch.word(index, OTHER_ACCOUNT));
        if (borrower < 0) {
            return ResultCode.CREDIT_ACCOUNT_NOT_FOUND;
        }
        if (!isEnterprise(ledger.kindOf(borrower))) {
            return ResultCode.NOT_AN_ENTERPRISE;
        }
        if (!profiles.has(borrower)) {
            return ResultCode.BORROWER_NOT_PROFILED;
        }
        final ResultCode status = Ledger.checkStatus(ledger.accounts().word(borrower, ATTRIBUTES), false);
        if (status != ResultCode.OK) {
            return status;
        }
        final int lender = products.lender(product);
        if (principal > ledger.freeFen(lender)) {
            return ResultCode.INSUFFICIENT_FUNDS;
        }
        final ResultCode cap = ledger.checkBalanceCap(borrower, principal);
        if (cap != ResultCode.OK) {
            return cap;
        }
        if (loans.isFull()) {
            return ResultCode.LOAN_LIMIT_REACHED;
        }
        loans.add(loanId, product, products, borrower, principal, ledger.today());
        ledger.move(lender, borrower, principal, TransferCode.LOAN_DISBURSEMENT.number());
        events.add(EventType.TRANSFER, index, loanId, loanId, lender, borrower, principal,
                TransferCode.LOAN_DISBURSEMENT.number(), batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    ResultCode repay(final CommandBatch batch, final int index, final LedgerEvents events) {
        if (batch.header(index) != CommandDescriptor.header(batch.type(index), 0, 0, 0)
                || batch.word(index, ACCOUNT) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long amount = batch.word(index, AMOUNT);
        if (amount <= 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        final int loan = loans.indexOf(batch.word(index, REFERENCE));
        if (loan < 0) {
            return ResultCode.LOAN_NOT_FOUND;
        }
        if (loans.status(loan) != Loans.ACTIVE) {
            return ResultCode.LOAN_ALREADY_REPAID;
        }
        if (amount > loans.owedFen(loan)) {
            return ResultCode.LOAN_REPAYMENT_EXCEEDS_OWED;
        }
        final int borrower = loans.borrower(loan);
        final ResultCode status = Ledger.checkStatus(ledger.accounts().word(borrower, ATTRIBUTES), true);
        if (status != ResultCode.OK) {
            return status;
        }
        if (amount > ledger.freeFen(borrower)) {
            return ResultCode.INSUFFICIENT_FUNDS;
        }
        pay(loan, amount, true, index, batch.id(index), batch.word(index, USER_DATA), events);
        return ResultCode.OK;
    }

    /** The day's work for every active loan: accrue, fall due, collect, re-bucket. */
    void closeDay(final int today, final LedgerEvents events) {
        for (int loan = 0; loan < loans.count(); loan++) {
            if (loans.status(loan) != Loans.ACTIVE) {
                continue;
            }
            loans.fallDue(loan, products, today);
            final long due = loans.dueFen(loan);
            final int borrower = loans.borrower(loan);
            if (due > 0 && Ledger.checkStatus(ledger.accounts().word(borrower, ATTRIBUTES), true) == ResultCode.OK) {
                final long collected = Math.min(due, ledger.freeFen(borrower));
                if (collected > 0) {
                    pay(loan, collected, false, -1, loans.id(loan), 0, events);
                }
            }
            if (loans.status(loan) == Loans.ACTIVE && loans.updateBucket(loan, today)) {
                events.add(EventType.LOAN_DELINQUENCY, -1, loans.id(loan), loans.id(loan), borrower, loans.lender(loan),
                        loans.dueFen(loan), loans.bucket(loan), 0);
            }
        }
    }

    /** Moves a payment from the borrower to the lender, one transfer per part, and reports a full repayment. */
    private void pay(final int loan, final long amount, final boolean prepay, final int index, final long eventId,
                     final long userData, final LedgerEvents events) {
        final int borrower = loans.borrower(loan);
        final int lender = loans.lender(loan);
        final long loanId = loans.id(loan);
        final int bucketBefore = loans.bucket(loan);
        loans.allocate(loan, amount, prepay, products, parts);
        movePart(borrower, lender, parts[Loans.PENALTY], TransferCode.LOAN_PENALTY_PAYMENT, index, eventId, loanId,
                userData, events);
        movePart(borrower, lender, parts[Loans.INTEREST], TransferCode.LOAN_INTEREST_PAYMENT, index, eventId, loanId,
                userData, events);
        movePart(borrower, lender, parts[Loans.PRINCIPAL_DUE] + parts[Loans.PREPAYMENT],
                TransferCode.LOAN_PRINCIPAL_REPAYMENT, index, eventId, loanId, userData, events);
        if (loans.status(loan) == Loans.REPAID) {
            if (bucketBefore != 0) {
                loans.updateBucket(loan, ledger.today());
                events.add(EventType.LOAN_DELINQUENCY, index, eventId, loanId, borrower, lender, 0, 0, userData);
            }
            events.add(EventType.LOAN_REPAID, index, eventId, loanId, borrower, lender, loans.principalFen(loan), 0,
                    userData);
        } else if (index >= 0 && loans.updateBucket(loan, ledger.today())) {
            events.add(EventType.LOAN_DELINQUENCY, index, eventId, loanId, borrower, lender, loans.dueFen(loan),
                    loans.bucket(loan), userData);
        }
    }

    private void movePart(final int borrower, final int lender, final long amount, final TransferCode code,
                          final int index, final long eventId, final long loanId, final long userData,
                          final LedgerEvents events) {
        if (amount == 0) {
            return;
        }
        ledger.move(borrower, lender, amount, code.number());
        events.add(EventType.TRANSFER, index, eventId, loanId, borrower, lender, amount, code.number(), userData);
    }

    /** Each loan: 0 ≤ principal due ≤ balance ≤ principal, nothing negative, nothing owed once repaid. */
    void checkInvariants(final List<String> broken) {
        for (int l = 0; l < loans.count(); l++) {
            final boolean bounded = 0 <= loans.duePrincipalFen(l) && loans.duePrincipalFen(l) <= loans.balanceFen(l)
                    && loans.balanceFen(l) <= loans.principalFen(l) && loans.dueInterestFen(l) >= 0
                    && loans.penaltyFen(l) >= 0;
            final boolean repaidClean = loans.status(l) != Loans.REPAID || loans.owedFen(l) == 0;
            if (!bounded || !repaidClean) {
                broken.add("loan " + loans.id(l) + " owes balance " + loans.balanceFen(l) + ", principal due "
                        + loans.duePrincipalFen(l) + ", interest due " + loans.dueInterestFen(l) + ", penalty "
                        + loans.penaltyFen(l) + " of principal " + loans.principalFen(l) + " (status " + loans.status(l) + ")");
            }
        }
    }

    // ---- state ----

    void writeState(final StateWriter<?> out) {
        final Accounts accounts = ledger.accounts();
        final int[] profiled = profiles.accountsSorted();
        out.count(profiled.length);
        for (final int account : profiled) {
            out.row(accounts.id(account), profiles.sizeNumber(account), profiles.sector(account));
        }
        out.count(products.count());
        for (int p = 0; p < products.count(); p++) {
            out.row(products.id(p), accounts.id(products.lender(p)), products.annualRateBp(p), products.penaltyRateBp(p),
                    products.termMonths(p), products.graceMonths(p), products.amortisation(p).number(),
                    products.repaymentDay(p));
        }
        out.count(loans.count());
        for (int l = 0; l < loans.count(); l++) {
            out.row(loans.id(l), products.id(loans.product(l)), accounts.id(loans.borrower(l)), loans.principalFen(l),
                    loans.disbursementDay(l), loans.balanceFen(l), loans.duePrincipalFen(l), loans.dueInterestFen(l),
                    loans.penaltyFen(l), loans.levelFen(l), loans.nextPeriod(l), loans.arrearsSinceDay(l),
                    loans.accruedToDay(l), loans.bucket(l), loans.status(l));
        }
    }

    void restore(final StateReader in) {
        final Accounts accounts = ledger.accounts();
        final long profileCount = in.next();
        Checks.checkArgument(profileCount >= 0 && profileCount <= accounts.count(), "snapshot profile count " + profileCount);
        for (long i = 0; i < profileCount; i++) {
            final int account = Ledger.restoredIndex(accounts, in.next());
            profiles.set(account, EnterpriseSize.ofNumber((int) in.next()), (int) in.next());
        }
        final long productCount = in.next();
        Checks.checkArgument(productCount >= 0 && productCount <= LoanProducts.PRODUCTS_MAX,
                "snapshot loan product count " + productCount);
        for (long i = 0; i < productCount; i++) {
            products.add(in.next(), Ledger.restoredIndex(accounts, in.next()), (int) in.next(), (int) in.next(),
                    (int) in.next(), (int) in.next(), Amortisation.ofNumber((int) in.next()), (int) in.next());
        }
        final long loanCount = in.next();
        Checks.checkArgument(loanCount >= 0 && loanCount <= Loans.LOANS_MAX, "snapshot loan count " + loanCount);
        for (long i = 0; i < loanCount; i++) {
            final long id = in.next();
            final long productId = in.next();
            final int product = products.indexOf(productId);
            Checks.checkArgument(product >= 0, "snapshot loan " + id + " refers to unknown product " + productId);
            final int borrower = Ledger.restoredIndex(accounts, in.next());
            final long principal = in.next();
            final int loan = loans.add(id, product, products, borrower, principal, (int) in.next());
            loans.restore(loan, in.next(), in.next(), in.next(), in.next(), in.next(), (int) in.next(), (int) in.next(),
                    (int) in.next(), (int) in.next(), (int) in.next());
        }
    }
}
