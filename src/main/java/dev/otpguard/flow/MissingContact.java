package dev.otpguard.flow;

import java.util.Arrays;
import java.util.Optional;

/** What a code step does for a user who has no address/number to send the code to. */
public enum MissingContact {
    /** Stop the login with a clear message: the safe default, since skipping a factor must be a deliberate choice. */
    FAIL("fail"),
    /** Let the user past this step without a code. */
    SKIP("skip"),
    /** Ask the user to enter the contact and prove it with Keycloak's own actions (update profile + verify email). */
    VERIFY("verify-email");

    private final String configValue;

    MissingContact(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static Optional<MissingContact> fromConfig(String value) {
        return Arrays.stream(values()).filter(v -> v.configValue.equals(value)).findFirst();
    }
}
