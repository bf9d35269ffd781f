package dev.otpguard.registration;

import dev.otpguard.kernel.AdminConsoleOptions;
import dev.otpguard.kernel.ProviderIds;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

public final class VerifyEmailRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = ProviderIds.VERIFY_EMAIL;
    private static final List<ProviderConfigProperty> PROPERTIES = AdminConsoleOptions.of(VerifyEmailConfig.OPTIONS);

    private final SecureRandom random = new SecureRandom();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Verify email with a code";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new VerifyEmailRequiredAction(random, Clock.systemUTC());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return PROPERTIES;
    }

    /** Keycloak calls this when an admin saves the action's configuration: wrong values are refused there. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        VerifyEmailConfig.Parsed parsed = VerifyEmailConfig.from(model.getConfig());
        if (!parsed.isValid()) {
            throw new ValidationException(new ValidationError(PROVIDER_ID, "config",
                    String.join("; ", parsed.problems())));
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
