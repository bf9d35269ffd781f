package dev.otpguard.sms.twilio;

import com.twilio.http.TwilioRestClient;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;

/**
 * The REST clients of one Twilio sender: one for the server's account, built at start-up, and one per request
 * for a realm that has its own account in the vault. All share one HTTP transport (connection pool, timeouts).
 */
final class TwilioClients {

    private final TwilioSettings server;
    private final TwilioHttpClient transport;
    private final TwilioRestClient serverClient;
    private final boolean verify;

    TwilioClients(TwilioSettings server, boolean verify) {
        this.server = server;
        this.verify = verify;
        this.transport = new TwilioHttpClient(server.apiBaseUrl(), server.connectTimeout(), server.readTimeout());
        this.serverClient = server.problems(verify).isEmpty() ? client(server) : null;
    }

    /** The settings and client for the session's realm: its vault account if it has one, else the server's. */
    Account forRealm(KeycloakSession session) {
        Optional<TwilioSettings> realm = RealmTwilioAccount.resolve(session, server);
        if (realm.isPresent()) {
            TwilioSettings settings = realm.get();
            return new Account(settings, settings.problems(verify).isEmpty() ? client(settings) : null);
        }
        return new Account(server, serverClient);
    }

    private TwilioRestClient client(TwilioSettings settings) {
        return new TwilioRestClient.Builder(settings.username(), settings.password())
                .accountSid(settings.accountSid()).httpClient(transport).build();
    }

    /** Settings and client of the account in use; the client is null when the settings are incomplete. */
    record Account(TwilioSettings settings, TwilioRestClient client) {
    }
}
