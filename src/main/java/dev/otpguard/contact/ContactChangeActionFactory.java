package dev.otpguard.contact;

import java.security.SecureRandom;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/** What the two contact-change factories share: options, their validation on save, and the lifecycle. */
abstract class ContactChangeActionFactory implements RequiredActionFactory {

    protected final SecureRandom random = new SecureRandom();
    private final ContactKind kind;
    private final List<ProviderConfigProperty> properties;

    ContactChangeActionFactory(ContactKind kind) {
        this.kind = kind;
        this.properties = ContactChangeConfig.properties(kind);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return properties;
    }

    /** Keycloak calls this when an admin saves the action's configuration: wrong values are refused there. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        ContactChangeConfig.Parsed parsed = ContactChangeConfig.from(model.getConfig(), kind);
        if (!parsed.isValid()) {
            throw new ValidationException(new ValidationError(getId(), kind.id(), String.join("; ", parsed.problems())));
        }
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
