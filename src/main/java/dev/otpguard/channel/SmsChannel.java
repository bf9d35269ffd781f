package dev.otpguard.channel;

import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;

import dev.otpguard.core.delivery.SendFailure;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes.RemoteCheck;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.DeliveryTracker;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderFactory;

/** Codes by SMS, through the configured {@link SmsSender}. */
public final class SmsChannel implements CodeChannel {

    private static final Logger LOG = Logger.getLogger(SmsChannel.class);

    private final KeycloakSession session;
    private final String senderId;
    /** Host for the WebOTP line, or null without one; read from the request, so a background send can use it. */
    private final String webOtpHost;
    private final String textKey;
    /** Where the sender's gateway reports delivery, or null; also read from the request, like the WebOTP host. */
    private final String statusCallback;
    /** How the sender delivers: {@code sms}, or an alternative such as a voice call (Twilio Verify only). */
    private final String via;
    /** The alternatives the step's configuration offers; the sender may support fewer. */
    private final List<String> offered;

    /** @param senderId the SMS sender provider to use; null for the server's default */
    public SmsChannel(KeycloakSession session, String senderId, boolean webOtp) {
        this(session, senderId, webOtp, SmsText.MESSAGE_KEY);
    }

    /** @param textKey the message key of the SMS text: sign-in codes or confirmation codes */
    public SmsChannel(KeycloakSession session, String senderId, boolean webOtp, String textKey) {
        this(session, senderId, webOtp ? session.getContext().getUri().getBaseUri().getHost() : null, textKey,
                statusCallbackUrl(session, senderId));
    }

    private SmsChannel(KeycloakSession session, String senderId, String webOtpHost, String textKey,
                       String statusCallback) {
        this(session, senderId, webOtpHost, textKey, statusCallback, "sms", List.of());
    }

    private SmsChannel(KeycloakSession session, String senderId, String webOtpHost, String textKey,
                       String statusCallback, String via, List<String> offered) {
        this.via = via;
        this.offered = List.copyOf(offered);
        this.textKey = textKey;
        this.session = session;
        this.senderId = senderId;
        this.webOtpHost = webOtpHost;
        this.statusCallback = statusCallback;
    }

    /** The sender's status callback URL for this request's realm; null when it takes none or is not deployed. */
    private static String statusCallbackUrl(KeycloakSession session, String senderId) {
        try {
            ProviderFactory<SmsSender> factory = senderId == null
                    ? session.getKeycloakSessionFactory().getProviderFactory(SmsSender.class)
                    : session.getKeycloakSessionFactory().getProviderFactory(SmsSender.class, senderId);
            return factory instanceof SmsSenderFactory sms ? sms.statusCallbackUrl(session) : null;
        } catch (RuntimeException e) {
            // a sender's defect costs the status line on the page, never the sign-in
            LOG.warnf("OTP Guard: the SMS sender %s could not name its status callback URL: %s",
                    senderId == null ? "(default)" : senderId, e.getClass().getName());
            return null;
        }
    }

    /** Same sender and WebOTP line; the text says it is a password-reset code (a Verify sender writes its own). */
    @Override
    public SmsChannel forPasswordReset() {
        return new SmsChannel(session, senderId, webOtpHost, SmsText.RESET_KEY, statusCallback);
    }

    /** This channel, offering the step's configured alternatives where the sender supports them. */
    public SmsChannel withAlternatives(List<String> alternatives) {
        return new SmsChannel(session, senderId, webOtpHost, textKey, statusCallback, via, alternatives);
    }

    /** The configured alternatives this request's sender can deliver by (Twilio Verify: {@code call}, {@code whatsapp}). */
    @Override
    public List<String> alternatives() {
        if (offered.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> supported = sender(session).verificationChannels();
        return offered.stream().filter(supported::contains).filter(alternative -> !"sms".equals(alternative))
                .toList();
    }

    @Override
    public SmsChannel via(String alternative) {
        if (!alternatives().contains(alternative)) {
            throw new IllegalArgumentException("sms has no alternative " + alternative);
        }
        return new SmsChannel(session, senderId, webOtpHost, textKey, statusCallback, alternative, List.of());
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
                        delivery.session().getContext().resolveLocale(delivery.user()).toLanguageTag(), via);
            } else {
                String text = SmsText.render(textKey, delivery.session(), delivery.realm(), delivery.user(), code,
                        policy, webOtpHost);
                // a status callback only when someone follows this send: an unlinked message's reports are refused
                String messageId = sender.sendTracked(new SmsMessage(destination, text, policy.lifetime(),
                        delivery.ticket() == null ? null : statusCallback));
                if (delivery.ticket() != null && messageId != null) {
                    link(delivery, messageId, policy);
                }
            }
        } catch (SmsException e) {
            throw new DeliveryFailedException("SMS not sent: " + e.getMessage(), userMessage(e.reason()),
                    failure(e.reason()));
        } catch (RuntimeException e) {
            // a defect in a sender or its SDK must still end as "not sent" on the page, never as an error page
            throw new DeliveryFailedException("SMS not sent: unexpected " + e.getClass().getName(), "otpGuardSmsFailed",
                    SendFailure.OTHER);
        }
    }

    /** Lets the gateway's status reports find the ticket; the message has left, so a failure here is only logged. */
    private static void link(Delivery delivery, String messageId, CodePolicy policy) {
        try {
            new DeliveryTracker(delivery.session(), delivery.realm().getId()).linkMessage(messageId, delivery.ticket(),
                    delivery.user() == null ? null : delivery.user().getId(), policy.lifetime());
        } catch (RuntimeException e) {
            LOG.warnf("OTP Guard sent an SMS but could not remember its message id for status reports (realm %s): %s",
                    delivery.realm().getName(), e.getClass().getName());
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

    private static SendFailure failure(SmsException.Reason reason) {
        return switch (reason) {
            case INVALID_NUMBER -> SendFailure.INVALID_NUMBER;
            case NOT_CONFIGURED -> SendFailure.NOT_CONFIGURED;
            case RATE_LIMITED -> SendFailure.RATE_LIMITED;
            case UNAVAILABLE -> SendFailure.GATEWAY_UNAVAILABLE;
        };
    }

    private static String userMessage(SmsException.Reason reason) {
        return switch (reason) {
            case INVALID_NUMBER -> "otpGuardSmsInvalidNumber";
            case RATE_LIMITED, UNAVAILABLE -> "otpGuardSmsFailed";
            case NOT_CONFIGURED -> "otpGuardSmsNotConfigured";
        };
    }
}
