package dev.otpguard.sms.twilio;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import java.time.Duration;
import org.keycloak.models.KeycloakSession;

/** Programmable Messaging: OTP Guard makes the code, Twilio carries the text. */
final class TwilioSmsSender implements SmsSender {

    private final KeycloakSession session;
    private final TwilioClients clients;

    TwilioSmsSender(KeycloakSession session, TwilioClients clients) {
        this.session = session;
        this.clients = clients;
    }

    /**
     * Twilio keeps a queued message for at most this long; both its documented limits (14,400 s earlier, 36,000 s
     * now) allow it, and our codes live 10 minutes at most.
     */
    static final long MAX_VALIDITY_SECONDS = 14_400;

    @Override
    public void send(SmsMessage message) throws SmsException {
        sendTracked(message);
    }

    /** Sends with the message's status callback and a validity of the code's lifetime; returns the message SID. */
    @Override
    public String sendTracked(SmsMessage message) throws SmsException {
        TwilioClients.Account account = clients.forRealm(session);
        TwilioSettings settings = account.settings();
        TwilioRestClient client = account.client();
        if (client == null) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED,
                    "twilio sender is not configured: " + String.join("; ", settings.problems(false)));
        }
        MessageCreator creator = settings.messagingServiceSid() != null
                ? Message.creator(new PhoneNumber(message.to()), settings.messagingServiceSid(), message.text())
                : Message.creator(new PhoneNumber(message.to()), new PhoneNumber(settings.from()), message.text());
        if (message.statusCallback() != null) {
            creator.setStatusCallback(message.statusCallback());
        }
        if (message.validity() != null) {
            creator.setValidityPeriod((int) validitySeconds(message.validity()));
        }
        try {
            return creator.create(client).getSid();
        } catch (TwilioException e) {
            throw TwilioErrors.translate(e, "sending a message");
        }
    }

    /** Twilio accepts whole seconds from 1 to its maximum: less rounds up to 1 s, more is cut to the maximum. */
    static long validitySeconds(Duration validity) {
        return Math.max(1, Math.min(MAX_VALIDITY_SECONDS, validity.toSeconds()));
    }
}
