package dev.otpguard.account;

import dev.otpguard.core.code.KeyHash;
import java.util.Optional;
import org.keycloak.models.UserModel;

/**
 * The user attributes that hold a phone number, named after the OIDC standard claims so Keycloak's phone
 * claim mappers work with them. The number counts only once it is verified.
 */
public final class PhoneAttributes {

    public static final String PHONE_NUMBER = "phone_number";
    public static final String PHONE_NUMBER_VERIFIED = "phone_number_verified";
    /**
     * Which number the verified flag was given for (a hash, so the number is not copied): a number a directory or
     * an admin puts in place later is not verified by the old flag. Unmanaged, like OTP Guard's other attributes.
     * Users verified before this attribute existed have none, and their flag counts as it always did.
     */
    public static final String VERIFIED_FOR = "otp_guard_phone_verified_for";

    private PhoneAttributes() {
    }

    /** The user's number in E.164 form, if they have one and it was verified (for this very number). */
    public static Optional<String> verifiedNumber(UserModel user) {
        String number = user.getFirstAttribute(PHONE_NUMBER);
        if (number == null || number.isBlank() || !"true".equals(user.getFirstAttribute(PHONE_NUMBER_VERIFIED))
                || verifiedForAnotherNumber(user)) {
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /** The flag says verified, but it was given for a number the user no longer has. */
    public static boolean verifiedForAnotherNumber(UserModel user) {
        String number = user.getFirstAttribute(PHONE_NUMBER);
        String boundTo = user.getFirstAttribute(VERIFIED_FOR);
        return number != null && boundTo != null && !boundTo.equals(binding(number));
    }

    public static void setVerified(UserModel user, String e164) {
        user.setSingleAttribute(PHONE_NUMBER, e164);
        user.setSingleAttribute(PHONE_NUMBER_VERIFIED, "true");
        user.setSingleAttribute(VERIFIED_FOR, binding(e164));
    }

    /**
     * Marks the number the user has as verified without writing the number itself (a directory's attribute is
     * read-only in Keycloak).
     */
    public static void markVerified(UserModel user) {
        String number = user.getFirstAttribute(PHONE_NUMBER);
        user.setSingleAttribute(PHONE_NUMBER_VERIFIED, "true");
        user.setSingleAttribute(VERIFIED_FOR, binding(number));
    }

    /** Stores a number nobody has proven: no code step sends to it until phone setup proves it. */
    public static void setUnverified(UserModel user, String e164) {
        user.setSingleAttribute(PHONE_NUMBER, e164);
        user.setSingleAttribute(PHONE_NUMBER_VERIFIED, "false");
        user.removeAttribute(VERIFIED_FOR);
    }

    /** The same for "+49 151 2345678" and "+491512345678": directories format numbers their own way. */
    private static String binding(String number) {
        return KeyHash.sha256(number.replaceAll("[^0-9+]", ""), 16);
    }
}
