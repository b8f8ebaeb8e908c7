package org.tongbao.engine.escrow;

/**
 * What happens to an escrow's remaining funds when its deadline passes without a decision.
 * Numbers are stable: they are journaled in ESCROW_LOCK commands.
 */
public enum EscrowDefault {
    /** The beneficiary is paid (the service is presumed delivered, as for a completed course). */
    RELEASE(1),
    /** The payer gets the money back (nothing was confirmed, as for a cancelled order). */
    REFUND(2);

    private final int number;

    EscrowDefault(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static boolean isValidNumber(final int number) {
        return number == 1 || number == 2;
    }

    public static EscrowDefault ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no escrow default action has number " + number);
        }
        return number == 1 ? RELEASE : REFUND;
    }
}
