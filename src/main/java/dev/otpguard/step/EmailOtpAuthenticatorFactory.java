package dev.otpguard.step;

import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.step.CodeStepFactory;
import java.time.Clock;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public final class EmailOtpAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = "otp-guard-email";

    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> all = new java.util.ArrayList<>(
                CodeStepConfig.properties(CodeStepConfig.MissingContactOption.EMAIL));
        all.addAll(org.keycloak.provider.ProviderConfigurationBuilder.create()
                .property().name(EmailOtpAuthenticator.CODE_IN_SUBJECT).label("Code in the subject")
                .helpText("Put the code in the subject line too, so it shows in mail notifications. Off by "
                        + "default: subjects end up in notification previews, logs and mail server records.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .build());
        return List.copyOf(all);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Email code";
    }

    @Override
    public String getHelpText() {
        return "OTP Guard: sends a one-time code to the user's email address and asks for it. "
                + "Place it after a first factor (for example the password form).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new EmailOtpAuthenticator(random, Clock.systemUTC());
    }
}
