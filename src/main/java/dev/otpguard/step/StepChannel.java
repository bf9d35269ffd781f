package dev.otpguard.step;

import dev.otpguard.channel.EmailChannel;
import dev.otpguard.channel.SmsChannel;
import dev.otpguard.channel.SmsOptions;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.kernel.ProviderIds;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

/** What differs between the email and the SMS code step; everything else is {@link CodeStep}. */
public enum StepChannel {

    /** The "Email code" step: a one-time code mailed to the user's address. */
    EMAIL("email", CodeStepConfig.MissingContactOption.EMAIL, "otpGuardNoEmail",
            // the SMS options apply to the SMS of a password reset that falls back to SMS or lets the user choose it
            OptionGroup.of(EmailChannel.CODE_IN_SUBJECT).and(SmsOptions.CODE_STEP)) {
        @Override
        CodeChannel channel(KeycloakSession session, CodeStepConfig config) {
            return config.flag(EmailChannel.CODE_IN_SUBJECT) ? CODE_IN_SUBJECT_CHANNEL : PLAIN_EMAIL;
        }

        /** The same SMS options as the SMS step ({@code smsSender}, {@code webOtp}), declared on this step too. */
        @Override
        CodeChannel otherChannel(KeycloakSession session, CodeStepConfig config) {
            return sms(session, config);
        }

        /** Keycloak's verify-email action ignores users without an address, so one is asked for first. */
        @Override
        String enrol(AuthenticationFlowContext context) {
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
    },

    /** The "SMS code" step: a one-time code sent by text message to the user's verified phone number. */
    SMS("sms", CodeStepConfig.MissingContactOption.PHONE, "otpGuardNoPhone",
            SmsOptions.CODE_STEP.and(SmsOptions.SMS_STEP_ONLY, UnverifiedPhone.OPTIONS)) {
        @Override
        CodeChannel channel(KeycloakSession session, CodeStepConfig config) {
            return sms(session, config).withAlternatives(config.choices(SmsOptions.ALTERNATIVES_OPTION));
        }

        @Override
        CodeChannel otherChannel(KeycloakSession session, CodeStepConfig config) {
            return PLAIN_EMAIL;
        }

        @Override
        String enrol(AuthenticationFlowContext context) {
            context.getUser().addRequiredAction(ProviderIds.PHONE_SETUP);
            return "setup";
        }
    };

    private static final EmailChannel PLAIN_EMAIL = new EmailChannel();
    private static final EmailChannel CODE_IN_SUBJECT_CHANNEL = EmailChannel.withCodeInSubject();

    private final String id;
    private final CodeStepConfig.MissingContactOption missingOption;
    private final String noContactMessage;
    private final OptionGroup options;

    StepChannel(String id, CodeStepConfig.MissingContactOption missingOption, String noContactMessage,
                OptionGroup own) {
        this.id = id;
        this.missingOption = missingOption;
        this.noContactMessage = noContactMessage;
        this.options = CodeStepConfig.options(missingOption, own);
    }

    /** Every option of this step, declared once: {@link CodeStepConfig#options}, then the channel's own. */
    public OptionGroup options() {
        return options;
    }

    /** The channel's id: in events, note names and the code's purpose. */
    String id() {
        return id;
    }

    CodeStepConfig.MissingContactOption missingOption() {
        return missingOption;
    }

    /** The message key of the page that stops a user without a destination. */
    String noContactMessage() {
        return noContactMessage;
    }

    /** The channel this step sends through, as configured. */
    abstract CodeChannel channel(KeycloakSession session, CodeStepConfig config);

    /** The other channel, for password resets whose {@code resetChannels} option lets codes take it. */
    abstract CodeChannel otherChannel(KeycloakSession session, CodeStepConfig config);

    /** Sends a user without a destination to the action that sets one up; returns the event's reason for it. */
    abstract String enrol(AuthenticationFlowContext context);

    /** The SMS channel a code step's options describe: its sender and WebOTP line. */
    private static SmsChannel sms(KeycloakSession session, CodeStepConfig config) {
        return new SmsChannel(session, config.text(SmsOptions.SENDER_OPTION), config.flag(SmsOptions.WEB_OTP_OPTION));
    }
}
