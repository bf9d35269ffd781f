package dev.otpguard.contact;

import java.util.Optional;
import org.keycloak.models.UserModel;

/**
 * The last email address and phone number OTP Guard has seen on a user, kept as user attributes. Admin REST
 * events do not carry the previous value and a directory import emits no event at all: comparing with this
 * copy is how a change made on those paths is noticed and the old contact told.
 *
 * <p>The attributes are not declared in the user profile, so under Keycloak's default policy for unmanaged
 * attributes no user or admin form can read or edit them.
 */
final class ContactSnapshot {

    static final String EMAIL = "otp_guard_known_email";
    static final String PHONE = "otp_guard_known_phone";
    /** Written when the copy was taken and the contact was empty, to tell "no contact" from "never looked". */
    private static final String NONE = "-";

    private final UserModel user;

    ContactSnapshot(UserModel user) {
        this.user = user;
    }

    /** Empty when never recorded; an empty inner value when the user had no such contact then. */
    Optional<Optional<String>> known(ContactKind kind) {
        String value = user.getFirstAttribute(attribute(kind));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(NONE.equals(value) ? Optional.empty() : Optional.of(value));
    }

    void record(ContactKind kind, Optional<String> value) {
        String stored = value.orElse(NONE);
        if (!stored.equals(user.getFirstAttribute(attribute(kind)))) {
            user.setSingleAttribute(attribute(kind), stored);
        }
    }

    private static String attribute(ContactKind kind) {
        return kind == ContactKind.EMAIL ? EMAIL : PHONE;
    }
}
