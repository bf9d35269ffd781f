package dev.otpguard.kernel;

import dev.otpguard.core.limits.QuotaSettings;
import dev.otpguard.core.code.KeyHash;
import dev.otpguard.core.limits.SendQuotas;
import dev.otpguard.core.limits.WindowCounter;

import java.time.Clock;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** {@link SendQuotas} for one realm, counted in Keycloak's cluster-wide single-use-object store. */
public final class RealmQuotas {

    private static final Logger LOG = Logger.getLogger(RealmQuotas.class);

    private RealmQuotas() {
    }

    public static SendQuotas of(KeycloakSession session, RealmModel realm) {
        QuotaSettings.Read read = QuotaSettings.from(realm.getAttributes());
        if (!read.ignored().isEmpty() && firstReportThisHour(session, "bad-realm-attributes", realm,
                String.join("; ", read.ignored()))) {
            LOG.warnf("OTP Guard ignores realm attributes of realm %s and uses the defaults for them: %s",
                    realm.getName(), String.join("; ", read.ignored()));
        }
        WindowCounter.SlotStore slots = new WindowCounter.SlotStore() {
            /**
             * Claims in a transaction of its own, committed at once. With Keycloak's stateless feature the store is
             * a database table: a claim left in the request's transaction would lock its row until the request
             * ends, after the code is delivered, and every other send sharing a counter (the realm's, an IP's)
             * would wait that long on every node. Infinispan's store does not wait for the request either.
             */
            @Override
            public boolean claim(String key, long lifespanSeconds) {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        own -> {
                            // the request's realm, for whatever reads the context of this session
                            own.getContext().setRealm(own.realms().getRealm(realm.getId()));
                            return own.singleUseObjects().putIfAbsent(key, lifespanSeconds);
                        });
            }

            @Override
            public boolean isTaken(String key) {
                return session.singleUseObjects().contains(key);
            }
        };
        return new SendQuotas(new WindowCounter(slots, Clock.systemUTC()), read.settings(), RealmQuotas::logCost);
    }

    private static void logCost(long storeCalls, double millis) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("OTP Guard send limit check: %d store calls in %.1f ms", (Long) storeCalls, (Double) millis);
        }
    }

    /**
     * True once per hour window on the whole cluster for one realm and one finding: a wrong realm attribute is
     * read on every send and every code check, and one WARN line an hour tells the admin as much as thousands.
     */
    private static boolean firstReportThisHour(KeycloakSession session, String finding, RealmModel realm,
                                               String detail) {
        long window = System.currentTimeMillis() / 1000 / SendQuotas.HOUR.toSeconds();
        return session.singleUseObjects().putIfAbsent("otp-guard:" + finding + "-reported:" + realm.getId() + ":"
                + KeyHash.sha256(detail, 8) + ":" + window, SendQuotas.HOUR.toSeconds() + 1);
    }

    /**
     * Logs, once per hour window on the whole cluster, that the realm's SMS budget is spent: admins must hear
     * about it, but a flood must not flood the log too.
     */
    public static void reportSmsBudgetSpent(KeycloakSession session, RealmModel realm, long retryAfterSeconds) {
        long window = System.currentTimeMillis() / 1000 / SendQuotas.HOUR.toSeconds();
        if (session.singleUseObjects().putIfAbsent("otp-guard:sms-budget-reported:" + realm.getId() + ":" + window,
                retryAfterSeconds + 1)) {
            LOG.warnf("OTP Guard: realm %s has spent its SMS budget for this hour (%s); SMS codes stop for %d s, "
                    + "other channels still work", realm.getName(), QuotaSettings.SMS_PER_REALM, retryAfterSeconds);
        }
    }
}
