package org.tongbao.engine.credit;

/**
 * An enterprise's size class under the national SME classification (by sector, headcount and
 * revenue), recorded on a corporate or merchant wallet before it may borrow. Numbers are
 * stable: they are journaled and reported.
 */
public enum EnterpriseSize {
    MICRO(1),
    SMALL(2),
    MEDIUM(3),
    LARGE(4);

    private final int number;

    EnterpriseSize(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static boolean isValidNumber(final int number) {
        return number >= 1 && number <= 4;
    }

    public static EnterpriseSize ofNumber(final int number) {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("no enterprise size has number " + number);
        }
        return values()[number - 1];
    }
}
