package dev.otpguard.step;

import dev.otpguard.channel.SmsOptions;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.kernel.AdminConsoleOptions;

import dev.otpguard.kernel.ProviderIds;
import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.step.CodeStepFactory;
import java.time.Clock;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public final class EmailOtpAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = ProviderIds.EMAIL_STEP;

    /** The options, declared once: see {@link StepChannel#options()}. */
    public static final OptionGroup OPTIONS = StepChannel.EMAIL.options();

    private static final List<ProviderConfigProperty> PROPERTIES = AdminConsoleOptions.of(OPTIONS);

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
        return new CodeStep(StepChannel.EMAIL, random, Clock.systemUTC());
    }
}
