package org.tongbao.engine.event;

/** What a {@link LedgerEvents} row records. Numbers are stable. */
public enum EventType {
    /**
     * A single-phase transfer moved money: a TRANSFER command, or a movement of programmable
     * money or credit (the code tells which; reference = the campaign, escrow or loan).
     */
    TRANSFER(1),
    /** A pending transfer reserved funds on both sides. */
    PENDING_CREATED(2),
    /** A pending transfer was posted (amount = the posted part; the rest was released). */
    PENDING_POSTED(3),
    /** A pending transfer was voided (amount = released). */
    PENDING_VOIDED(4),
    /** A pending transfer timed out at the batch's time (amount = released). */
    PENDING_EXPIRED(5),
    ACCOUNT_OPENED(10),
    TIER_CHANGED(11),
    ACCOUNT_FROZEN(12),
    ACCOUNT_UNFROZEN(13),
    ACCOUNT_CLOSED(14),
    /** A corporate or merchant wallet's enterprise profile was set: code = EnterpriseSize number, reference = sector. */
    ENTERPRISE_PROFILED(15),
    /** A campaign was created: debit = its pool, credit = the funder, amount = budget, reference = campaign id. */
    CAMPAIGN_CREATED(20),
    /** A campaign was closed: debit = its pool, credit = the funder, amount = returned, reference = campaign id. */
    CAMPAIGN_CLOSED(21),
    /** A loan was repaid in full: debit = borrower, credit = lender, reference = loan id. */
    LOAN_REPAID(30),
    /**
     * A loan's delinquency bucket changed: debit = borrower, credit = lender, reference = loan
     * id, code = the new bucket (0 current, 1: 1-30 days past due, 2: 31-60, 3: 61-90, 4: over
     * 90), amount = the overdue amount (principal, interest and penalty due and unpaid).
     */
    LOAN_DELINQUENCY(31),
    /**
     * An SME applied for a loan. For every application event: id = the application's id,
     * debit = the applicant, credit = the lender, amount = the amount applied for. Here
     * reference = the product id, code = the LoanPurpose number.
     */
    LOAN_APPLIED(32),
    /** An application was approved and its loan disbursed: reference = the loan id, code = days from submission. */
    LOAN_APPLICATION_APPROVED(33),
    /** An application was declined: reference = the LoanDeclineReason number, code = days from submission. */
    LOAN_APPLICATION_DECLINED(34),
    /** The applicant's operator withdrew an application: reference = 0, code = days from submission. */
    LOAN_APPLICATION_WITHDRAWN(35),
    /** An application lapsed undecided at batch time (command index -1): reference = 0, code = days from submission. */
    LOAN_APPLICATION_LAPSED(36);

    private static final EventType[] BY_NUMBER = new EventType[64];

    static {
        for (final EventType type : values()) {
            BY_NUMBER[type.number] = type;
        }
    }

    private final int number;

    EventType(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Whether the event moved money between balances (not just reserved or released it). */
    public boolean movesMoney() {
        return this == TRANSFER || this == PENDING_POSTED;
    }

    public static EventType ofNumber(final int number) {
        return BY_NUMBER[number];
    }
}
