package dev.otpguard.account;

import java.util.Optional;
import org.keycloak.models.UserModel;

/**
 * The user attributes that hold a phone number, named after the OIDC standard claims so Keycloak's phone
 * claim mappers work with them. The number counts only once it is verified.
 */
public final class PhoneAttributes {

    public static final String PHONE_NUMBER = "phone_number";
    public static final String PHONE_NUMBER_VERIFIED = "phone_number_verified";

    private PhoneAttributes() {
    }

    /** The user's number in E.164 form, if they have one and it was verified. */
    public static Optional<String> verifiedNumber(UserModel user) {
        String number = user.getFirstAttribute(PHONE_NUMBER);
        if (number == null || number.isBlank() || !"true".equals(user.getFirstAttribute(PHONE_NUMBER_VERIFIED))) {
            return Optional.empty();
        }
        return Optional.of(number);
    }

    public static void setVerified(UserModel user, String e164) {
        user.setSingleAttribute(PHONE_NUMBER, e164);
        user.setSingleAttribute(PHONE_NUMBER_VERIFIED, "true");
    }

    /** Stores a number nobody has proven: no code step sends to it until phone setup proves it. */
    public static void setUnverified(UserModel user, String e164) {
        user.setSingleAttribute(PHONE_NUMBER, e164);
        user.setSingleAttribute(PHONE_NUMBER_VERIFIED, "false");
    }
}
