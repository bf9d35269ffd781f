package dev.otpguard.device;

import dev.otpguard.kernel.ProviderIds;
import dev.otpguard.account.DeviceCredentialModel;

import java.security.SecureRandom;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public final class RememberDeviceAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.REMEMBER_DEVICE;
    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};
    private static final List<ProviderConfigProperty> PROPERTIES = DeviceConfig.properties();

    private final SecureRandom random = new SecureRandom();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Remember device and alert";
    }

    @Override
    public String getHelpText() {
        return "OTP Guard: put last in the flow. After a successful login the browser becomes a known device "
                + "of the user (see 'Condition - new device').";
    }

    /** The credential type of known devices: with this step in a flow, the account console lists them. */
    @Override
    public String getReferenceCategory() {
        return DeviceCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RememberDeviceAuthenticator(random);
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
