package dev.otpguard.sms;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderFactory;

public interface SmsSenderFactory extends ProviderFactory<SmsSender> {

    /**
     * Where this sender's gateway should report the delivery status of messages sent for the session's realm, or
     * null when the sender takes no status reports (the default). Asked on a request thread, when a code step is
     * built, because a message may leave later from a worker that has no request to read the server's public
     * address from.
     */
    default String statusCallbackUrl(KeycloakSession session) {
        return null;
    }
}
