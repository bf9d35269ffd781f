package dev.otpguard.contact;

import dev.otpguard.account.UserProfileDeclaration;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Once a confirmed change action is enabled in a realm, the contact it guards must not be editable any other
 * way by the user (account console, account REST API, update-profile), or the confirmation could simply be
 * walked around (checklist F7): the user profile then lets only admins edit it.
 */
final class ContactEditLock {

    private static final Logger LOG = Logger.getLogger(ContactEditLock.class);

    private ContactEditLock() {
    }

    static void applyFor(KeycloakSession session, RealmModel realm) {
        if (enabled(realm, UpdatePhoneActionFactory.PROVIDER_ID)) {
            UserProfileDeclaration.declarePhoneAttributes(session);
        }
        if (!enabled(realm, UpdateEmailActionFactory.PROVIDER_ID)) {
            return;
        }
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig config = profiles.getConfiguration();
        UPAttribute email = config.getAttribute(UserModel.EMAIL);
        if (email == null) {
            return;
        }
        UPAttributePermissions permissions = email.getPermissions();
        if (permissions != null && permissions.getEdit() != null && !permissions.getEdit().contains("user")) {
            return;
        }
        Set<String> view = permissions == null || permissions.getView() == null ? Set.of("admin", "user")
                : permissions.getView();
        email.setPermissions(new UPAttributePermissions(view, Set.of("admin")));
        profiles.setConfiguration(config);
        LOG.infof("OTP Guard: realm %s uses '%s', so users can no longer edit their email address directly; "
                + "changes go through the confirmed action", realm.getName(), UpdateEmailActionFactory.PROVIDER_ID);
    }

    private static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}
