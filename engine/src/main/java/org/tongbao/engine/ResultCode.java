package org.tongbao.engine;

/**
 * The outcome of one command. Business rejections are values of this enum, returned per
 * command in a batch; they are never exceptions. Each has a stable numeric code (journaled
 * and sent over the API, so numbers are never reused) and a message a person can act on.
 */
public enum ResultCode {
    OK(0, "Applied."),

    // Command shape.
    ID_MUST_NOT_BE_ZERO(1, "The command id is 0; choose a non-zero 64-bit id."),
    UNKNOWN_COMMAND_TYPE(2, "The command type is not one this engine knows."),
    FLAGS_INVALID(3, "The command carries flags that are not defined for its type."),
    ID_EXISTS_WITH_DIFFERENT_FIELDS(4, "This id was already used for a command with different fields; use a new id for a new command."),
    ID_HELD_BY_LIVE_PENDING_TRANSFER(5, "This id belongs to a pending transfer that is still open; use a new id."),
    FIELD_NOT_ALLOWED(6, "The command sets a field its type does not use; leave unused fields 0."),

    // Linked chains.
    LINKED_EVENT_FAILED(10, "Another command in the same linked chain failed, so this one was not applied."),
    LINKED_CHAIN_OPEN(11, "The batch ended inside a linked chain: its last command must not carry the LINKED flag."),
    LINKED_NOT_ALLOWED(12, "Only transfers, posts and voids can be linked; send account changes on their own."),

    // Accounts.
    ACCOUNT_NOT_FOUND(20, "No account has this id."),
    DEBIT_ACCOUNT_NOT_FOUND(21, "The paying (debit) account does not exist."),
    CREDIT_ACCOUNT_NOT_FOUND(22, "The receiving (credit) account does not exist."),
    ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS(23, "An account with this id exists with different fields; choose another id."),
    ACCOUNT_KIND_INVALID(24, "The account kind is not one of the defined kinds."),
    CENTRAL_BANK_ALREADY_EXISTS(25, "The ledger already has its central bank issuance account; there is only one."),
    OPERATOR_NOT_FOUND(26, "The operator must be an existing operator reserve account."),
    OPERATOR_NOT_ALLOWED(27, "The central bank and operator reserve accounts are not held at an operator; leave the operator 0."),
    TIER_INVALID(28, "Wallets take a KYC tier from 1 (strongest) to 4 (anonymous); other accounts take tier 0."),
    DISTRICT_INVALID(29, "The district must be 0 (none) or a 6-digit administrative division code."),
    MERCHANT_CATEGORY_INVALID(30, "Merchants need a merchant category code from 1 to 9999; other accounts may leave it 0."),
    PARENT_NOT_FOUND(31, "The parent wallet does not exist."),
    PARENT_NOT_ALLOWED(32, "Only wallets have parents, and the parent must be an active wallet at the same operator."),
    ACCOUNTS_LIMIT_REACHED(33, "The ledger holds its configured maximum number of accounts; raise the limit to open more."),
    ACCOUNT_FROZEN(34, "The account is frozen; unfreeze it first."),
    ACCOUNT_CLOSED(35, "The account is closed; closed accounts cannot change or move money."),
    ACCOUNT_ALREADY_FROZEN(36, "The account is already frozen."),
    ACCOUNT_NOT_FROZEN(37, "The account is not frozen."),
    ACCOUNT_HAS_BALANCE(38, "The account still holds money; move its balance out before closing it."),
    ACCOUNT_HAS_PENDING_TRANSFERS(39, "The account has pending transfers; post or void them before closing it."),
    NOT_A_WALLET(40, "Only wallets (personal, corporate, merchant) have a KYC tier."),
    BALANCE_ABOVE_TIER_CAP(41, "The wallet holds more than the new tier's balance cap; lower the balance first."),
    ACCOUNT_KIND_CANNOT_CHANGE_STATUS(42, "The central bank, operator reserve, campaign pool and escrow accounts cannot be frozen or closed."),
    ACCOUNT_KIND_NOT_OPENABLE(43, "Campaign pools and escrow accounts are opened by the campaign and escrow commands, not by OPEN_ACCOUNT."),

