package dev.otpguard.sms.twilio;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.rest.verify.v2.Service;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import org.keycloak.models.KeycloakSession;

/** Twilio Verify: Twilio makes, sends and checks the code; OTP Guard keeps its page and limits. */
final class TwilioVerifySender implements SmsSender {

    private final TwilioVerifySenderFactory factory;
    private final KeycloakSession session;
    private final TwilioClients clients;

    TwilioVerifySender(TwilioVerifySenderFactory factory, KeycloakSession session, TwilioClients clients) {
        this.factory = factory;
        this.session = session;
        this.clients = clients;
    }

    @Override
    public boolean generatesCodes() {
        return true;
    }

    @Override
    public void send(SmsMessage message) throws SmsException {
        throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "twilio-verify sends only its own codes");
    }

    /** Verify's channels OTP Guard offers: the SMS, a voice call that reads the code, WhatsApp. */
    static final java.util.Set<String> CHANNELS = java.util.Set.of("sms", "call", "whatsapp");

    @Override
    public java.util.Set<String> verificationChannels() {
        return CHANNELS;
    }

    @Override
    public void startVerification(String to, String languageTag) throws SmsException {
        startVerification(to, languageTag, "sms");
    }

    @Override
    public void startVerification(String to, String languageTag, String channel) throws SmsException {
        if (!CHANNELS.contains(channel)) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "twilio-verify cannot deliver by " + channel);
        }
        TwilioClients.Account account = usableAccount();
        try {
            Verification.creator(account.settings().verifyServiceSid(), to, channel).setLocale(languageTag)
                    .create(account.client());
        } catch (TwilioException e) {
            throw TwilioErrors.translate(e, "starting a verification");
        }
    }

    @Override
    public boolean checkVerification(String to, String code) throws SmsException {
        TwilioClients.Account account = usableAccount();
        try {
            VerificationCheck check = VerificationCheck.creator(account.settings().verifyServiceSid()).setTo(to)
                    .setCode(code).create(account.client());
            return "approved".equals(String.valueOf(check.getStatus()));
        } catch (ApiException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                // Twilio forgets a verification once it expired, was approved or ran out of checks
                return false;
            }
            throw TwilioErrors.translate(e, "checking a code");
        } catch (TwilioException e) {
            throw TwilioErrors.translate(e, "checking a code");
        }
    }

    /** Refuses a Verify service whose codes are shorter than the 6 digits the checklist demands (D10). */
    private TwilioClients.Account usableAccount() throws SmsException {
        TwilioClients.Account account = clients.forRealm(session);
        TwilioSettings settings = account.settings();
        if (account.client() == null) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED,
                    "twilio-verify sender is not configured: " + String.join("; ", settings.problems(true)));
        }
        Integer length = factory.serviceCodeLength(settings.verifyServiceSid());
        if (length == null) {
            try {
                length = Service.fetcher(settings.verifyServiceSid()).fetch(account.client()).getCodeLength();
            } catch (TwilioException e) {
                throw TwilioErrors.translate(e, "reading the Verify service");
            }
            factory.rememberServiceCodeLength(settings.verifyServiceSid(), length);
        }
        if (length == null || length < CodePolicy.MIN_LENGTH) {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "the Verify service makes " + length
                    + "-digit codes; OTP Guard requires at least " + CodePolicy.MIN_LENGTH
                    + " (set the service's code length in the Twilio console)");
        }
        return account;
    }
}
