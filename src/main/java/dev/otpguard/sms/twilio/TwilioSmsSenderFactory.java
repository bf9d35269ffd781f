package dev.otpguard.sms.twilio;

import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** {@code twilio}: Twilio Programmable Messaging. */
public final class TwilioSmsSenderFactory implements SmsSenderFactory {

    public static final String PROVIDER_ID = "twilio";
    private static final Logger LOG = Logger.getLogger(TwilioSmsSenderFactory.class);

    private TwilioClients clients;

    @Override
    public void init(Config.Scope config) {
        TwilioSettings settings = TwilioSettings.from(config);
        clients = new TwilioClients(settings, false);
        List<String> problems = settings.problems(false);
        if (!problems.isEmpty() && (settings.accountSid() != null || settings.password() != null)) {
            // partly configured: say so at start-up rather than at the first login
            LOG.errorf("OTP Guard: the twilio SMS sender is not usable: %s", String.join("; ", problems));
        }
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return new TwilioSmsSender(session, clients);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    /** The default sender when the server names none. */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
