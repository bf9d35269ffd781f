package dev.otpguard.step;

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

    public static final String PROVIDER_ID = "otp-guard-sms";

    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> all = new ArrayList<>(
                CodeStepConfig.properties(CodeStepConfig.MissingContactOption.PHONE));
        all.addAll(ProviderConfigurationBuilder.create()
                .property().name(SmsOtpAuthenticator.WEB_OTP).label("WebOTP line")
                .helpText("End each SMS with '@<host> #<code>' so that phones offer the code for one-tap entry "
                        + "on this site (WebOTP / origin-bound one-time codes).")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(SmsOtpAuthenticator.SMS_SENDER).label("SMS sender")
                .helpText("Sender provider for this step: twilio, twilio-verify or log. Empty: the server's "
                        + "default (--spi-otp-guard-sms-sender--provider). Credentials are server options, "
                        + "never entered here.")
                .type(ProviderConfigProperty.LIST_TYPE).options("", "twilio", "twilio-verify", "log")
                .defaultValue("").add()
                .build());
        return List.copyOf(all);
    }

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
        return new SmsOtpAuthenticator(random, Clock.systemUTC());
    }
}
