package dev.otpguard.passkey;

import dev.otpguard.kernel.AdminConsoleOptions;
import dev.otpguard.kernel.ProviderIds;
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

public final class PasskeyNudgeActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = ProviderIds.PASSKEY_NUDGE;
    private static final List<ProviderConfigProperty> PROPERTIES = AdminConsoleOptions.of(PasskeyNudgeConfig.OPTIONS);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Passkey nudge after a code sign-in";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new PasskeyNudgeAction(Clock.systemUTC());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return PROPERTIES;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        PasskeyNudgeConfig.Parsed parsed = PasskeyNudgeConfig.from(model.getConfig());
        if (!parsed.isValid()) {
            throw new ValidationException(new ValidationError(PROVIDER_ID, PasskeyNudgeConfig.NOT_NOW_DAYS,
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
