package org.tongbao.engine.credit;

/**
 * One loan application as a value, for reads outside the hot path. Days are Asia/Shanghai
 * epoch days; {@code decidedDay} is -1 while submitted; {@code loanId} is the disbursed loan's
 * id once approved (else 0); {@code declineReason} is null unless declined.
 */
public record LoanApplicationView(long id, long applicantId, long lenderId, long productId, long amountFen,
                                  int termMonths, LoanPurpose purpose, LoanApplicationStatus status, int submittedDay,
                                  int decidedDay, long loanId, LoanDeclineReason declineReason) {
}
