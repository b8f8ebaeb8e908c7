package org.tongbao.engine;

import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;

/**
 * One account as a value, for reads outside the hot path (API, tools, tests). Spent amounts
 * are those counted toward the current day's and year's limits at the ledger's last batch time.
 * {@code earmarkedFen} is the part of the balance held for incentive campaigns: spendable only
 * where a campaign allows.
 */
public record AccountView(long id, AccountKind kind, int tier, AccountStatus status, boolean hardWallet,
                          int merchantCategory, int district, long operatorId, long parentId, long balanceFen,
                          long pendingDebitFen, long pendingCreditFen, long dailySpentFen, long annualSpentFen,
                          long earmarkedFen) {
    /** What the account can pay freely now: its balance less outgoing reservations and earmarked funds. */
    public long availableFen() {
        return balanceFen - pendingDebitFen - earmarkedFen;
    }
}
