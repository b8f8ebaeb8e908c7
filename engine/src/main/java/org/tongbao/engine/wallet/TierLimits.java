package org.tongbao.engine.wallet;

import org.tongbao.engine.Checks;

/**
 * Limits of one KYC tier, in fen. {@link #UNLIMITED} switches a limit off.
 *
 * @param balanceCapFen    most the wallet may hold (pending incoming transfers included)
 * @param singlePaymentFen most one payment may move out
 * @param dailyFen         most the payments of one Asia/Shanghai calendar day may move out
 * @param annualFen        most the payments of one calendar year may move out
 */
public record TierLimits(long balanceCapFen, long singlePaymentFen, long dailyFen, long annualFen) {
    public static final long UNLIMITED = Long.MAX_VALUE;
    public static final TierLimits NONE = new TierLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);

    public TierLimits {
        Checks.checkArgument(balanceCapFen > 0 && singlePaymentFen > 0 && dailyFen > 0 && annualFen > 0,
                "tier limits must be positive fen amounts (or UNLIMITED)");
    }

    /** Limits given in whole CNY, as published tables state them. */
    public static TierLimits ofYuan(final long balanceCap, final long singlePayment, final long daily, final long annual) {
        return new TierLimits(Math.multiplyExact(balanceCap, 100), Math.multiplyExact(singlePayment, 100),
                Math.multiplyExact(daily, 100), Math.multiplyExact(annual, 100));
    }
}
