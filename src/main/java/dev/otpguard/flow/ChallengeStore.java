package dev.otpguard.flow;

import dev.otpguard.code.Challenge;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps a {@link Challenge} in the notes of one authentication session: Keycloak replicates them across the
 * cluster and drops them with the login, which binds every code to the login (browser tab) it was sent for.
 */
public final class ChallengeStore {

    private final AuthenticationSessionModel authSession;
    private final String prefix;

    public ChallengeStore(AuthenticationSessionModel authSession, String purpose) {
        this.authSession = authSession;
        this.prefix = "otp-guard." + purpose + ".";
    }

    public Challenge load() {
        Map<String, String> fields = new HashMap<>();
        for (String name : Challenge.fieldNames()) {
            String value = authSession.getAuthNote(prefix + name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        return Challenge.fromFields(fields).orElse(Challenge.NONE);
    }

    public void save(Challenge challenge) {
        clear();
        challenge.toFields().forEach((name, value) -> authSession.setAuthNote(prefix + name, value));
    }

    public void clear() {
        for (String name : Challenge.fieldNames()) {
            authSession.removeAuthNote(prefix + name);
        }
    }
}
