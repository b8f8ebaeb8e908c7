package org.tongbao.engine;

import org.tongbao.engine.wallet.WalletLimits;

/**
 * Everything that bounds or parameterises a ledger, validated once when built. The limits on
 * sizes are deliberate: every table the ledger holds has a maximum, so memory is planned, not
 * discovered.
 *
 * @param accountsMax                 most accounts the ledger may hold
 * @param accountsInitial             accounts allocated up front (storage doubles up to the max)
 * @param pendingMax                  most open pending transfers at once
 * @param pendingTimeoutMaxSeconds    longest timeout a pending transfer may ask for
 * @param idempotencyGeneration       command ids always remembered (up to twice as many are)
 * @param batchMax                    most commands in one batch
 * @param walletLimits                the KYC tier limit table
 * @param loanApplicationLapseDays    days an undecided loan application waits before it lapses
 */
public record LedgerConfig(int accountsMax, int accountsInitial, int pendingMax, int pendingTimeoutMaxSeconds,
                           int idempotencyGeneration, int batchMax, WalletLimits walletLimits,
                           int loanApplicationLapseDays) {
    /** 2^20 ids: at the e-CNY's reported 2022 peak of 10,000 payments/s, the last 100 seconds or more. */
    public static final int IDEMPOTENCY_GENERATION_DEFAULT = 1 << 20;
    public static final int BATCH_MAX_DEFAULT = 8_192;
    public static final int PENDING_TIMEOUT_MAX_SECONDS_DEFAULT = 7 * 24 * 3600;
    /** 30 days: an application not decided within a month lapses and the SME applies again. */
    public static final int LOAN_APPLICATION_LAPSE_DAYS_DEFAULT = 30;
    public static final int LOAN_APPLICATION_LAPSE_DAYS_MAX = 3_660;

    public LedgerConfig {
        Checks.checkArgument(accountsMax > 0 && accountsMax <= 200_000_000, "accountsMax must be in 1..200,000,000");
        Checks.checkArgument(accountsInitial > 0 && accountsInitial <= accountsMax, "accountsInitial must be in 1..accountsMax");
        Checks.checkArgument(pendingMax > 0 && pendingMax <= 100_000_000, "pendingMax must be in 1..100,000,000");
        Checks.checkArgument(pendingTimeoutMaxSeconds > 0, "pendingTimeoutMaxSeconds must be positive");
        Checks.checkArgument(idempotencyGeneration > 0 && idempotencyGeneration <= 1 << 27,
                "idempotencyGeneration must be in 1..134,217,728");
        Checks.checkArgument(batchMax > 0 && batchMax <= 1 << 20, "batchMax must be in 1..1,048,576");
        Checks.checkArgument(walletLimits != null, "walletLimits is required");
        Checks.checkArgument(loanApplicationLapseDays > 0 && loanApplicationLapseDays <= LOAN_APPLICATION_LAPSE_DAYS_MAX,
                "loanApplicationLapseDays must be in 1..3,660");
    }

    /** A configuration with the default lapse of loan applications. */
    public LedgerConfig(final int accountsMax, final int accountsInitial, final int pendingMax,
                        final int pendingTimeoutMaxSeconds, final int idempotencyGeneration, final int batchMax,
                        final WalletLimits walletLimits) {
        this(accountsMax, accountsInitial, pendingMax, pendingTimeoutMaxSeconds, idempotencyGeneration, batchMax,
                walletLimits, LOAN_APPLICATION_LAPSE_DAYS_DEFAULT);
    }

    /** Defaults for a ledger of up to {@code accountsMax} accounts, all allocated up front. */
    public static LedgerConfig defaults(final int accountsMax) {
        return new LedgerConfig(accountsMax, accountsMax, 1_000_000, PENDING_TIMEOUT_MAX_SECONDS_DEFAULT,
                IDEMPOTENCY_GENERATION_DEFAULT, BATCH_MAX_DEFAULT, WalletLimits.defaults());
    }

    public LedgerConfig withIdempotencyGeneration(final int ids) {
        return new LedgerConfig(accountsMax, accountsInitial, pendingMax, pendingTimeoutMaxSeconds, ids, batchMax, walletLimits,
                loanApplicationLapseDays);
    }

    public LedgerConfig withPendingMax(final int max) {
        return new LedgerConfig(accountsMax, accountsInitial, max, pendingTimeoutMaxSeconds, idempotencyGeneration, batchMax,
                walletLimits, loanApplicationLapseDays);
    }

    public LedgerConfig withAccountsInitial(final int initial) {
        return new LedgerConfig(accountsMax, initial, pendingMax, pendingTimeoutMaxSeconds, idempotencyGeneration, batchMax,
                walletLimits, loanApplicationLapseDays);
    }

    public LedgerConfig withWalletLimits(final WalletLimits limits) {
        return new LedgerConfig(accountsMax, accountsInitial, pendingMax, pendingTimeoutMaxSeconds, idempotencyGeneration,
                batchMax, limits, loanApplicationLapseDays);
    }

    public LedgerConfig withLoanApplicationLapseDays(final int days) {
        return new LedgerConfig(accountsMax, accountsInitial, pendingMax, pendingTimeoutMaxSeconds, idempotencyGeneration,
                batchMax, walletLimits, days);
    }
}
