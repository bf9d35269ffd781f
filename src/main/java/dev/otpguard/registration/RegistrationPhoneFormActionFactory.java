package dev.otpguard.registration;

import dev.otpguard.kernel.AdminConsoleOptions;
import dev.otpguard.kernel.ProviderIds;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public final class RegistrationPhoneFormActionFactory implements FormActionFactory {

    public static final String PROVIDER_ID = ProviderIds.REGISTRATION_PHONE;
    private static final List<ProviderConfigProperty> PROPERTIES =
            AdminConsoleOptions.of(RegistrationPhoneConfig.OPTIONS);
    /** Like Keycloak's own registration form actions: on or off, never "alternative". */
    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
        AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private static final RegistrationPhoneFormAction ACTION = new RegistrationPhoneFormAction();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Phone number (OTP Guard)";
    }

    @Override
    public String getReferenceCategory() {
        return "phone";
    }

    @Override
    public String getHelpText() {
        return "A phone number on the registration form, checked with the rules of 'Set up phone number', stored "
                + "unverified and proven by an SMS code right after registration. Place it below 'Registration User "
                + "Profile Creation'.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
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
    public FormAction create(KeycloakSession session) {
        return ACTION;
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
