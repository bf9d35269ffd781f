package dev.otpguard.contact;

import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.account.PhoneAttributes;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.models.UserModel;

/** The two contacts a user proves and can change: the email address and the phone number. */
public enum ContactKind {
    EMAIL("email"),
    PHONE("phone");

    private final String id;

    ContactKind(String id) {
        this.id = id;
    }

    /** {@code email} or {@code phone}: used in note names, events, message keys and tokens. */
    public String id() {
        return id;
    }

    /** The user's current value, verified or not. */
    public Optional<String> current(UserModel user) {
        String value = this == EMAIL ? user.getEmail() : user.getFirstAttribute(PhoneAttributes.PHONE_NUMBER);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The current value if the user has proven it (verified email, verified phone number). */
    public Optional<String> verified(UserModel user) {
        if (this == PHONE) {
            return PhoneAttributes.verifiedNumber(user);
        }
        return user.isEmailVerified() ? current(user) : Optional.empty();
    }

    /** Stores a proven value. */
    public void setVerified(UserModel user, String value) {
        if (this == PHONE) {
            PhoneAttributes.setVerified(user, value);
        } else {
            user.setEmail(value);
            user.setEmailVerified(true);
        }
    }

    /**
     * Puts back a value an undo link names, as proven as it was before the change. An email address counts as proven
     * now whatever it was: the undo link went to that mailbox, so opening it proves control. A number is proven only
     * if it was before ({@code wasVerified} true); the link went by email, not to the number. Links issued before
     * this was recorded ({@code null}) restore a number unverified.
     */
    public void restore(UserModel user, String value, Boolean wasVerified) {
        if (this == EMAIL || Boolean.TRUE.equals(wasVerified)) {
            setVerified(user, value);
        } else {
            PhoneAttributes.setUnverified(user, value);
        }
    }

    public String mask(String value) {
        if (value == null) {
            return "-";
        }
        return this == EMAIL ? MaskedDestination.email(value) : MaskedDestination.phone(value);
    }

    /**
     * The old and the new value of a change, masked so that they read apart even where {@link #mask} shows
     * both alike ({@code o***@p***.test} twice); "-" for a missing value, as {@link #mask} does.
     */
    public MaskedDestination.Pair maskApart(String oldValue, String newValue) {
        if (oldValue == null || newValue == null) {
            return new MaskedDestination.Pair(mask(oldValue), mask(newValue));
        }
        return this == EMAIL ? MaskedDestination.email(oldValue, newValue) : MaskedDestination.phone(oldValue, newValue);
    }

    /** Keycloak stores emails in lower case; comparing the same way avoids "changes" that only differ in case. */
    public boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return this == EMAIL ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) : a.equals(b);
    }

    public static Optional<ContactKind> fromId(String id) {
        for (ContactKind kind : values()) {
            if (kind.id.equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
