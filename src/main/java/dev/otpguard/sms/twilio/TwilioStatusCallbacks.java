package dev.otpguard.sms.twilio;

import com.twilio.security.RequestValidator;
import dev.otpguard.sms.SmsSender;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;

/**
 * The Twilio sender's delivery status callbacks: the public URL Twilio is told to call for a realm, and the check
 * that a callback really comes from the realm's Twilio account ({@code X-Twilio-Signature}, an HMAC made with the
 * account's auth token over that URL and the posted parameters).
 */
public final class TwilioStatusCallbacks {

    /** The path under a realm's base URL; {@code /realms/{realm}/} + this. */
    public static final String PATH = "otp-guard/twilio/status";

    /** What a callback's signature turned out to be. */
    public enum Signature {
        VALID, MISSING, WRONG,
        /** The realm's Twilio account has no auth token (it uses an API key only), so nothing can be checked. */
        NO_AUTH_TOKEN
    }

    private final boolean enabled;
    private final URI publicBase;
    private final TwilioClients clients;

    TwilioStatusCallbacks(boolean enabled, URI publicBase, TwilioClients clients) {
        this.enabled = enabled;
        this.publicBase = publicBase;
        this.clients = clients;
    }

    /** The callbacks of the deployed {@code twilio} sender; empty when it is not deployed. */
    public static Optional<TwilioStatusCallbacks> of(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactory(SmsSender.class,
                TwilioSmsSenderFactory.PROVIDER_ID) instanceof TwilioSmsSenderFactory factory
                ? Optional.ofNullable(factory.statusCallbacks()) : Optional.empty();
    }

    /** Whether Twilio is asked for status reports at all (server option {@code status-callback-enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The public URL of the session's realm's status endpoint: under the configured base URL, else under the
     * request's frontend URL (Keycloak's hostname settings). Null outside a request without a base URL.
     */
    public String url(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        URI base = publicBase != null ? publicBase : requestFrontendBase(session);
        if (realm == null || base == null) {
            return null;
        }
        return UriBuilder.fromUri(base).path("realms").path(realm.getName()).path(PATH).build().toString();
    }

    private static URI requestFrontendBase(KeycloakSession session) {
        try {
            return session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
        } catch (RuntimeException noRequest) {
            // a worker's session has no request to read the public address from
            return null;
        }
    }

    /** Checks a callback's signature against the realm's Twilio account, for the URL Twilio was told to call. */
    public Signature check(KeycloakSession session, String url, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return Signature.MISSING;
        }
        String authToken = clients.forRealm(session).settings().authToken();
        if (authToken == null) {
            return Signature.NO_AUTH_TOKEN;
        }
        return new RequestValidator(authToken).validate(url, params, signature) ? Signature.VALID : Signature.WRONG;
    }
}
