package dev.otpguard.exchange;

import dev.otpguard.core.code.AttemptSlots;
import dev.otpguard.core.code.KeyHash;
import java.time.Duration;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The tries of codes in one realm, claimed in Keycloak's single-use-object store: its "put if absent" is atomic on
 * the whole cluster, so parallel guesses at one code each take a try of their own. The key holds a hash of the
 * code's random salt, never the salt or anything typed.
 */
final class SharedAttemptSlots implements AttemptSlots {

    private final KeycloakSession session;
    private final String realmId;

    SharedAttemptSlots(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realmId = realm.getId();
    }

    @Override
    public boolean claim(String codeId, int attempt, Duration lifespan) {
        return session.singleUseObjects().putIfAbsent(key(codeId, attempt), Math.max(1, lifespan.toSeconds() + 1));
    }

    @Override
    public void release(String codeId, int attempt) {
        session.singleUseObjects().remove(key(codeId, attempt));
    }

    private String key(String codeId, int attempt) {
        return "otp-guard:attempt:" + realmId + ":" + KeyHash.sha256(codeId) + ":" + attempt;
    }
}
