package dev.otpguard.contact;

import dev.otpguard.kernel.ProviderIds;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Enabled per realm under Realm settings, Events, Event listeners; removing it there turns the notices off. */
public final class ContactChangeListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.CONTACT_CHANGE_LISTENER;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ContactChangeListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
