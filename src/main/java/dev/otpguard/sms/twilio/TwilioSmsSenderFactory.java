package dev.otpguard.sms.twilio;

import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;
import java.net.URI;
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
    private TwilioStatusCallbacks statusCallbacks;

    @Override
    public void init(Config.Scope config) {
        TwilioSettings settings = TwilioSettings.from(config);
        clients = new TwilioClients(settings, false);
        List<String> problems = settings.problems(false);
        if (!problems.isEmpty() && (settings.accountSid() != null || settings.password() != null)) {
            // partly configured: say so at start-up rather than at the first login
            LOG.errorf("OTP Guard: the twilio SMS sender is not usable: %s", String.join("; ", problems));
        }
        statusCallbacks = new TwilioStatusCallbacks(config.getBoolean("status-callback-enabled", Boolean.TRUE),
                publicBase(config.get("status-callback-base-url")), clients);
    }

    /** The configured public base URL, or null for the request's own (an unusable value is said at start-up). */
    private static URI publicBase(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        LOG.errorf("OTP Guard: status-callback-base-url of the twilio SMS sender is not an absolute http(s) URL; "
                + "status callbacks use the request's frontend URL instead");
        return null;
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return new TwilioSmsSender(session, clients);
    }

    /** Twilio calls our status endpoint for every message sent with this URL; null when switched off. */
    @Override
    public String statusCallbackUrl(KeycloakSession session) {
        return statusCallbacks.enabled() ? statusCallbacks.url(session) : null;
    }

    TwilioStatusCallbacks statusCallbacks() {
        return statusCallbacks;
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
