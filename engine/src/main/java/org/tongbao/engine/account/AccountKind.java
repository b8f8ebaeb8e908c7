package org.tongbao.engine.account;

/**
 * What an account is for, which decides which transfers may touch it. Numbers are stable:
 * they are journaled in open-account commands.
 */
public enum AccountKind {
    /** The central bank's issuance account: the only account whose balance goes below zero. */
    CENTRAL_BANK(1),
    /** An operator bank's e-CNY inventory, received from the central bank on issuance. */
    OPERATOR_RESERVE(2),
    /** A person's wallet. */
    PERSONAL(3),
    /** A business's wallet. */
    CORPORATE(4),
    /** A business wallet that receives merchant payments; carries a merchant category code. */
    MERCHANT(5),
    /** A government body's account: receives taxes and fees, pays subsidies, funds campaigns. */
    GOVERNMENT(6),
    /** An incentive campaign's pool (id = the campaign's id): opened by the engine when a campaign is created. */
    CAMPAIGN_POOL(7),
    /** One escrow's locked funds (id = the escrow's id): opened by the engine when funds are locked. */
    ESCROW(8);

    private static final AccountKind[] BY_NUMBER = {null, CENTRAL_BANK, OPERATOR_RESERVE, PERSONAL, CORPORATE, MERCHANT,
        GOVERNMENT, CAMPAIGN_POOL, ESCROW};

    private final int number;

    AccountKind(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Personal, corporate and merchant wallets: they have a KYC tier, limits and a balance cap. */
    public boolean isWallet() {
        return this == PERSONAL || this == CORPORATE || this == MERCHANT;
    }

    /** Whether an account of this kind is held at an operator bank. */
    public boolean heldAtOperator() {
        return this == PERSONAL || this == CORPORATE || this == MERCHANT || this == GOVERNMENT;
    }

    /** Whether an OPEN_ACCOUNT command may open it (false: the engine opens it for a campaign or escrow). */
    public boolean isOpenable() {
        return this != CAMPAIGN_POOL && this != ESCROW;
    }

    public static boolean isValidNumber(final int number) {
        return number > 0 && number < BY_NUMBER.length;
    }

    public static AccountKind ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no account kind has number " + number);
        }
        return BY_NUMBER[number];
    }
}
