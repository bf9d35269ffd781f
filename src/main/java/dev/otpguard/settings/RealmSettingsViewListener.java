package dev.otpguard.settings;

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
        if (realm != null) {
            RealmSettingsView.refresh(session, realm);
        }
    }

    @Override
    public void close() {
    }
}
