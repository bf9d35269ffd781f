package dev.otpguard.device;

import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The "this wasn't me" link of a new-device alert: signed by the realm, bound to the user, time-limited and
 * (through {@link NotMeActionTokenHandler}) usable once.
 */
public final class NotMeActionToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "otp-guard-not-me";

    public NotMeActionToken(String userId, int absoluteExpirationInSecs, String clientId) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, null);
        this.issuedFor = clientId;
    }

    private NotMeActionToken() {
        // for JSON deserialization
    }
}
