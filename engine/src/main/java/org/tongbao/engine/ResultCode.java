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
    PENDING_LIMIT_REACHED(77, "The ledger holds its configured maximum of open pending transfers; post or void some first.");

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
