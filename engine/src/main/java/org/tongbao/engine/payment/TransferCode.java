package org.tongbao.engine.payment;

import org.tongbao.engine.Checks;
import org.tongbao.engine.account.AccountKind;

/**
 * What a transfer is, for the rules (which account kinds may pay and receive it, whether
 * wallet payment limits apply) and for the KPI platform (which metric it counts toward).
 * Numbers are stable: they are journaled and reported.
 *
 * <p>Payment codes count against the paying wallet's single, daily and annual limits. Every
 * movement of programmable money and credit has its own code, so the KPI platform can tell
 * granted, spent, expired and returned campaign funds, and loan disbursements from the
 * principal, interest and penalty parts of repayments.
 */
public enum TransferCode {
    // Sent as TRANSFER commands.

    /** Central bank issues e-CNY to an operator against its reserves. */
    ISSUANCE(1, kinds(AccountKind.CENTRAL_BANK), kinds(AccountKind.OPERATOR_RESERVE), false, true),
    /** An operator returns e-CNY to the central bank. */
    REDEMPTION(2, kinds(AccountKind.OPERATOR_RESERVE), kinds(AccountKind.CENTRAL_BANK), false, true),
    /** An operator converts a customer's deposit into e-CNY in the customer's wallet. */
    EXCHANGE_IN(3, kinds(AccountKind.OPERATOR_RESERVE), heldAtOperator(), false, true),
    /** A customer converts e-CNY back into a deposit at the wallet's operator. */
    EXCHANGE_OUT(4, heldAtOperator(), kinds(AccountKind.OPERATOR_RESERVE), false, true),
    /** Person to person. */
    P2P(10, kinds(AccountKind.PERSONAL), kinds(AccountKind.PERSONAL), true, true),
    /** A purchase from a merchant (the part not paid from campaign funds, see CAMPAIGN_SPEND). */
    MERCHANT_PAYMENT(11, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.GOVERNMENT),
            kinds(AccountKind.MERCHANT), true, true),
    /** Business to business. */
    B2B(12, kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), true,
            true),
    /** A tax payment to a government body. */
    TAX_PAYMENT(13, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT),
            kinds(AccountKind.GOVERNMENT), true, true),
    /** A fee (utilities, tolls, public services) paid to a government body. */
    FEE_PAYMENT(14, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT),
            kinds(AccountKind.GOVERNMENT), true, true),
    /** A subsidy or benefit paid by a government body, free to spend anywhere. */
    SUBSIDY_PAYMENT(15, kinds(AccountKind.GOVERNMENT),
            kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT), true, true),

    // Made by the engine for programmable money and credit; a TRANSFER command cannot use them.

    /** A government body funds a campaign's pool with its budget. */
    CAMPAIGN_FUNDING(20, kinds(AccountKind.GOVERNMENT), kinds(AccountKind.CAMPAIGN_POOL), false, false),
    /** A grant (red envelope, voucher): earmarked funds from the pool into a wallet. */
    CAMPAIGN_GRANT(21, kinds(AccountKind.CAMPAIGN_POOL), kinds(AccountKind.PERSONAL, AccountKind.CORPORATE), false, false),
    /** The part of a merchant payment paid from earmarked funds (one row per campaign used). */
    CAMPAIGN_SPEND(22, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE), kinds(AccountKind.MERCHANT), true, false),
    /** Unspent earmarked funds going back to the pool when the campaign's window ends. */
    CAMPAIGN_EXPIRY(23, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE), kinds(AccountKind.CAMPAIGN_POOL), false,
            false),
    /** What is left in the pool going back to the funder when the campaign closes. */
    CAMPAIGN_RETURN(24, kinds(AccountKind.CAMPAIGN_POOL), kinds(AccountKind.GOVERNMENT), false, false),
    /** A payer locks prepaid funds in escrow for a named beneficiary. */
    ESCROW_LOCK(30, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT, AccountKind.GOVERNMENT),
            kinds(AccountKind.ESCROW), true, false),
    /** Escrowed funds released to the beneficiary (in whole or in part). */
    ESCROW_RELEASE(31, kinds(AccountKind.ESCROW), heldAtOperator(), false, false),
    /** Escrowed funds refunded to the payer. */
    ESCROW_REFUND(32, kinds(AccountKind.ESCROW), heldAtOperator(), false, false),
    /** An operator bank lends: e-CNY from its inventory into the borrower's wallet. */
    LOAN_DISBURSEMENT(40, kinds(AccountKind.OPERATOR_RESERVE), kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), false,
            false),
    /** A repayment's principal part, back to the lender's inventory. */
    LOAN_PRINCIPAL_REPAYMENT(41, kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), kinds(AccountKind.OPERATOR_RESERVE),
            false, false),
    /** A repayment's interest part. */
    LOAN_INTEREST_PAYMENT(42, kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), kinds(AccountKind.OPERATOR_RESERVE),
            false, false),
    /** A repayment's penalty-interest part (interest on overdue amounts). */
    LOAN_PENALTY_PAYMENT(43, kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), kinds(AccountKind.OPERATOR_RESERVE),
            false, false);

    private static final int NUMBERS = 64;
    private static final TransferCode[] BY_NUMBER = new TransferCode[NUMBERS];
    private static final int[] DEBIT_KINDS = new int[NUMBERS];
    private static final int[] CREDIT_KINDS = new int[NUMBERS];
    private static final boolean[] PAYMENT = new boolean[NUMBERS];
    private static final boolean[] DIRECT = new boolean[NUMBERS];

    static {
        for (final TransferCode code : values()) {
            Checks.check(BY_NUMBER[code.number] == null, "duplicate transfer code " + code.number);
            BY_NUMBER[code.number] = code;
            DEBIT_KINDS[code.number] = code.debitKinds;
            CREDIT_KINDS[code.number] = code.creditKinds;
            PAYMENT[code.number] = code.payment;
            DIRECT[code.number] = code.direct;
        }
    }

    private final int number;
    private final int debitKinds;
    private final int creditKinds;
    private final boolean payment;
    private final boolean direct;

    TransferCode(final int number, final int debitKinds, final int creditKinds, final boolean payment,
                 final boolean direct) {
        this.number = number;
        this.debitKinds = debitKinds;
        this.creditKinds = creditKinds;
        this.payment = payment;
        this.direct = direct;
    }

    public int number() {
        return number;
    }

    /** Whether the paying wallet's single, daily and annual limits apply. */
    public boolean isPayment() {
        return payment;
    }

    /** Whether a TRANSFER command may carry this code (false: only the engine's own movements do). */
    public boolean isDirect() {
        return direct;
    }

    public boolean allowsDebit(final AccountKind kind) {
        return (debitKinds & (1 << kind.number())) != 0;
    }

    public boolean allowsCredit(final AccountKind kind) {
        return (creditKinds & (1 << kind.number())) != 0;
    }

    public static boolean isValidNumber(final int number) {
        return number >= 0 && number < NUMBERS && BY_NUMBER[number] != null;
    }

    public static TransferCode ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no transfer code has number " + number);
        }
        return BY_NUMBER[number];
    }

    /** Hot-path form of {@link #allowsDebit}: code number and kind number, no enum lookups. */
    public static boolean allowsDebit(final int code, final int kind) {
        return (DEBIT_KINDS[code] & (1 << kind)) != 0;
    }

    /** Hot-path form of {@link #allowsCredit}. */
    public static boolean allowsCredit(final int code, final int kind) {
        return (CREDIT_KINDS[code] & (1 << kind)) != 0;
    }

    /** Hot-path form of {@link #isDirect()}. */
    public static boolean isDirect(final int code) {
        return DIRECT[code];
    }

    /** Hot-path form of {@link #isPayment()}. */
    public static boolean isPayment(final int code) {
        return PAYMENT[code];
    }

    private static int kinds(final AccountKind... kinds) {
        int mask = 0;
        for (final AccountKind kind : kinds) {
            mask |= 1 << kind.number();
        }
        return mask;
    }

    private static int heldAtOperator() {
        return kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT, AccountKind.GOVERNMENT);
    }
}
