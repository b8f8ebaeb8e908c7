package org.tongbao.engine.credit;

/**
 * A loan's delinquency bucket by days past due, as reported to the KPI platform and shown per
 * loan. Numbers are stable: they are carried in LOAN_DELINQUENCY events.
 */
public enum Delinquency {
    CURRENT(0, "current"),
    DAYS_1_30(1, "1-30 days past due"),
    DAYS_31_60(2, "31-60 days past due"),
    DAYS_61_90(3, "61-90 days past due"),
    OVER_90(4, "more than 90 days past due");

    private final int number;
    private final String label;

    Delinquency(final int number, final String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    public String label() {
        return label;
    }

    /** The bucket for a number of days past due (0 or less: current). */
    public static Delinquency of(final int daysPastDue) {
        if (daysPastDue <= 0) {
            return CURRENT;
        }
        if (daysPastDue <= 30) {
            return DAYS_1_30;
        }
        if (daysPastDue <= 60) {
            return DAYS_31_60;
        }
        return daysPastDue <= 90 ? DAYS_61_90 : OVER_90;
    }

    public static Delinquency ofNumber(final int number) {
        if (number < 0 || number > 4) {
            throw new IllegalArgumentException("no delinquency bucket has number " + number);
        }
        return values()[number];
    }
}
