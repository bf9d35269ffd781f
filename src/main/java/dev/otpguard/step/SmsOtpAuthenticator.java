package dev.otpguard.step;

import dev.otpguard.channel.SmsOptions;

import dev.otpguard.channel.SmsChannel;

import dev.otpguard.channel.EmailChannel;
import dev.otpguard.step.CodeAuthenticator;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.kernel.ProviderIds;
import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;

/** The "SMS code" step: a one-time code sent by text message to the user's verified phone number. */
public final class SmsOtpAuthenticator extends CodeAuthenticator {

    public SmsOtpAuthenticator(SecureRandom random, Clock clock) {
        super("sms", CodeStepConfig.MissingContactOption.PHONE, random, clock);
    }

    @Override
    protected CodeChannel channel(KeycloakSession session, CodeStepConfig config) {
        return channelFor(session, config);
    }

    /** The SMS channel a code step's options describe: its sender and WebOTP line. */
    public static SmsChannel channelFor(KeycloakSession session, CodeStepConfig config) {
        return new SmsChannel(session, config.option(SmsOptions.SENDER),
                Boolean.parseBoolean(config.option(SmsOptions.WEB_OTP)));
    }

    @Override
    protected CodeChannel otherChannel(KeycloakSession session, CodeStepConfig config) {
        return new EmailChannel();
    }

    @Override
    protected String noContactMessage() {
        return "otpGuardNoPhone";
    }

    @Override
    protected String enrol(AuthenticationFlowContext context) {
        context.getUser().addRequiredAction(ProviderIds.PHONE_SETUP);
        return "setup";
    }
}