    // Transfers.
    AMOUNT_MUST_BE_POSITIVE(50, "The amount must be a positive number of fen."),
    SAME_ACCOUNT(51, "The paying and receiving accounts are the same."),
    TRANSFER_CODE_INVALID(52, "The transfer code is not one of the defined codes."),
    DEBIT_ACCOUNT_KIND_NOT_ALLOWED(53, "This kind of transfer cannot be paid from an account of the debit account's kind."),
    CREDIT_ACCOUNT_KIND_NOT_ALLOWED(54, "This kind of transfer cannot be paid into an account of the credit account's kind."),
    WALLET_NOT_AT_OPERATOR(55, "Exchange moves money only between an operator and its own wallets."),
    DEBIT_ACCOUNT_FROZEN(56, "The paying account is frozen."),
    CREDIT_ACCOUNT_FROZEN(57, "The receiving account is frozen."),
    DEBIT_ACCOUNT_CLOSED(58, "The paying account is closed."),
    CREDIT_ACCOUNT_CLOSED(59, "The receiving account is closed."),
    INSUFFICIENT_FUNDS(60, "The paying account's available balance is lower than the amount."),
    EXCEEDS_BALANCE_CAP(61, "The receiving wallet would hold more than its tier's balance cap."),
    EXCEEDS_SINGLE_PAYMENT_LIMIT(62, "The amount is above the paying wallet's single-payment limit for its tier."),
    EXCEEDS_DAILY_LIMIT(63, "The payment would take the paying wallet over its daily limit (Asia/Shanghai calendar day)."),
    EXCEEDS_ANNUAL_LIMIT(64, "The payment would take the paying wallet over its annual limit (calendar year)."),
    AMOUNT_OVERFLOW(65, "The amount would take a balance or total beyond what 64-bit fen can hold."),
    TRANSFER_CODE_RESERVED(66, "This transfer code is made by the engine for campaigns, escrow and loans; send the campaign, escrow or loan command instead."),

    // Two-phase transfers.
    PENDING_TIMEOUT_INVALID(70, "A pending transfer needs a timeout from 1 second up to the configured maximum."),
    TIMEOUT_REQUIRES_PENDING(71, "Only pending transfers take a timeout; set the PENDING flag or a timeout of 0."),
    PENDING_TRANSFER_NOT_FOUND(72, "No pending transfer has this id."),
    PENDING_TRANSFER_ALREADY_POSTED(73, "The pending transfer was already posted."),
    PENDING_TRANSFER_ALREADY_VOIDED(74, "The pending transfer was already voided."),
    PENDING_TRANSFER_EXPIRED(75, "The pending transfer expired before it was posted; its funds were released."),
    POST_AMOUNT_EXCEEDS_PENDING(76, "The posted amount is larger than the pending amount."),
    PENDING_LIMIT_REACHED(77, "The ledger holds its configured maximum of open pending transfers; post or void some first."),

    // Incentive campaigns.
    CAMPAIGN_NOT_FOUND(80, "No campaign has this id."),
    CAMPAIGN_ID_TAKEN(81, "An account already has this id; a campaign's id is also its pool account's id, so choose another."),
    CAMPAIGN_WINDOW_INVALID(82, "The campaign's window must start before it ends and end after the current batch time."),
    FUNDER_NOT_GOVERNMENT(83, "Campaigns are funded from a government body's account."),
    CAMPAIGN_RULE_INVALID(84, "The rule is not a defined campaign rule, or its value is out of range (category 1-9999, 6-digit district, an existing merchant, a positive amount in fen)."),
    CAMPAIGN_RULES_LOCKED(85, "The campaign has made grants or ended; its rules can no longer change."),
    CAMPAIGN_NOT_OPEN(86, "The campaign's window has ended or the campaign is closed; it makes no more grants."),
    CAMPAIGN_POOL_INSUFFICIENT(87, "The campaign's pool holds less than the grant."),
    EXCEEDS_CAMPAIGN_WALLET_CAP(88, "The grant would take the wallet over the campaign's per-wallet cap."),
    WALLET_CANNOT_HOLD_EARMARKS(89, "Only personal and corporate wallets receive campaign grants."),
    CAMPAIGN_LIMIT_REACHED(90, "The ledger holds its maximum of campaigns, campaign rules or earmarked entries."),
    CAMPAIGN_ALREADY_CLOSED(91, "The campaign is already closed."),

    // Escrow.
    ESCROW_NOT_FOUND(100, "No escrow has this id."),
    ESCROW_ID_TAKEN(101, "An account already has this id; an escrow's id is also its account's id, so choose another."),
    ESCROW_DEADLINE_INVALID(102, "The escrow's deadline must be after the current batch time."),
    ESCROW_DEFAULT_INVALID(103, "The default action at the deadline must be 1 (release to the beneficiary) or 2 (refund the payer)."),
    ESCROW_PARTY_NOT_ALLOWED(104, "Only the payer or the authorised party may release escrowed funds; only the beneficiary or the authorised party may refund them."),
    ESCROW_SETTLED(105, "Nothing is left in this escrow: it was released or refunded in full."),
    ESCROW_AMOUNT_EXCEEDS_REMAINING(106, "The amount is more than what is left in the escrow."),
    ESCROW_LIMIT_REACHED(107, "The ledger holds its maximum number of escrows."),
    ESCROW_PARTY_INVALID(108, "The escrow's beneficiary and authorised party must be existing accounts held at an operator, other than the payer."),

