package dev.otpguard.step;

import dev.otpguard.channel.EmailChannel;

import dev.otpguard.step.CodeAuthenticator;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.step.SmsOtpAuthenticator;
import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

/** The "Email code" step: a one-time code mailed to the user's address. */
public final class EmailOtpAuthenticator extends CodeAuthenticator {

    /** Option: the code in the subject line as well (off by default, checklist D7). */
    public static final String CODE_IN_SUBJECT = "codeInSubject";

    private static final EmailChannel CHANNEL = new EmailChannel();
    private static final EmailChannel CODE_IN_SUBJECT_CHANNEL = EmailChannel.withCodeInSubject();

    public EmailOtpAuthenticator(SecureRandom random, Clock clock) {
        super("email", CodeStepConfig.MissingContactOption.EMAIL, random, clock);
    }

    @Override
    protected CodeChannel channel(KeycloakSession session, CodeStepConfig config) {
        return Boolean.parseBoolean(config.option(CODE_IN_SUBJECT)) ? CODE_IN_SUBJECT_CHANNEL : CHANNEL;
    }

    /** The same SMS options as the SMS step ({@code smsSender}, {@code webOtp}), declared on this step too. */
    @Override
    protected CodeChannel otherChannel(KeycloakSession session, CodeStepConfig config) {
        return SmsOtpAuthenticator.channelFor(session, config);
    }

    @Override
    protected String noContactMessage() {
        return "otpGuardNoEmail";
    }

    /** Keycloak's verify-email action ignores users without an address, so one is asked for first. */
    @Override
    protected String enrol(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        RequiredActionProviderModel updateEmail = context.getRealm()
                .getRequiredActionProviderByAlias(UserModel.RequiredAction.UPDATE_EMAIL.name());
        if (updateEmail != null && updateEmail.isEnabled()) {
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_EMAIL);
        } else {
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_PROFILE);
        }
        user.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        return "verify";
    }
}
