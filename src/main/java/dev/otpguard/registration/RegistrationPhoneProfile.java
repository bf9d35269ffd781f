package dev.otpguard.registration;

import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.account.UserProfileDeclaration;
import dev.otpguard.kernel.ProviderIds;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Puts {@code phone_number} on Keycloak's registration form. Keycloak's form shows the user-profile attributes a user
 * may edit, and the user profile has no "editable at registration only": so the attribute becomes editable by users
 * and gets {@link PhoneEditGuard}, which refuses any change of an existing user's number outside admin contexts
 * (account console, "update profile", broker review), where a number changes only with a code (checklist F7).
 * OTP Guard's own declaration is adapted; an admin's own read-only declaration is left alone and named in an ERROR
 * line, since the form cannot show the field then.
 */
final class RegistrationPhoneProfile {

    private static final Logger LOG = Logger.getLogger(RegistrationPhoneProfile.class);
    private static final String USER = "user";
    private static final String ADMIN = "admin";

    private RegistrationPhoneProfile() {
    }

    static void declare(KeycloakSession session, RealmModel realm) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPAttribute current = profiles.getConfiguration().getAttribute(PhoneAttributes.PHONE_NUMBER);
        if (current != null && editableByUsers(current) && guarded(current)) {
            return;
        }
        UserProfileDeclaration.declarePhoneAttributes(session);
        UPConfig config = profiles.getConfiguration();
        UPAttribute phone = config.getAttribute(PhoneAttributes.PHONE_NUMBER);
        if (!editableByUsers(phone)) {
            if (!UserProfileDeclaration.isOurs(phone)) {
                LOG.errorf("OTP Guard's registration phone number cannot show its field in realm %s: the realm's user "
                        + "profile declares %s, and users may not edit it. Let users edit it (OTP Guard then refuses "
                        + "changes outside registration) or remove the declaration", realm.getName(),
                        PhoneAttributes.PHONE_NUMBER);
                return;
            }
            Set<String> edit = new LinkedHashSet<>(phone.getPermissions().getEdit());
            edit.add(USER);
            Set<String> view = new LinkedHashSet<>(phone.getPermissions().getView());
            view.add(USER);
            view.add(ADMIN);
            phone.getPermissions().setEdit(edit);
            phone.getPermissions().setView(view);
            Map<String, Object> annotations = phone.getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(phone.getAnnotations());
            annotations.putIfAbsent("inputType", "html5-tel");
            annotations.putIfAbsent("inputHelperTextAfter", "${otpGuardRegistrationPhoneHelp}");
            phone.setAnnotations(annotations);
        }
        if (!guarded(phone)) {
            phone.addValidation(ProviderIds.PHONE_EDIT_GUARD, new LinkedHashMap<>());
        }
        profiles.setConfiguration(config);
    }

    private static boolean editableByUsers(UPAttribute attribute) {
        return attribute.getPermissions() != null && attribute.getPermissions().getEdit().contains(USER);
    }

    private static boolean guarded(UPAttribute attribute) {
        return attribute.getValidations() != null
                && attribute.getValidations().containsKey(ProviderIds.PHONE_EDIT_GUARD);
    }
}
