package dev.otpguard.account;

import dev.otpguard.kernel.ProviderIds;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The "this wasn't me" link of a new-device alert and the "I did not try to sign in" link of a sign-in code mail:
 * signed by the realm, bound to the user, time-limited and (through its handler in the device feature) usable once.
 * It lives here, beside the {@link AccountLockdown} it leads to, so that the email channel can mail it too. Links
 * already mailed are parsed into this class: its JSON form (field names, token type) must not change.
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
