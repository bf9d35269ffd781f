package dev.otpguard.kernel;

import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Whether this login passed an OTP Guard code step, and by which channel: what comes after a sign-in (the passkey
 * nudge) asks this without knowing the steps. An authentication-session note, so it lives and ends with the login.
 */
public final class CodeSignIn {

    private static final String NOTE = "otp-guard.signed-in-by-code";

    private CodeSignIn() {
    }

    public static void record(AuthenticationSessionModel login, String channel) {
        login.setAuthNote(NOTE, channel);
    }

    public static Optional<String> channel(AuthenticationSessionModel login) {
        return Optional.ofNullable(login.getAuthNote(NOTE));
    }
}
