package dev.otpguard.sms.twilio;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;

/** Programmable Messaging: OTP Guard makes the code, Twilio carries the text. */
final class TwilioSmsSender implements SmsSender {

    private final TwilioSettings settings;
    private final TwilioRestClient client;

    TwilioSmsSender(TwilioSettings settings, TwilioRestClient client) {
        this.settings = settings;
        this.client = client;
    }

    @Override
    public void send(SmsMessage message) throws SmsException {
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
