package dev.otpguard.kernel;

import dev.otpguard.core.limits.SendQuotas;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Reads one realm's SMS budget for a gauge, at scrape time, in a session of its own: the count lives in the
 * cluster's single-use-object store (a binary search over the hour's slots, about ten reads), never in this node's
 * memory, so the value is the realm's and survives a node's restart.
 */
record SmsBudgetReading(KeycloakSessionFactory sessions, String realmId) {

    private static final Logger LOG = Logger.getLogger(SmsBudgetReading.class);

    double used() {
        return read(quotas -> quotas.smsBudgetUsed(realmId));
    }

    double budget() {
        return read(SendQuotas::smsBudget);
    }

    /** NaN (Prometheus shows it as such) when the realm is gone or the store cannot be read right now. */
    private double read(ToLongFunction<SendQuotas> what) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(sessions, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    return Double.NaN;
                }
                session.getContext().setRealm(realm);
                return (double) what.applyAsLong(RealmQuotas.of(session, realm));
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "OTP Guard could not read the SMS budget of realm id %s for a scrape", realmId);
            return Double.NaN;
        }
    }
}
