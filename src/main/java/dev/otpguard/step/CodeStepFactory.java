package dev.otpguard.step;

import dev.otpguard.kernel.AdminConsoleOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The factory of a code step: one {@link CodeStep} class for both channels, configurable, no user setup, the same
 * requirement choices. Each channel has its own subclass only because Keycloak finds factories by class name.
 */
public abstract class CodeStepFactory implements AuthenticatorFactory {

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.ALTERNATIVE,
            Requirement.DISABLED};

    /** Thread-safe; one per server keeps seeding off the login path. */
    private final SecureRandom random = new SecureRandom();
    private final String id;
    private final StepChannel channel;
    private final String displayType;
    private final String helpText;
    private final List<ProviderConfigProperty> properties;

    CodeStepFactory(String id, StepChannel channel, String displayType, String helpText) {
        this.id = id;
        this.channel = channel;
        this.displayType = displayType;
        this.helpText = helpText;
        this.properties = AdminConsoleOptions.of(channel.options());
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getDisplayType() {
        return displayType;
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    /** The step's options, declared once in {@link StepChannel#options()}. */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new CodeStep(channel, random, Clock.systemUTC());
    }

    /** Steps are named after their id, so "try another way" finds their messages ({@code <id>-display-name}). */
    @Override
    public String getReferenceCategory() {
        return getId();
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
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
