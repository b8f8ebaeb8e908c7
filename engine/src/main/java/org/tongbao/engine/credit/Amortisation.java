package org.tongbao.engine.credit;

/**
 * How a loan's principal is paid back over its amortising periods. Numbers are stable: they are
 * stored in commands, journals and the state hash. Immutable; any thread.
 */
public enum Amortisation {
    /** 等额本息: every instalment but the last pays the same total (an annuity); the principal part grows. */
    EQUAL_INSTALMENT(1),
    /** 等额本金: every instalment but the last repays the same principal; the interest part falls. */
    EQUAL_PRINCIPAL(2);

    private final int number;

    Amortisation(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static boolean isValidNumber(final int number) {
        return number == 1 || number == 2;
    }

    /** The method with {@code number}; throws {@link IllegalArgumentException} for any other number. */
    public static Amortisation ofNumber(final int number) {
        return switch (number) {
            case 1 -> EQUAL_INSTALMENT;
            case 2 -> EQUAL_PRINCIPAL;
            default -> throw new IllegalArgumentException("no amortisation method has number " + number);
        };
    }
}