    // SME loans.
    ENTERPRISE_SIZE_INVALID(110, "The enterprise size must be 1 (micro), 2 (small), 3 (medium) or 4 (large)."),
    SECTOR_INVALID(111, "The sector must be a code from 1 to 9999."),
    NOT_AN_ENTERPRISE(112, "Only corporate and merchant wallets have an enterprise profile and borrow."),
    LOAN_PRODUCT_NOT_FOUND(113, "No loan product has this id."),
    LOAN_PRODUCT_ID_TAKEN(114, "A loan product with this id exists; products never change, so define a new one with a new id."),
    LOAN_PRODUCT_INVALID(115, "Loan products need: annual and penalty rates of 0-10,000 basis points, a term of 1-360 months, fewer grace months than the term, amortisation 1 (equal instalments) or 2 (equal principal), and a repayment day of 1-28."),
    LENDER_NOT_OPERATOR(116, "The lender must be an operator bank's reserve account."),
    BORROWER_NOT_PROFILED(117, "The borrower has no enterprise profile; send ENTERPRISE_PROFILE first."),
    LOAN_NOT_FOUND(118, "No loan has this id."),
    LOAN_ID_TAKEN(119, "A loan with this id already exists; choose another id."),
    LOAN_ALREADY_REPAID(120, "The loan is repaid in full."),
    LOAN_REPAYMENT_EXCEEDS_OWED(121, "The repayment is more than the loan's principal balance, interest due and penalty together."),
    LOAN_PRINCIPAL_INVALID(122, "The principal must be positive and at most 1 trillion CNY."),
    LOAN_LIMIT_REACHED(123, "The ledger holds its maximum number of loans or loan products."),

    // SME loan applications.
    LOAN_APPLICATION_NOT_FOUND(124, "No loan application has this id."),
    LOAN_APPLICATION_ID_TAKEN(125, "A loan application with this id exists; choose another id for a new application."),
    LOAN_PRODUCT_OF_ANOTHER_LENDER(126, "The product is offered by another operator bank; an enterprise applies for its own operator's products."),
    LOAN_TERM_OUTSIDE_PRODUCT(127, "The term must be the product's term in months; for another term choose a product that offers it."),
    LOAN_PURPOSE_INVALID(128, "The purpose must be 1 (working capital), 2 (equipment), 3 (trade finance), 4 (expansion), 5 (refinancing) or 6 (other)."),
    LOAN_APPLICATION_ALREADY_DECIDED(129, "The application is no longer waiting for a decision: it was approved, declined, withdrawn or has lapsed."),
    LOAN_APPLICATION_NOT_LENDER(130, "Only the operator bank that offers the application's product may decide it."),
    LOAN_APPLICATION_NOT_APPLICANTS_OPERATOR(131, "Only the applicant's own operator bank may withdraw the application."),
    LOAN_DECISION_INVALID(132, "A decision is 1 (approve, with a new loan id and no reason) or 2 (decline, with a reason 1-6 and no loan id)."),
    LOAN_APPLICATION_LIMIT_REACHED(133, "The ledger holds its maximum number of loan applications (1,048,576).");

    private static final ResultCode[] BY_NUMBER = indexByNumber();

    private final int number;
    private final String message;

    ResultCode(final int number, final String message) {
        this.number = number;
        this.message = message;
    }

    /** Stable numeric code, used in the journal and on the API. */
    public int number() {
        return number;
    }

    /** What went wrong and what the caller can do about it. */
    public String message() {
        return message;
    }

    /** The code with this number; throws for a number no code has. */
    public static ResultCode ofNumber(final int number) {
        final ResultCode code = number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
        if (code == null) {
            throw new IllegalArgumentException("no result code has number " + number);
        }
        return code;
    }

    private static ResultCode[] indexByNumber() {
        int max = 0;
        for (final ResultCode code : values()) {
            max = Math.max(max, code.number);
        }
        final ResultCode[] byNumber = new ResultCode[max + 1];
        for (final ResultCode code : values()) {
            Checks.check(byNumber[code.number] == null, "duplicate result code number " + code.number);
            byNumber[code.number] = code;
        }
        return byNumber;
    }
}
