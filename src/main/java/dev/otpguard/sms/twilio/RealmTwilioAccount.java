package dev.otpguard.sms.twilio;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * A realm's own Twilio account, read from Keycloak's vault under fixed keys, so a realm can pay for its own SMS
 * without any secret typed into the admin console: {@code ${vault.twilio_account_sid}} and
 * {@code ${vault.twilio_auth_token}} (or {@code ${vault.twilio_api_key}} with {@code ${vault.twilio_api_secret}}),
 * optionally {@code ${vault.twilio_from}}, {@code ${vault.twilio_messaging_service_sid}} and
 * {@code ${vault.twilio_verify_service_sid}}. Absent keys fall back to the server's options.
 */
final class RealmTwilioAccount {

    private RealmTwilioAccount() {
    }

    /** The server's settings with the realm's vault entries laid over them; empty when the realm has no account. */
    static Optional<TwilioSettings> resolve(KeycloakSession session, TwilioSettings server) {
        if (session.getContext().getRealm() == null) {
            return Optional.empty();
        }
        Optional<String> accountSid = secret(session, "twilio_account_sid");
        if (accountSid.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> apiKey = secret(session, "twilio_api_key");
        String username = apiKey.orElse(accountSid.get());
        String authToken = secret(session, "twilio_auth_token").orElse(null);
        String password = apiKey.isPresent() ? secret(session, "twilio_api_secret").orElse(null) : authToken;
        Optional<String> messagingService = secret(session, "twilio_messaging_service_sid");
        Optional<String> from = secret(session, "twilio_from");
        return Optional.of(new TwilioSettings(accountSid.get(), username, password,
                from.orElse(messagingService.isPresent() ? null : server.from()),
                messagingService.orElse(from.isPresent() ? null : server.messagingServiceSid()),
                secret(session, "twilio_verify_service_sid").orElse(server.verifyServiceSid()),
                server.apiBaseUrl(), server.connectTimeout(), server.readTimeout(), authToken));
    }

    private static Optional<String> secret(KeycloakSession session, String key) {
        try (VaultStringSecret secret = session.vault().getStringSecret("${vault." + key + "}")) {
            return secret.get().filter(value -> !value.isBlank()).map(String::trim);
        }
    }
}
