package dev.otpguard.core.options;

import java.util.Optional;

/** What a code step does for a user who has no verified address/number to send the code to. */
public enum MissingContact {
    /** Stop the login with a clear message: the safe default, since skipping a factor must be a deliberate choice. */
    FAIL,
    /** Let the user past this step without a code. */
    SKIP,
    /**
     * Have the user enter the contact and prove it (email: Keycloak's update-profile and verify-email actions;
     * SMS: OTP Guard's phone setup); the login continues after that.
     */
    ENROL;

    public static final String FAIL_VALUE = "fail";
    public static final String SKIP_VALUE = "skip";

    /** Reads a config value; {@code enrolValue} is the channel's name for {@link #ENROL}. */
    public static Optional<MissingContact> fromConfig(String value, String enrolValue) {
        if (FAIL_VALUE.equals(value)) {
            return Optional.of(FAIL);
        }
        if (SKIP_VALUE.equals(value)) {
            return Optional.of(SKIP);
        }
        return enrolValue.equals(value) ? Optional.of(ENROL) : Optional.empty();
    }
}
