package dev.otpguard.step;

import dev.otpguard.channel.SmsOptions;

import dev.otpguard.channel.SmsChannel;

import dev.otpguard.channel.EmailChannel;
import dev.otpguard.step.CodeAuthenticator;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.kernel.ProviderIds;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.models.KeycloakSession;

/** The "SMS code" step: a one-time code sent by text message to the user's verified phone number. */
public final class SmsOtpAuthenticator extends CodeAuthenticator {

    public static final String SMS_SENDER = SmsOptions.SENDER;
    public static final String WEB_OTP = SmsOptions.WEB_OTP;

    public SmsOtpAuthenticator(SecureRandom random, Clock clock) {
        super("sms", CodeStepConfig.MissingContactOption.PHONE, random, clock);
    }

    @Override
    protected CodeChannel channel(KeycloakSession session, CodeStepConfig config) {
        return channelFor(session, config);
    }

    /** The SMS channel a code step's options describe: its sender and WebOTP line. */
    public static SmsChannel channelFor(KeycloakSession session, CodeStepConfig config) {
        return new SmsChannel(session, config.option(SMS_SENDER), Boolean.parseBoolean(config.option(WEB_OTP)));
    }

    @Override
    protected CodeChannel otherChannel(KeycloakSession session, CodeStepConfig config) {
        return new EmailChannel();
    }

    @Override
    protected void handleMissingContact(AuthenticationFlowContext context, CodeStepConfig config) {
        CodeEvents events = new CodeEvents(context.getEvent(), context.getUser(), "sms", null);
        switch (config.missingContact()) {
            case FAIL -> {
                events.missingContact("fail");
                context.failure(AuthenticationFlowError.INVALID_USER, context.form()
                        .setError("otpGuardNoPhone").createErrorPage(Response.Status.BAD_REQUEST));
            }
            case SKIP -> {
                events.missingContact("skip");
                context.success();
            }
            case ENROL -> {
                events.missingContact("setup");
                context.getUser().addRequiredAction(ProviderIds.PHONE_SETUP);
                context.success();
            }
        }
    }
}
