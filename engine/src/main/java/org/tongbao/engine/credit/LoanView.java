package org.tongbao.engine.credit;

/**
 * One loan as a value, for reads outside the hot path: what it owes, what is due and how late.
 * {@code nextDueDay} is the epoch day the next instalment falls due (-1 when every instalment
 * has); {@code disbursementDay} the Asia/Shanghai epoch day it was disbursed (its schedule
 * counts from it); status is {@code ACTIVE} or {@code REPAID}.
 */
public record LoanView(long id, long productId, long borrowerId, long lenderId, long principalFen, long balanceFen,
                       long duePrincipalFen, long dueInterestFen, long penaltyFen, long levelFen, int nextDueDay,
                       int daysPastDue, Delinquency delinquency, String status, int disbursementDay) {
    /** Principal, interest and penalty due now. */
    public long dueFen() {
        return duePrincipalFen + dueInterestFen + penaltyFen;
    }
}
