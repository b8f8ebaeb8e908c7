package org.tongbao.engine.payment;

import org.tongbao.engine.Checks;
import org.tongbao.engine.account.AccountKind;

/**
 * What a transfer is, for the rules (which account kinds may pay and receive it, whether
 * wallet payment limits apply) and for the KPI platform (which metric it counts toward).
 * Numbers are stable: they are journaled and reported.
 */
public enum TransferCode {
    /** Central bank issues e-CNY to an operator against its reserves. */
    ISSUANCE(1, kinds(AccountKind.CENTRAL_BANK), kinds(AccountKind.OPERATOR_RESERVE), false),
    /** An operator returns e-CNY to the central bank. */
    REDEMPTION(2, kinds(AccountKind.OPERATOR_RESERVE), kinds(AccountKind.CENTRAL_BANK), false),
    /** An operator converts a customer's deposit into e-CNY in the customer's wallet. */
    EXCHANGE_IN(3, kinds(AccountKind.OPERATOR_RESERVE), heldAtOperator(), false),
    /** A customer converts e-CNY back into a deposit at the wallet's operator. */
    EXCHANGE_OUT(4, heldAtOperator(), kinds(AccountKind.OPERATOR_RESERVE), false),
    /** Person to person. */
    P2P(10, kinds(AccountKind.PERSONAL), kinds(AccountKind.PERSONAL), true),
    /** A purchase from a merchant. */
    MERCHANT_PAYMENT(11, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.GOVERNMENT),
            kinds(AccountKind.MERCHANT), true),
    /** Business to business. */
    B2B(12, kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), kinds(AccountKind.CORPORATE, AccountKind.MERCHANT), true),
    /** A tax payment to a government body. */
    TAX_PAYMENT(13, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT),
            kinds(AccountKind.GOVERNMENT), true),
    /** A fee (utilities, tolls, public services) paid to a government body. */
    FEE_PAYMENT(14, kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT),
            kinds(AccountKind.GOVERNMENT), true),
    /** A subsidy or benefit paid by a government body. */
    SUBSIDY_PAYMENT(15, kinds(AccountKind.GOVERNMENT),
            kinds(AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT), true);

    private static final int NUMBERS = 64;
    private static final TransferCode[] BY_NUMBER = new TransferCode[NUMBERS];
    private static final int[] DEBIT_KINDS = new int[NUMBERS];
    private static final int[] CREDIT_KINDS = new int[NUMBERS];
    private static final boolean[] PAYMENT = new boolean[NUMBERS];

    static {
        for (final TransferCode code : values()) {
            Checks.check(BY_NUMBER[code.number] == null, "duplicate transfer code " + code.number);
            BY_NUMBER[code.number] = code;
            DEBIT_KINDS[code.number] = code.debitKinds;
            CREDIT_KINDS[code.number] = code.creditKinds;
            PAYMENT[code.number] = code.payment;
        }
    }

    private final int number;
    private final int debitKinds;
    private final int creditKinds;
    private final boolean payment;

    TransferCode(final int number, final int debitKinds, final int creditKinds, final boolean payment) {
        this.number = number;
        this.debitKinds = debitKinds;
        this.creditKinds = creditKinds;
        this.payment = payment;
    }

    public int number() {
        return number;
    }

    /** Whether the paying wallet's single, daily and annual limits apply. */
    public boolean isPayment() {
        return payment;
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
