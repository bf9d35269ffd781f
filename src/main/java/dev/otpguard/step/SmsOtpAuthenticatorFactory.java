package dev.otpguard.step;

import dev.otpguard.channel.SmsOptions;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.kernel.AdminConsoleOptions;

import dev.otpguard.kernel.ProviderIds;
import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.step.CodeStepFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class SmsOtpAuthenticatorFactory extends CodeStepFactory {

    public static final String PROVIDER_ID = ProviderIds.SMS_STEP;

    /** The options, declared once: {@link CodeStepConfig#options} with the SMS sender and the WebOTP line. */
    /** The options, declared once: see {@link StepChannel#options()}. */
    public static final OptionGroup OPTIONS = StepChannel.SMS.options();

    private static final List<ProviderConfigProperty> PROPERTIES = AdminConsoleOptions.of(OPTIONS);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMS code";
    }

    @Override
    public String getHelpText() {
        return "OTP Guard: sends a one-time code by SMS to the user's verified phone number and asks for it. "
                + "Place it after a first factor.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new CodeStep(StepChannel.SMS, random, Clock.systemUTC());
    }
}
