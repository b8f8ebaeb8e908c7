package org.tongbao.engine.credit;

import org.tongbao.engine.Checks;

/**
 * One line of a loan's repayment schedule, as {@link LoanMath#schedule} computes it. Immutable;
 * any thread.
 *
 * @param number            1-based period number
 * @param dueDay            due date as an epoch day (days since 1970-01-01) of the Asia/Shanghai calendar
 * @param principalFen      principal repaid by this instalment
 * @param interestFen       interest of this period, on the balance before it
 * @param principalAfterFen principal still owed once this instalment is paid
 */
public record Instalment(int number, int dueDay, long principalFen, long interestFen, long principalAfterFen) {
    public Instalment {
        Checks.checkArgument(number >= 1, "instalment number must be 1 or more");
        Checks.checkArgument(principalFen >= 0, "instalment principal must not be negative");
        Checks.checkArgument(interestFen >= 0, "instalment interest must not be negative");
        Checks.checkArgument(principalAfterFen >= 0, "principal after an instalment must not be negative");
    }

    /** Principal plus interest: what the borrower pays on the due day. */
    public long totalFen() {
        return Math.addExact(principalFen, interestFen);
    }
}
