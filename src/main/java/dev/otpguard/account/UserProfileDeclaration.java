package dev.otpguard.account;

import dev.otpguard.account.PhoneAttributes;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Declares {@code phone_number} and {@code phone_number_verified} in the realm's user profile, once, so that
 * admins see them and users can view but never edit them: every change goes through a confirmed code
 * (checklist F7). An admin's own declaration of the attributes is left as it is.
 */
public final class UserProfileDeclaration {

    private UserProfileDeclaration() {
    }

    /** Whether OTP Guard declared the attribute (an admin's own declaration is theirs to change). */
    public static boolean isOurs(UPAttribute attribute) {
        return attribute != null && displayName(attribute.getName()).equals(attribute.getDisplayName());
    }

    private static String displayName(String attribute) {
        return "${otpGuardAttribute." + attribute + "}";
    }

    public static void declarePhoneAttributes(KeycloakSession session) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig config = profiles.getConfiguration();
        boolean changed = false;
        for (String name : new String[] {PhoneAttributes.PHONE_NUMBER, PhoneAttributes.PHONE_NUMBER_VERIFIED}) {
            if (config.getAttribute(name) == null) {
                UPAttribute attribute = new UPAttribute(name,
                        new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
                attribute.setDisplayName(displayName(name));
                config.addOrReplaceAttribute(attribute);
                changed = true;
            }
        }
        if (changed) {
            profiles.setConfiguration(config);
        }
    }
}
