package dev.otpguard.sms.http;

import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.SmsSenderFactory;
import dev.otpguard.sms.SmsSenderSpi;
import java.net.http.HttpClient;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

/** {@code http}: one configurable HTTP request per message, for SMS gateways with a REST API. */
public final class HttpSmsSenderFactory implements SmsSenderFactory {

    public static final String PROVIDER_ID = "http";
    private static final Logger LOG = Logger.getLogger(HttpSmsSenderFactory.class);

    private HttpGatewaySettings settings;
    private List<String> problems = List.of();
    private HttpClient http;

    @Override
    public void init(Config.Scope config) {
        HttpGatewaySettings.Parsed parsed = HttpGatewaySettings.from(config);
        settings = parsed.settings();
        problems = parsed.problems();
        boolean chosen = PROVIDER_ID.equals(Config.getProvider(SmsSenderSpi.NAME));
        if (!problems.isEmpty() && (parsed.configured() || chosen)) {
            // said at start-up rather than at the first login; the options are named, their values are not
            LOG.errorf("OTP Guard: the http SMS sender is not usable: %s", String.join("; ", problems));
        }
        if (settings != null) {
            // one client for the server: it pools connections to the gateway; redirects are not followed (a
            // redirected POST could go where the operator never meant the text and the token to go)
            http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        if (settings == null) {
            return new Unusable(problems);
        }
        RealmModel realm = session.getContext().getRealm();
        return new HttpSmsSender(settings, http, reference -> {
            try (VaultStringSecret secret = session.vault().getStringSecret(reference)) {
                return secret.get().orElse(null);
            }
        }, realm == null ? null : realm.getName());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Chosen but not configured: every send says so to the operator, and the user sees "SMS unavailable". */
    private record Unusable(List<String> problems) implements SmsSender {
        @Override
        public void send(dev.otpguard.sms.SmsMessage message) throws SmsException {
            throw new SmsException(SmsException.Reason.NOT_CONFIGURED, "http sender is not configured: "
                    + String.join("; ", problems));
        }
    }
}
