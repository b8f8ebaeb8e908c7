package org.tongbao.engine.wallet;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.account.AccountKind;

/**
 * The limit table: for each wallet kind (personal, corporate, merchant) and KYC tier 1-4, a
 * balance cap and single, daily and annual payment limits. Configuration, not code: published
 * tables differ between operators and over time. Immutable once built; any thread.
 *
 * <p>Accounts that are not wallets (central bank, operator reserves, government) have no
 * limits. Lookups on the ledger's hot path are a flat array read by (kind, tier).
 */
public final class WalletLimits {
    private static final int TIERS = 8;
    private static final int KINDS = 16;

    private final long[] balanceCapFen = new long[KINDS * TIERS];
    private final long[] singlePaymentFen = new long[KINDS * TIERS];
    private final long[] dailyFen = new long[KINDS * TIERS];
    private final long[] annualFen = new long[KINDS * TIERS];

    private WalletLimits(final TierLimits[] personal, final TierLimits[] corporate, final TierLimits[] merchant) {
        Arrays.fill(balanceCapFen, TierLimits.UNLIMITED);
        Arrays.fill(singlePaymentFen, TierLimits.UNLIMITED);
        Arrays.fill(dailyFen, TierLimits.UNLIMITED);
        Arrays.fill(annualFen, TierLimits.UNLIMITED);
        fill(AccountKind.PERSONAL, personal);
        fill(AccountKind.CORPORATE, corporate);
        fill(AccountKind.MERCHANT, merchant);
    }

    /**
     * The table of ../shared/PILOT.md (an operator's 2020 wallet agreement) for personal wallets;
     * corporate and merchant wallets unlimited, as their limits are agreed per business.
     */
    public static WalletLimits defaults() {
        return of(
                new TierLimits[] {
                    TierLimits.ofYuan(500_000, 50_000, 100_000, 500_000),
                    TierLimits.ofYuan(10_000, 5_000, 10_000, 300_000),
                    TierLimits.ofYuan(2_000, 2_000, 2_000, 50_000),
                    TierLimits.ofYuan(1_000, 500, 1_000, 10_000)},
                unlimitedTiers(),
                unlimitedTiers());
    }

    /** A table from explicit rows: each array holds tiers 1 to 4 in order. */
    public static WalletLimits of(final TierLimits[] personal, final TierLimits[] corporate, final TierLimits[] merchant) {
        return new WalletLimits(personal, corporate, merchant);
    }

    public static TierLimits[] unlimitedTiers() {
        return new TierLimits[] {TierLimits.NONE, TierLimits.NONE, TierLimits.NONE, TierLimits.NONE};
    }

    public TierLimits tier(final AccountKind kind, final int tier) {
        final int slot = slot(kind.number(), tier);
        return new TierLimits(balanceCapFen[slot], singlePaymentFen[slot], dailyFen[slot], annualFen[slot]);
    }

    public long balanceCapFen(final int kind, final int tier) {
        return balanceCapFen[slot(kind, tier)];
    }

    public long singlePaymentFen(final int kind, final int tier) {
        return singlePaymentFen[slot(kind, tier)];
    }

    public long dailyFen(final int kind, final int tier) {
        return dailyFen[slot(kind, tier)];
    }

    public long annualFen(final int kind, final int tier) {
        return annualFen[slot(kind, tier)];
    }

    private void fill(final AccountKind kind, final TierLimits[] tiers) {
        Checks.checkArgument(tiers.length == 4, kind + " limits need exactly 4 tiers, got " + tiers.length);
        for (int tier = 1; tier <= 4; tier++) {
            final TierLimits limits = tiers[tier - 1];
            final int slot = slot(kind.number(), tier);
            balanceCapFen[slot] = limits.balanceCapFen();
            singlePaymentFen[slot] = limits.singlePaymentFen();
            dailyFen[slot] = limits.dailyFen();
            annualFen[slot] = limits.annualFen();
        }
    }

    private static int slot(final int kind, final int tier) {
        return (kind & (KINDS - 1)) * TIERS + (tier & (TIERS - 1));
    }
}
