package dev.otpguard.sms.twilio;

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

    private TwilioClients clients;
    // Code lengths of Verify services are configuration held at Twilio; reading each once per node is enough.
    private final java.util.concurrent.ConcurrentMap<String, Integer> serviceCodeLengths =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void init(Config.Scope config) {
        TwilioSettings settings = TwilioSettings.from(config);
        clients = new TwilioClients(settings, true);
        List<String> problems = settings.problems(true);
        if (!problems.isEmpty() && (settings.accountSid() != null || settings.password() != null)) {
            LOG.errorf("OTP Guard: the twilio-verify SMS sender is not usable: %s", String.join("; ", problems));
        }
    }

    Integer serviceCodeLength(String serviceSid) {
        return serviceCodeLengths.get(serviceSid);
    }

    void rememberServiceCodeLength(String serviceSid, Integer length) {
        if (length != null) {
            serviceCodeLengths.put(serviceSid, length);
        }
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return new TwilioVerifySender(this, session, clients);
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
