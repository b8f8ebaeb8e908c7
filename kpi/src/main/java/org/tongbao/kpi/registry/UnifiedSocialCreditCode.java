package org.tongbao.kpi.registry;

/**
 * The unified social credit code of GB 32100-2015: 18 characters from the 31-character set
 * {@code 0-9 A-H J-N P-R T U W-Y} (no I, O, S, V, Z); the 18th is a check character. Each of
 * the first 17 characters' value (its place in the set) is multiplied by the weight
 * 3^i mod 31 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28); the check value
 * is 31 − (sum mod 31), with 31 written as 0. Pure; any thread.
 */
public final class UnifiedSocialCreditCode {
    public static final int LENGTH = 18;
    static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** Why a code is not valid, or OK. */
    public enum Check {
        OK,
        WRONG_LENGTH,
        INVALID_CHARACTER,
        CHECK_DIGIT_MISMATCH
    }

    private UnifiedSocialCreditCode() {
    }

    /** Trims and upper-cases, as codes are typed. */
    public static String normalise(final String code) {
        return code == null ? "" : code.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /** Checks a normalised code. */
    public static Check check(final String code) {
        if (code.length() != LENGTH) {
            return Check.WRONG_LENGTH;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (CHARACTERS.indexOf(code.charAt(i)) < 0) {
                return Check.INVALID_CHARACTER;
            }
        }
        return checkCharacter(code.substring(0, LENGTH - 1)) == code.charAt(LENGTH - 1) ? Check.OK
                : Check.CHECK_DIGIT_MISMATCH;
    }

    /** The check character for the first 17 characters of a code (all from the set). */
    public static char checkCharacter(final String first17) {
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += CHARACTERS.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        final int value = 31 - sum % 31;
        return CHARACTERS.charAt(value == 31 ? 0 : value);
    }
}
