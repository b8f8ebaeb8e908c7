package org.tongbao.kpi.registry;

/** What {@link FintechRegistry#register} says: OK, or why the enterprise was not registered. */
public enum RegistrationResult {
    OK("registered"),
    NAME_REQUIRED("the enterprise needs a name (without tabs or line breaks)"),
    CODE_WRONG_LENGTH("a unified social credit code has 18 characters"),
    CODE_INVALID_CHARACTER("a unified social credit code uses only 0-9 and A-H J-N P-R T U W-Y (no I, O, S, V, Z)"),
    CODE_CHECK_DIGIT_MISMATCH("the unified social credit code's check character does not match its first 17 characters:"
            + " a typing error?"),
    DUPLICATE_CODE("an enterprise with this unified social credit code is already registered"),
    SECTOR_REQUIRED("name at least one sector: AI, data, cloud computing, blockchain, machine learning"),
    DISTRICT_INVALID("the district must be a 6-digit GB/T 2260 code"),
    DATE_REQUIRED("the registration date is required");

    private final String message;

    RegistrationResult(final String message) {
        this.message = message;
    }

    /** A sentence a person can act on. */
    public String message() {
        return message;
    }
}
