package dev.otpguard.network;

import dev.otpguard.kernel.ProviderIds;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public final class NetworkConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.NETWORK_CONDITION;
    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};
    private static final NetworkCondition SINGLETON = new NetworkCondition();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - network";
    }

    @Override
    public String getHelpText() {
        return "OTP Guard: true when the client address is in one of the configured networks (CIDR, IPv4 or IPv6); "
                + "negated, true outside them. For example: ask for a code only outside the office network.";
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
        return NetworkConditionConfig.properties();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return SINGLETON;
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
