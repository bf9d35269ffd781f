package dev.otpguard.sms.twilio;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import org.keycloak.models.KeycloakSession;

/** Programmable Messaging: OTP Guard makes the code, Twilio carries the text. */
final class TwilioSmsSender implements SmsSender {

    private final KeycloakSession session;
    private final TwilioClients clients;

    TwilioSmsSender(KeycloakSession session, TwilioClients clients) {
        this.session = session;
        this.clients = clients;
    }

    @Override
    public void send(SmsMessage message) throws SmsException {
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
        try {
            creator.create(client);
        } catch (TwilioException e) {
            throw TwilioErrors.translate(e, "sending a message");
        }
    }
}
