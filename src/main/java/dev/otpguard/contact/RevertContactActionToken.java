package dev.otpguard.contact;

import dev.otpguard.kernel.ProviderIds;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The "this wasn't me" link sent to the old contact after a change: signed by the realm, bound to the user,
 * time-limited and (through {@link RevertContactActionTokenHandler}) usable once. It carries the old value
 * so the change can be undone even if the new contact is changed again meanwhile.
 *
 * <p>Its claims are named after the getters: Keycloak serializes tokens with its own Jackson, which would not
 * see annotations of the Jackson copy shaded into this jar.
 */
public final class RevertContactActionToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = ProviderIds.REVERT_CONTACT_TOKEN;

    private String contactKind;

    private String oldValue;

    private String maskedNewValue;

    /** Whether the old value was verified before the change; absent in links issued before it was recorded. */
    private Boolean oldValueVerified;

    public RevertContactActionToken(String userId, int absoluteExpirationInSecs, String clientId, ContactKind kind,
                                    String oldValue, String maskedNewValue, Boolean oldValueVerified) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, null);
        this.issuedFor = clientId;
        this.contactKind = kind.id();
        this.oldValue = oldValue;
        this.maskedNewValue = maskedNewValue;
        this.oldValueVerified = oldValueVerified;
    }

    public Boolean getOldValueVerified() {
        return oldValueVerified;
    }

    public String getContactKind() {
        return contactKind;
    }

    public String getOldValue() {
        return oldValue;
    }

    public String getMaskedNewValue() {
        return maskedNewValue;
    }

    /** Whether the token names a contact kind OTP Guard knows and the value to put back (not a bean getter:
     * Keycloak serializes tokens with Jackson, and an is-method would become a claim). */
    public boolean hasContactToRestore() {
        return ContactKind.fromId(contactKind).isPresent() && oldValue != null && !oldValue.isBlank();
    }

    private RevertContactActionToken() {
        // for JSON deserialization
    }
}
