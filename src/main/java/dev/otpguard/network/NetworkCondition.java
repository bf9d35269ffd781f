package dev.otpguard.network;

import dev.otpguard.core.network.IpAddress;
import dev.otpguard.kernel.Misconfiguration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "Condition - network": true when the client address is in one of the configured networks (or in none, negated).
 * The address is Keycloak's {@code ClientConnection}: the socket's peer, or what a proxy forwarded only when
 * Keycloak runs with {@code --proxy-headers}, so a forged {@code X-Forwarded-For} changes nothing on a server that
 * trusts no proxy. An address that cannot be read is in no network.
 */
public final class NetworkCondition implements ConditionalAuthenticator {

    private static final Logger LOG = Logger.getLogger(NetworkCondition.class);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        NetworkConditionConfig.Parsed config = NetworkConditionConfig.from(context.getAuthenticatorConfig());
        if (!config.problems().isEmpty()) {
            throw Misconfiguration.inCondition(context, "network", config.problems());
        }
        Optional<IpAddress> client = IpAddress.parse(context.getConnection().getRemoteAddr());
        boolean inside = client.map(config.networks()::contains).orElse(false);
        if (client.isEmpty()) {
            LOG.debugf("OTP Guard network condition: the client address is not an IP address; taken as outside");
        }
        return inside != config.negate();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
