package dev.otpguard.device;

import dev.otpguard.kernel.ProviderIds;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The "this wasn't me" link of a new-device alert: signed by the realm, bound to the user, time-limited and
 * (through {@link NotMeActionTokenHandler}) usable once.
 */
public final class NotMeActionToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = ProviderIds.NOT_ME_TOKEN;

    private boolean newSecondFactor;

    public NotMeActionToken(String userId, int absoluteExpirationInSecs, String clientId, boolean newSecondFactor) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, null);
        this.issuedFor = clientId;
        this.newSecondFactor = newSecondFactor;
    }

    /** Whether the admin asked for the second factor to be set up again, at the time the alert was sent. */
    public boolean isNewSecondFactor() {
        return newSecondFactor;
    }

    private NotMeActionToken() {
        // for JSON deserialization
    }
}
