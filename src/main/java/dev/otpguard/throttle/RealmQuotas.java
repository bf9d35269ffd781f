package dev.otpguard.throttle;

import java.time.Clock;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** {@link SendQuotas} for one realm, counted in Keycloak's cluster-wide single-use-object store. */
public final class RealmQuotas {

    private static final Logger LOG = Logger.getLogger(RealmQuotas.class);

    private RealmQuotas() {
    }

    public static SendQuotas of(KeycloakSession session, RealmModel realm) {
        QuotaSettings.Read read = QuotaSettings.from(realm.getAttributes());
        if (!read.ignored().isEmpty()) {
            LOG.warnf("OTP Guard ignores realm attributes of realm %s and uses the defaults for them: %s",
                    realm.getName(), String.join("; ", read.ignored()));
        }
        WindowCounter.SlotStore slots = new WindowCounter.SlotStore() {
            @Override
            public boolean claim(String key, long lifespanSeconds) {
                return session.singleUseObjects().putIfAbsent(key, lifespanSeconds);
            }

            @Override
            public boolean isTaken(String key) {
                return session.singleUseObjects().contains(key);
            }
        };
        return new SendQuotas(new WindowCounter(slots, Clock.systemUTC()), read.settings());
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
