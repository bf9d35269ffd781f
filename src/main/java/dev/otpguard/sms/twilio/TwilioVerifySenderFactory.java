package dev.otpguard.sms.twilio;

import com.twilio.http.TwilioRestClient;
import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** {@code twilio-verify}: Twilio Verify makes and checks the codes. */
public final class TwilioVerifySenderFactory implements SmsSenderFactory {

    public static final String PROVIDER_ID = "twilio-verify";
    private static final Logger LOG = Logger.getLogger(TwilioVerifySenderFactory.class);

    private TwilioSettings settings;
    private TwilioRestClient client;
    // The service's code length is configuration held at Twilio; reading it once per node is enough.
    private volatile Integer serviceCodeLength;

    @Override
    public void init(Config.Scope config) {
        settings = TwilioSettings.from(config);
        List<String> problems = settings.problems(true);
        if (problems.isEmpty()) {
            client = TwilioClients.create(settings);
        } else if (settings.accountSid() != null || settings.password() != null) {
            LOG.errorf("OTP Guard: the twilio-verify SMS sender is not usable: %s", String.join("; ", problems));
        }
    }

    Integer serviceCodeLength() {
        return serviceCodeLength;
    }

    void rememberServiceCodeLength(Integer length) {
        serviceCodeLength = length;
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return new TwilioVerifySender(this, settings, client);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
