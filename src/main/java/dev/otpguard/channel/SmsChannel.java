package dev.otpguard.channel;

import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes.RemoteCheck;
import dev.otpguard.exchange.CodeChannel;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/** Codes by SMS, through the configured {@link SmsSender}. */
public final class SmsChannel implements CodeChannel {

    private final KeycloakSession session;
    private final String senderId;
    /** Host for the WebOTP line, or null without one; read from the request, so a background send can use it. */
    private final String webOtpHost;
    private final String textKey;

    /** @param senderId the SMS sender provider to use; null for the server's default */
    public SmsChannel(KeycloakSession session, String senderId, boolean webOtp) {
        this(session, senderId, webOtp, SmsText.MESSAGE_KEY);
    }

    /** @param textKey the message key of the SMS text: sign-in codes or confirmation codes */
    public SmsChannel(KeycloakSession session, String senderId, boolean webOtp, String textKey) {
        this(session, senderId, webOtp ? session.getContext().getUri().getBaseUri().getHost() : null, textKey);
    }

    private SmsChannel(KeycloakSession session, String senderId, String webOtpHost, String textKey) {
        this.textKey = textKey;
        this.session = session;
        this.senderId = senderId;
        this.webOtpHost = webOtpHost;
    }

    /** Same sender and WebOTP line; the text says it is a password-reset code (a Verify sender writes its own). */
    @Override
    public SmsChannel forPasswordReset() {
        return new SmsChannel(session, senderId, webOtpHost, SmsText.RESET_KEY);
    }

    @Override
    public String id() {
        return "sms";
    }

    /** Every SMS is paid for: the realm's SMS budget counts it. */
    @Override
    public boolean metered() {
        return true;
    }

    @Override
    public Optional<String> destination(UserModel user) {
        return PhoneAttributes.verifiedNumber(user);
    }

    @Override
    public String mask(String destination) {
        return MaskedDestination.phone(destination);
    }

    @Override
    public MaskedDestination.Pair maskApart(String first, String second) {
        return MaskedDestination.phone(first, second);
    }

    @Override
    public void deliver(Delivery delivery, String destination, String code, CodePolicy policy)
            throws DeliveryFailedException {
        SmsSender sender = sender(delivery.session());
        try {
            if (sender.generatesCodes()) {
                sender.startVerification(destination,
                        delivery.session().getContext().resolveLocale(delivery.user()).toLanguageTag());
            } else {
                sender.send(new SmsMessage(destination, SmsText.render(textKey, delivery.session(), delivery.realm(),
                        delivery.user(), code, policy, webOtpHost)));
            }
        } catch (SmsException e) {
            throw new DeliveryFailedException("SMS not sent: " + e.getMessage(), userMessage(e.reason()));
        } catch (RuntimeException e) {
            // a defect in a sender or its SDK must still end as "not sent" on the page, never as an error page
            throw new DeliveryFailedException("SMS not sent: unexpected " + e.getClass().getName(), "otpGuardSmsFailed");
        }
    }

    @Override
    public boolean checksCodesItself() {
        return sender(session).generatesCodes();
    }

    @Override
    public boolean checkCode(Delivery delivery, String destination, String digits) throws RemoteCheck.UnavailableException {
        try {
            return sender(delivery.session()).checkVerification(destination, digits);
        } catch (SmsException e) {
            throw new RemoteCheck.UnavailableException(e.getMessage());
        } catch (RuntimeException e) {
            throw new RemoteCheck.UnavailableException("unexpected " + e.getClass().getName());
        }
    }

    /** The sender of the session doing the work: the request's, or a background job's own. */
    private SmsSender sender(KeycloakSession current) {
        SmsSender sender = senderId == null ? current.getProvider(SmsSender.class)
                : current.getProvider(SmsSender.class, senderId);
        if (sender == null) {
            throw new IllegalStateException("no SMS sender '" + (senderId == null ? "(default)" : senderId)
                    + "' is deployed");
        }
        return sender;
    }

    private static String userMessage(SmsException.Reason reason) {
        return switch (reason) {
            case INVALID_NUMBER -> "otpGuardSmsInvalidNumber";
            case RATE_LIMITED, UNAVAILABLE -> "otpGuardSmsFailed";
            case NOT_CONFIGURED -> "otpGuardSmsNotConfigured";
        };
    }
}
