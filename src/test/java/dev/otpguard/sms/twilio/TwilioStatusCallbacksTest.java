package dev.otpguard.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The URL Twilio is told to call, and signed callbacks checked against it with the account's auth token. */
class TwilioStatusCallbacksTest {

    private static final String TOKEN = "tw-test-token";

    @Test
    void theConfiguredBaseUrlNamesTheRealmsEndpoint() {
        TwilioSmsSenderFactory factory = factory(Map.of("status-callback-base-url", "https://login.example.com/auth"));
        assertThat(factory.statusCallbackUrl(sessionOf("my realm")))
                .isEqualTo("https://login.example.com/auth/realms/my%20realm/otp-guard/twilio/status");
    }

    @Test
    void switchedOffThereIsNoCallback() {
        TwilioSmsSenderFactory factory = factory(Map.of("status-callback-base-url", "https://login.example.com",
                "status-callback-enabled", "false"));
        assertThat(factory.statusCallbackUrl(sessionOf("r"))).isNull();
    }

    @Test
    void withoutARequestOrABaseUrlThereIsNoCallback() {
        assertThat(factory(Map.of()).statusCallbackUrl(sessionOf("r"))).isNull();
        assertThat(factory(Map.of("status-callback-base-url", "not a url")).statusCallbackUrl(sessionOf("r")))
                .isNull();
    }

    @Test
    void aSignatureIsValidOnlyForItsUrlItsFieldsAndTheAuthToken() {
        TwilioSmsSenderFactory factory = factory(Map.of("status-callback-base-url", "https://login.example.com"));
        TwilioStatusCallbacks callbacks = factory.statusCallbacks();
        KeycloakSession session = sessionOf("r");
        String url = callbacks.url(session);
        Map<String, String> form = Map.of("MessageSid", "SM" + "a".repeat(32), "MessageStatus", "delivered");
        String signature = sign(url, form);

        assertThat(callbacks.check(session, url, form, signature)).isEqualTo(TwilioStatusCallbacks.Signature.VALID);
        assertThat(callbacks.check(session, url + "x", form, signature))
                .isEqualTo(TwilioStatusCallbacks.Signature.WRONG);
        assertThat(callbacks.check(session, url, Map.of("MessageSid", "SM" + "a".repeat(32),
                "MessageStatus", "undelivered"), signature)).isEqualTo(TwilioStatusCallbacks.Signature.WRONG);
        assertThat(callbacks.check(session, url, form, null)).isEqualTo(TwilioStatusCallbacks.Signature.MISSING);
    }

    private static String sign(String url, Map<String, String> form) {
        try {
            StringBuilder data = new StringBuilder(url);
            new java.util.TreeMap<>(form).forEach((k, v) -> data.append(k).append(v));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(TOKEN.getBytes(), "HmacSHA1"));
            return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TwilioSmsSenderFactory factory(Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("account-sid", "AC" + "0".repeat(32));
        all.put("auth-token", TOKEN);
        all.put("from", "+15005550006");
        TwilioSmsSenderFactory factory = new TwilioSmsSenderFactory();
        factory.init(proxy(Config.Scope.class, (name, args) -> switch (name) {
            case "get" -> all.getOrDefault((String) args[0], args.length > 1 ? (String) args[1] : null);
            case "getBoolean" -> all.containsKey((String) args[0]) ? Boolean.valueOf(all.get((String) args[0]))
                    : args.length > 1 ? args[1] : null;
            case "getLong", "getInt" -> args.length > 1 ? args[1] : null;
            default -> throw new UnsupportedOperationException(name);
        }));
        return factory;
    }

    /** A session of a realm without a vault account and without an HTTP request (as a worker's). */
    private static KeycloakSession sessionOf(String realmName) {
        RealmModel realm = proxy(RealmModel.class, (name, args) -> switch (name) {
            case "getName" -> realmName;
            default -> throw new UnsupportedOperationException(name);
        });
        KeycloakContext context = proxy(KeycloakContext.class, (name, args) -> switch (name) {
            case "getRealm" -> realm;
            case "getUri" -> throw new IllegalStateException("no request");
            default -> throw new UnsupportedOperationException(name);
        });
        org.keycloak.vault.VaultTranscriber vault = proxy(org.keycloak.vault.VaultTranscriber.class,
                (name, args) -> proxy(org.keycloak.vault.VaultStringSecret.class,
                        (m, a) -> m.equals("get") ? java.util.Optional.empty() : null));
        return proxy(KeycloakSession.class, (name, args) -> switch (name) {
            case "getContext" -> context;
            case "vault" -> vault;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private interface Handler {
        Object handle(String method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> handler.handle(method.getName(), args == null ? new Object[0] : args));
    }
}
