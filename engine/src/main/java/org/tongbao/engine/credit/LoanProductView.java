package org.tongbao.engine.credit;

/** One loan product as a value, for reads outside the hot path: its lender and its fixed terms. */
public record LoanProductView(long id, long lenderId, int annualRateBp, int penaltyRateBp, int termMonths,
                              int graceMonths, Amortisation amortisation, int repaymentDay) {
}
