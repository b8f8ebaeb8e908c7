package org.tongbao.engine.command;

import static org.tongbao.engine.command.CommandDescriptor.FLAG_HARD_WALLET;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_LINKED;
import static org.tongbao.engine.command.CommandDescriptor.FLAG_PENDING;
import static org.tongbao.engine.command.CommandDescriptor.header;

import java.util.Arrays;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.payment.TransferCode;

/**
 * Commands as records: the readable form of {@link CommandDescriptor}'s binary layout, for
 * callers that are not on a hot path (API, simulator set-up, tools, tests). Records carry raw
 * numbers (kind, code, tier) so that any binary command, valid or not, has a record form; the
 * ledger, not the record, decides what is valid. {@link Raw} holds words no other record fits.
 */
public sealed interface Command {

    /** Appends this command to {@code batch}; returns its index. */
    int appendTo(CommandBatch batch);

    /** The command's id: the new account's id for {@link OpenAccount}, else the command's own id. */
    long id();

    /** Opens an account. {@code operatorId} is the operator reserve's account id (0 for none). */
    record OpenAccount(long accountId, int kind, long operatorId, int tier, int district, int merchantCategory,
                       boolean hardWallet, long parentId, long userData) implements Command {
        public static OpenAccount of(final long accountId, final AccountKind kind, final long operatorId, final int tier,
                                     final int district, final int merchantCategory) {
            return new OpenAccount(accountId, kind.number(), operatorId, tier, district, merchantCategory, false, 0, 0);
        }

        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.OPEN_ACCOUNT.number(), hardWallet ? FLAG_HARD_WALLET : 0, kind, tier),
                    accountId, operatorId, parentId, 0, 0, CommandDescriptor.location(district, merchantCategory), userData);
        }

        @Override
        public long id() {
            return accountId;
        }
    }

    /** Moves a wallet to another KYC tier. */
    record ChangeTier(long commandId, long accountId, int tier) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.CHANGE_TIER.number(), 0, 0, tier), commandId, accountId, 0, 0, 0, 0, 0);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Freezes an account: no money moves in or out. */
    record Freeze(long commandId, long accountId) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.FREEZE.number(), 0, 0, 0), commandId, accountId, 0, 0, 0, 0, 0);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Lifts a freeze. */
    record Unfreeze(long commandId, long accountId) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.UNFREEZE.number(), 0, 0, 0), commandId, accountId, 0, 0, 0, 0, 0);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Closes an account at zero balance with nothing pending. Final. */
    record Close(long commandId, long accountId) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.CLOSE.number(), 0, 0, 0), commandId, accountId, 0, 0, 0, 0, 0);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /**
     * Moves {@code amountFen} from the debit to the credit account. With {@code FLAG_PENDING}
     * it only reserves the funds, for {@code timeoutSeconds}, until posted or voided.
     */
    record Transfer(long transferId, long debitAccountId, long creditAccountId, long amountFen, int code, int flags,
                    int timeoutSeconds, long userData) implements Command {
        public static Transfer of(final long transferId, final long debitAccountId, final long creditAccountId,
                                  final long amountFen, final TransferCode code) {
            return new Transfer(transferId, debitAccountId, creditAccountId, amountFen, code.number(), 0, 0, 0);
        }

        public static Transfer pending(final long transferId, final long debitAccountId, final long creditAccountId,
                                       final long amountFen, final TransferCode code, final int timeoutSeconds) {
            return new Transfer(transferId, debitAccountId, creditAccountId, amountFen, code.number(), FLAG_PENDING,
                    timeoutSeconds, 0);
        }

        /** The same transfer, linked to the command after it. */
        public Transfer linked() {
            return new Transfer(transferId, debitAccountId, creditAccountId, amountFen, code, flags | FLAG_LINKED,
                    timeoutSeconds, userData);
        }

        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.TRANSFER.number(), flags, code, timeoutSeconds), transferId,
                    debitAccountId, creditAccountId, amountFen, 0, 0, userData);
        }

        @Override
        public long id() {
            return transferId;
        }
    }

    /** Completes a pending transfer: all of it ({@code amountFen} 0) or part, releasing the rest. */
    record PostPending(long commandId, long pendingId, long amountFen, int flags, long userData) implements Command {
        public static PostPending of(final long commandId, final long pendingId, final long amountFen) {
            return new PostPending(commandId, pendingId, amountFen, 0, 0);
        }

        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.POST_PENDING.number(), flags, 0, 0), commandId, 0, 0, amountFen,
                    pendingId, 0, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Cancels a pending transfer, releasing its funds. */
    record VoidPending(long commandId, long pendingId, int flags, long userData) implements Command {
        public static VoidPending of(final long commandId, final long pendingId) {
            return new VoidPending(commandId, pendingId, 0, 0);
        }

        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.VOID_PENDING.number(), flags, 0, 0), commandId, 0, 0, 0, pendingId, 0,
                    userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    // ------------------------------------------------------------------------------------
    // Programmable money: incentive campaigns
    // ------------------------------------------------------------------------------------

    /**
     * Creates an incentive campaign: opens its pool account (id = {@code campaignId}) and moves
     * the budget into it from the funding government body. Earmarked funds may be spent from
     * {@code validFromMs} until {@code validUntilMs}, when what is unspent returns to the pool.
     */
    record CreateCampaign(long campaignId, long funderId, long budgetFen, long validFromMs, long validUntilMs,
                          long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.CAMPAIGN_CREATE.number(), 0, 0, 0), campaignId, funderId, 0,
                    budgetFen, validFromMs, validUntilMs, userData);
        }

        @Override
        public long id() {
            return campaignId;
        }
    }

    /**
     * Adds a rule to a campaign before its first grant. {@code rule} is a CampaignRule number;
     * {@code value} is a merchant category, a district code, a merchant's account id, or fen.
     */
    record AddCampaignRule(long commandId, long campaignId, int rule, long value, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.CAMPAIGN_RULE.number(), 0, rule, 0), commandId, 0, 0, value,
                    campaignId, 0, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Grants earmarked campaign funds (a red envelope, a voucher) from the pool to a wallet. */
    record GrantCampaignFunds(long grantId, long campaignId, long walletId, long amountFen, long userData)
            implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.CAMPAIGN_GRANT.number(), 0, 0, 0), grantId, 0, walletId, amountFen,
                    campaignId, 0, userData);
        }

        @Override
        public long id() {
            return grantId;
        }
    }

    /** Closes a campaign: unspent earmarks return to the pool, then the pool returns to the funder. */
    record CloseCampaign(long commandId, long campaignId, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.CAMPAIGN_CLOSE.number(), 0, 0, 0), commandId, 0, 0, 0, campaignId, 0,
                    userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    // ------------------------------------------------------------------------------------
    // Programmable money: escrow
    // ------------------------------------------------------------------------------------

    /**
     * Locks prepaid funds in a new escrow account (id = {@code escrowId}) for a beneficiary.
     * {@code authorisedId} is a third party who may also decide (0 for none); at
     * {@code deadlineMs} what is left goes by {@code defaultAction} (an EscrowDefault number).
     */
    record LockEscrow(long escrowId, long payerId, long beneficiaryId, long amountFen, long authorisedId,
                      long deadlineMs, int defaultAction, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.ESCROW_LOCK.number(), 0, defaultAction, 0), escrowId, payerId,
                    beneficiaryId, amountFen, authorisedId, deadlineMs, userData);
        }

        @Override
        public long id() {
            return escrowId;
        }
    }

    /** Releases escrowed funds to the beneficiary: {@code amountFen}, or all that is left for 0. */
    record ReleaseEscrow(long commandId, long escrowId, long partyId, long amountFen, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.ESCROW_RELEASE.number(), 0, 0, 0), commandId, partyId, 0, amountFen,
                    escrowId, 0, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Refunds escrowed funds to the payer: {@code amountFen}, or all that is left for 0. */
    record RefundEscrow(long commandId, long escrowId, long partyId, long amountFen, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.ESCROW_REFUND.number(), 0, 0, 0), commandId, partyId, 0, amountFen,
                    escrowId, 0, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    // ------------------------------------------------------------------------------------
    // Credit: SME loans
    // ------------------------------------------------------------------------------------

    /** Records a corporate or merchant wallet's enterprise size (EnterpriseSize number) and sector code. */
    record ProfileEnterprise(long commandId, long accountId, int size, int sector, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.ENTERPRISE_PROFILE.number(), 0, size, sector), commandId, accountId,
                    0, 0, 0, 0, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /**
     * Defines a loan product of an operator bank. Rates are annual, in basis points;
     * {@code amortisation} is an Amortisation number; {@code repaymentDay} is the day of month
     * (1-28) instalments fall due.
     */
    record DefineLoanProduct(long productId, long lenderId, int annualRateBp, int penaltyRateBp, int termMonths,
                             int graceMonths, int amortisation, int repaymentDay, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.LOAN_PRODUCT.number(), 0, amortisation, termMonths), productId,
                    lenderId, 0, 0, (annualRateBp & 0xFFFF_FFFFL) | (long) penaltyRateBp << 32,
                    (graceMonths & 0xFFFF_FFFFL) | (long) repaymentDay << 32, userData);
        }

        @Override
        public long id() {
            return productId;
        }
    }

    /** Disburses a loan of {@code principalFen} under a product from the lender's e-CNY inventory to the borrower. */
    record DisburseLoan(long loanId, long productId, long borrowerId, long principalFen, long userData)
            implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.LOAN_DISBURSE.number(), 0, 0, 0), loanId, 0, borrowerId,
                    principalFen, productId, 0, userData);
        }

        @Override
        public long id() {
            return loanId;
        }
    }

    /** A manual repayment from the borrower's wallet; beyond what is due it prepays principal. */
    record RepayLoan(long commandId, long loanId, long amountFen, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.LOAN_REPAY.number(), 0, 0, 0), commandId, 0, 0, amountFen, loanId, 0,
                    userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /**
     * An SME (corporate or merchant wallet with an enterprise profile) applies, through its
     * operator bank, for a loan of {@code amountFen} under one of that operator's products;
     * {@code termMonths} must be the product's term, {@code purpose} is a LoanPurpose number.
     */
    record ApplyForLoan(long applicationId, long applicantId, long productId, long amountFen, int termMonths,
                        int purpose, long userData) implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.LOAN_APPLY.number(), 0, purpose, termMonths), applicationId,
                    applicantId, 0, amountFen, productId, 0, userData);
        }

        @Override
        public long id() {
            return applicationId;
        }
    }

    /**
     * The lender's decision on a submitted application: {@code decision} 1 approves it and
     * disburses loan {@code loanId} (reason 0), 2 declines it for {@code reason}, a
     * LoanDeclineReason number (loan id 0).
     */
    record DecideLoanApplication(long commandId, long applicationId, long lenderId, int decision, long loanId,
                                 int reason, long userData) implements Command {
        public static final int APPROVE = 1;
        public static final int DECLINE = 2;

        public static DecideLoanApplication approve(final long commandId, final long applicationId, final long lenderId,
                                                    final long loanId) {
            return new DecideLoanApplication(commandId, applicationId, lenderId, APPROVE, loanId, 0, 0);
        }

        public static DecideLoanApplication decline(final long commandId, final long applicationId, final long lenderId,
                                                    final int reason) {
            return new DecideLoanApplication(commandId, applicationId, lenderId, DECLINE, 0, reason, 0);
        }

        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.LOAN_DECIDE.number(), 0, decision, reason), commandId, lenderId, 0,
                    0, applicationId, loanId, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** The applicant's operator ({@code operatorId}) withdraws a submitted application. */
    record WithdrawLoanApplication(long commandId, long applicationId, long operatorId, long userData)
            implements Command {
        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.append(header(CommandType.LOAN_WITHDRAW.number(), 0, 0, 0), commandId, operatorId, 0, 0,
                    applicationId, 0, userData);
        }

        @Override
        public long id() {
            return commandId;
        }
    }

    /** Words that no other record represents exactly (unknown type, stray flags or fields). */
    record Raw(long[] words) implements Command {
        public Raw {
            words = words.clone();
        }

        @Override
        public int appendTo(final CommandBatch batch) {
            return batch.appendWords(words, 0);
        }

        @Override
        public long id() {
            return words[CommandDescriptor.ID];
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Raw raw && Arrays.equals(words, raw.words);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "Raw" + Arrays.toString(words);
        }
    }

    /** The record form of command {@code index} of {@code batch}; round-trips exactly through {@link #appendTo}. */
    static Command decode(final CommandBatch batch, final int index) {
        final long[] w = new long[CommandDescriptor.WORDS];
        for (int i = 0; i < w.length; i++) {
            w[i] = batch.word(index, i);
        }
        final Command command = decodeWords(w);
        final CommandBatch check = new CommandBatch(1);
        command.appendTo(check);
        for (int i = 0; i < w.length; i++) {
            if (check.word(0, i) != w[i]) {
                return new Raw(w);
            }
        }
        return command;
    }

    private static Command decodeWords(final long[] w) {
        final long h = w[CommandDescriptor.HEADER];
        final int flags = CommandDescriptor.flags(h);
        final int value = CommandDescriptor.value(h);
        final long id = w[CommandDescriptor.ID];
        final long account = w[CommandDescriptor.ACCOUNT];
        final CommandType type = CommandType.ofNumberOrNull(CommandDescriptor.type(h));
        if (type == null) {
            return new Raw(w);
        }
        return switch (type) {
            case OPEN_ACCOUNT -> new OpenAccount(id, CommandDescriptor.code(h), account, value,
                    CommandDescriptor.district(w[CommandDescriptor.LOCATION]),
                    CommandDescriptor.merchantCategory(w[CommandDescriptor.LOCATION]),
                    (flags & FLAG_HARD_WALLET) != 0, w[CommandDescriptor.OTHER_ACCOUNT], w[CommandDescriptor.USER_DATA]);
            case CHANGE_TIER -> new ChangeTier(id, account, value);
            case FREEZE -> new Freeze(id, account);
            case UNFREEZE -> new Unfreeze(id, account);
            case CLOSE -> new Close(id, account);
            case TRANSFER -> new Transfer(id, account, w[CommandDescriptor.OTHER_ACCOUNT], w[CommandDescriptor.AMOUNT],
                    CommandDescriptor.code(h), flags, value, w[CommandDescriptor.USER_DATA]);
            case POST_PENDING -> new PostPending(id, w[CommandDescriptor.REFERENCE], w[CommandDescriptor.AMOUNT], flags,
                    w[CommandDescriptor.USER_DATA]);
            case VOID_PENDING -> new VoidPending(id, w[CommandDescriptor.REFERENCE], flags, w[CommandDescriptor.USER_DATA]);
            case CAMPAIGN_CREATE -> new CreateCampaign(id, account, w[CommandDescriptor.AMOUNT],
                    w[CommandDescriptor.REFERENCE], w[CommandDescriptor.LOCATION], w[CommandDescriptor.USER_DATA]);
            case CAMPAIGN_RULE -> new AddCampaignRule(id, w[CommandDescriptor.REFERENCE], CommandDescriptor.code(h),
                    w[CommandDescriptor.AMOUNT], w[CommandDescriptor.USER_DATA]);
            case CAMPAIGN_GRANT -> new GrantCampaignFunds(id, w[CommandDescriptor.REFERENCE],
                    w[CommandDescriptor.OTHER_ACCOUNT], w[CommandDescriptor.AMOUNT], w[CommandDescriptor.USER_DATA]);
            case CAMPAIGN_CLOSE -> new CloseCampaign(id, w[CommandDescriptor.REFERENCE], w[CommandDescriptor.USER_DATA]);
            case ESCROW_LOCK -> new LockEscrow(id, account, w[CommandDescriptor.OTHER_ACCOUNT], w[CommandDescriptor.AMOUNT],
                    w[CommandDescriptor.REFERENCE], w[CommandDescriptor.LOCATION], CommandDescriptor.code(h),
                    w[CommandDescriptor.USER_DATA]);
            case ESCROW_RELEASE -> new ReleaseEscrow(id, w[CommandDescriptor.REFERENCE], account,
                    w[CommandDescriptor.AMOUNT], w[CommandDescriptor.USER_DATA]);
            case ESCROW_REFUND -> new RefundEscrow(id, w[CommandDescriptor.REFERENCE], account,
                    w[CommandDescriptor.AMOUNT], w[CommandDescriptor.USER_DATA]);
            case ENTERPRISE_PROFILE -> new ProfileEnterprise(id, account, CommandDescriptor.code(h), value,
                    w[CommandDescriptor.USER_DATA]);
            case LOAN_PRODUCT -> new DefineLoanProduct(id, account, (int) w[CommandDescriptor.REFERENCE],
                    (int) (w[CommandDescriptor.REFERENCE] >>> 32), value, (int) w[CommandDescriptor.LOCATION],
                    CommandDescriptor.code(h), (int) (w[CommandDescriptor.LOCATION] >>> 32), w[CommandDescriptor.USER_DATA]);
            case LOAN_DISBURSE -> new DisburseLoan(id, w[CommandDescriptor.REFERENCE], w[CommandDescriptor.OTHER_ACCOUNT],
                    w[CommandDescriptor.AMOUNT], w[CommandDescriptor.USER_DATA]);
            case LOAN_REPAY -> new RepayLoan(id, w[CommandDescriptor.REFERENCE], w[CommandDescriptor.AMOUNT],
                    w[CommandDescriptor.USER_DATA]);
            case LOAN_APPLY -> new ApplyForLoan(id, account, w[CommandDescriptor.REFERENCE], w[CommandDescriptor.AMOUNT],
                    value, CommandDescriptor.code(h), w[CommandDescriptor.USER_DATA]);
            case LOAN_DECIDE -> new DecideLoanApplication(id, w[CommandDescriptor.REFERENCE], account,
                    CommandDescriptor.code(h), w[CommandDescriptor.LOCATION], value, w[CommandDescriptor.USER_DATA]);
            case LOAN_WITHDRAW -> new WithdrawLoanApplication(id, w[CommandDescriptor.REFERENCE], account,
                    w[CommandDescriptor.USER_DATA]);
        };
    }
}
