package org.tongbao.engine;

import static org.tongbao.engine.account.AccountDescriptor.ATTRIBUTES;
import static org.tongbao.engine.command.CommandDescriptor.ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.AMOUNT;
import static org.tongbao.engine.command.CommandDescriptor.LOCATION;
import static org.tongbao.engine.command.CommandDescriptor.OTHER_ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.REFERENCE;
import static org.tongbao.engine.command.CommandDescriptor.USER_DATA;

import java.util.List;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.account.Accounts;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.credit.Amortisation;
import org.tongbao.engine.credit.EnterpriseProfiles;
import org.tongbao.engine.credit.EnterpriseSize;
import org.tongbao.engine.credit.LoanMath;
import org.tongbao.engine.credit.LoanProducts;
import org.tongbao.engine.credit.LoanApplicationStatus;
import org.tongbao.engine.credit.LoanApplications;
import org.tongbao.engine.credit.LoanDeclineReason;
import org.tongbao.engine.credit.LoanPurpose;
import org.tongbao.engine.credit.Loans;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;

/**
 * SME loans inside the ledger: enterprise profiles, loan products, loan applications (submitted
 * by the applicant's operator, approved by the lender, which disburses, declined, withdrawn),
 * disbursement into the borrower's wallet, manual repayment (with prepayment), and what each
 * new day brings: undecided applications lapse, penalty interest on arrears, instalments
 * falling due, automatic collection from the borrower's free funds, delinquency buckets. Each repayment moves as up to four transfers, one per part
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
    final LoanApplications applications = new LoanApplications();
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
        return disburse(loanId, product, borrower, principal, index, batch.word(index, USER_DATA), events);
    }

    /**
     * Disburses a loan to an existing account once every rule holds (the shared part of a
     * direct disbursement and an approval); changes nothing when one does not.
     */
    private ResultCode disburse(final long loanId, final int product, final int borrower, final long principal,
                                final int index, final long userData, final LedgerEvents events) {
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
                TransferCode.LOAN_DISBURSEMENT.number(), userData);
        return ResultCode.OK;
    }

    // ---- applications ----

    ResultCode apply(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long amount = batch.word(index, AMOUNT);
        if (amount <= 0 || amount > LoanMath.PRINCIPAL_FEN_MAX) {
            return ResultCode.LOAN_PRINCIPAL_INVALID;
        }
        final int purpose = CommandDescriptor.code(header);
        if (!LoanPurpose.isValidNumber(purpose)) {
            return ResultCode.LOAN_PURPOSE_INVALID;
        }
        final long applicationId = batch.id(index);
        if (applications.indexOf(applicationId) >= 0) {
            return ResultCode.LOAN_APPLICATION_ID_TAKEN;
        }
        final int product = products.indexOf(batch.word(index, REFERENCE));
        if (product < 0) {
            return ResultCode.LOAN_PRODUCT_NOT_FOUND;
        }
        final ResultCode applicantRule = checkApplicant(batch.word(index, ACCOUNT), product);
        if (applicantRule != ResultCode.OK) {
            return applicantRule;
        }
        if (CommandDescriptor.value(header) != products.termMonths(product)) {
            return ResultCode.LOAN_TERM_OUTSIDE_PRODUCT;
        }
        if (applications.isFull()) {
            return ResultCode.LOAN_APPLICATION_LIMIT_REACHED;
        }
        final int applicant = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        final int lender = products.lender(product);
        applications.add(applicationId, applicant, product, lender, amount, products.termMonths(product),
                LoanPurpose.ofNumber(purpose), ledger.today());
        events.add(EventType.LOAN_APPLIED, index, applicationId, products.id(product), applicant, lender, amount, purpose,
                batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    /** An applicant exists, is a profiled enterprise, is neither frozen nor closed, and banks with the product's lender. */
    private ResultCode checkApplicant(final long applicantId, final int product) {
        final int applicant = ledger.accounts().indexOf(applicantId);
        if (applicant < 0) {
            return ResultCode.ACCOUNT_NOT_FOUND;
        }
        if (!isEnterprise(ledger.kindOf(applicant))) {
            return ResultCode.NOT_AN_ENTERPRISE;
        }
        if (!profiles.has(applicant)) {
            return ResultCode.BORROWER_NOT_PROFILED;
        }
        final int status = AccountDescriptor.status(ledger.accounts().word(applicant, ATTRIBUTES));
        if (status == AccountStatus.FROZEN.number()) {
            return ResultCode.ACCOUNT_FROZEN;
        }
        if (status == AccountStatus.CLOSED.number()) {
            return ResultCode.ACCOUNT_CLOSED;
        }
        if (ledger.operatorIndex(applicant) != products.lender(product)) {
            return ResultCode.LOAN_PRODUCT_OF_ANOTHER_LENDER;
        }
        return ResultCode.OK;
    }

    ResultCode decide(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, AMOUNT) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int decision = CommandDescriptor.code(header);
        final int reason = CommandDescriptor.value(header);
        final long loanId = batch.word(index, LOCATION);
        final boolean approve = decision == Command.DecideLoanApplication.APPROVE && loanId != 0 && reason == 0;
        final boolean decline = decision == Command.DecideLoanApplication.DECLINE && loanId == 0
                && LoanDeclineReason.isValidNumber(reason);
        if (!approve && !decline) {
            return ResultCode.LOAN_DECISION_INVALID;
        }
        final int application = applications.indexOf(batch.word(index, REFERENCE));
        if (application < 0) {
            return ResultCode.LOAN_APPLICATION_NOT_FOUND;
        }
        final int lender = applications.lender(application);
        if (ledger.accounts().indexOf(batch.word(index, ACCOUNT)) != lender) {
            return ResultCode.LOAN_APPLICATION_NOT_LENDER;
        }
        if (!applications.isSubmitted(application)) {
            return ResultCode.LOAN_APPLICATION_ALREADY_DECIDED;
        }
        final long userData = batch.word(index, USER_DATA);
        if (decline) {
            close(application, LoanApplicationStatus.DECLINED, 0, reason, index, userData, events);
            return ResultCode.OK;
        }
        if (loans.indexOf(loanId) >= 0) {
            return ResultCode.LOAN_ID_TAKEN;
        }
        final ResultCode disbursed = disburse(loanId, applications.product(application),
                applications.applicant(application), applications.amountFen(application), index, userData, events);
        if (disbursed != ResultCode.OK) {
            return disbursed;
        }
        close(application, LoanApplicationStatus.APPROVED, loanId, 0, index, userData, events);
        return ResultCode.OK;
    }

    ResultCode withdraw(final CommandBatch batch, final int index, final LedgerEvents events) {
        if (batch.header(index) != CommandDescriptor.header(batch.type(index), 0, 0, 0)
                || batch.word(index, OTHER_ACCOUNT) != 0 || batch.word(index, AMOUNT) != 0
                || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int application = applications.indexOf(batch.word(index, REFERENCE));
        if (application < 0) {
            return ResultCode.LOAN_APPLICATION_NOT_FOUND;
        }
        final int operator = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        if (operator < 0 || ledger.operatorIndex(applications.applicant(application)) != operator) {
            return ResultCode.LOAN_APPLICATION_NOT_APPLICANTS_OPERATOR;
        }
        if (!applications.isSubmitted(application)) {
            return ResultCode.LOAN_APPLICATION_ALREADY_DECIDED;
        }
        close(application, LoanApplicationStatus.WITHDRAWN, 0, 0, index, batch.word(index, USER_DATA), events);
        return ResultCode.OK;
    }

    /** Applications submitted {@code lapseDays} or more days before {@code today} and still undecided lapse. */
    private void lapseDue(final int today, final LedgerEvents events) {
        final int lapseDays = ledger.config().loanApplicationLapseDays();
        for (int a = applications.oldestOpen(); a < applications.count(); a++) {
            if (applications.submittedDay(a) > today - lapseDays) {
                return;
            }
            if (applications.isSubmitted(a)) {
                close(a, LoanApplicationStatus.LAPSED, 0, 0, -1, 0, events);
            }
        }
    }

    private void close(final int application, final LoanApplicationStatus outcome, final long loanId, final int reason,
                       final int index, final long userData, final LedgerEvents events) {
        final int today = ledger.today();
        applications.decide(application, outcome, today, loanId, reason);
        final EventType type = switch (outcome) {
            case APPROVED -> EventType.LOAN_APPLICATION_APPROVED;
            case DECLINED -> EventType.LOAN_APPLICATION_DECLINED;
            case WITHDRAWN -> EventType.LOAN_APPLICATION_WITHDRAWN;
            case LAPSED -> EventType.LOAN_APPLICATION_LAPSED;
            case SUBMITTED -> throw new IllegalArgumentException("a submitted application is not closed");
        };
        final long reference = outcome == LoanApplicationStatus.APPROVED ? loanId : reason;
        events.add(type, index, applications.id(application), reference, applications.applicant(application),
                applications.lender(application), applications.amountFen(application),
                today - applications.submittedDay(application), userData);
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

    /** The day's work: undecided applications lapse, then every active loan accrues, falls due, collects, re-buckets. */
    void closeDay(final int today, final LedgerEvents events) {
        lapseDue(today, events);
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
        checkApplications(broken);
    }

    /**
     * Each application: lent by its product's lender; approved exactly when it names a loan to
     * its applicant of its amount under its product; declined exactly when it has a reason;
     * decided on or after it was submitted; still submitted only while younger than the lapse.
     */
    private void checkApplications(final List<String> broken) {
        final int lapseDays = ledger.config().loanApplicationLapseDays();
        for (int a = 0; a < applications.count(); a++) {
            final int status = applications.statusNumber(a);
            final int loan = loans.indexOf(applications.loanId(a));
            final boolean approved = status == LoanApplicationStatus.APPROVED.number();
            final boolean loanMatches = loan >= 0 && loans.borrower(loan) == applications.applicant(a)
                    && loans.product(loan) == applications.product(a)
                    && loans.principalFen(loan) == applications.amountFen(a);
            final boolean submitted = status == LoanApplicationStatus.SUBMITTED.number();
            final boolean timely = submitted ? applications.decidedDay(a) == -1
                    && ledger.today() - applications.submittedDay(a) < lapseDays
                    : applications.decidedDay(a) >= applications.submittedDay(a);
            final boolean declined = status == LoanApplicationStatus.DECLINED.number();
            if (products.lender(applications.product(a)) != applications.lender(a)
                    || approved != (applications.loanId(a) != 0) || approved && !loanMatches
                    || declined != LoanDeclineReason.isValidNumber(applications.declineReasonNumber(a))
                    || !declined && applications.declineReasonNumber(a) != 0 || !timely) {
                broken.add("loan application " + applications.id(a) + " (status " + status + ", loan "
                        + applications.loanId(a) + ", reason " + applications.declineReasonNumber(a) + ", submitted on day "
                        + applications.submittedDay(a) + ", decided on day " + applications.decidedDay(a)
                        + ") disagrees with its product, its loan or the lapse of " + lapseDays + " days");
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
        out.count(applications.count());
        for (int a = 0; a < applications.count(); a++) {
            out.row(applications.id(a), accounts.id(applications.applicant(a)), products.id(applications.product(a)),
                    applications.amountFen(a), applications.termMonths(a), applications.purposeNumber(a),
                    applications.statusNumber(a), applications.submittedDay(a), applications.decidedDay(a),
                    applications.loanId(a), applications.declineReasonNumber(a));
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
        restoreApplications(in);
    }

    private void restoreApplications(final StateReader in) {
        final long count = in.next();
        Checks.checkArgument(count >= 0 && count <= LoanApplications.APPLICATIONS_MAX,
                "snapshot loan application count " + count);
        for (long i = 0; i < count; i++) {
            final long id = in.next();
            final int applicant = Ledger.restoredIndex(ledger.accounts(), in.next());
            final long productId = in.next();
            final int product = products.indexOf(productId);
            Checks.checkArgument(product >= 0, "snapshot loan application " + id + " refers to unknown product " + productId);
            final long amount = in.next();
            final int term = (int) in.next();
            final int purpose = (int) in.next();
            Checks.checkArgument(LoanPurpose.isValidNumber(purpose), "snapshot loan application " + id + " purpose " + purpose);
            final int status = (int) in.next();
            final int submitted = (int) in.next();
            final int a = applications.add(id, applicant, product, products.lender(product), amount, term,
                    LoanPurpose.ofNumber(purpose), submitted);
            applications.restoreOutcome(a, status, (int) in.next(), in.next(), (int) in.next());
        }
    }
}
