package dev.otpguard.settings;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Refreshes the tab's view after a realm update through the admin REST API (which is also how {@code kcadm}, the
 * console's other tabs and Terraform change attributes and event listeners), in the same transaction.
 */
final class RealmSettingsViewListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(RealmSettingsViewListener.class);

    private final KeycloakSession session;

    RealmSettingsViewListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.REALM || event.getOperationType() != OperationType.UPDATE) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        try {
            RealmSettingsView.refresh(session, realm);
        } catch (RuntimeException e) {
            // the admin's change stands; the tab shows the old values until the next update or start
            LOG.warnf(e, "OTP Guard could not refresh the settings tab of realm %s", realm.getName());
        }
    }

    @Override
    public void close() {
    }
}
