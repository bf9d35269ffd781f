package dev.otpguard.exchange;

import dev.otpguard.core.code.Challenge;
import dev.otpguard.core.code.KeyHash;
import dev.otpguard.core.code.OneTimeCodes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps a {@link Challenge} in the notes of one authentication session: Keycloak replicates them across the
 * cluster and drops them with the login, which binds every code to the login (browser tab) it was sent for.
 */
public final class ChallengeStore {

    private static final String SENT_TO = "to";
    private static final String TICKET = "ticket";
    /** When the code before the one on its way was sent: the cooldown falls back to it if this one never leaves. */
    private static final String SENT_BEFORE = "sent-before";
    /**
     * How long a send stays claimed: long enough for every post of one burst (and a slow mail server's timeout),
     * short enough that a login restarted right after a code went out is held up for seconds only.
     */
    static final long SEND_CLAIM_SECONDS = 10;

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
        clearChallenge();
        challenge.toFields().forEach((name, value) -> authSession.setAuthNote(prefix + name, value));
    }

    /**
     * Where the live code really went. A page whose destination changed meanwhile ("use a different address")
     * must not claim a code was sent there: the code is bound to the destination it went to. Kept with the
     * login's other notes (server side, like the pending address itself), never in a page or a log.
     */
    public Optional<String> sentTo() {
        return Optional.ofNullable(authSession.getAuthNote(prefix + SENT_TO));
    }

    public void sentTo(String destination) {
        authSession.setAuthNote(prefix + SENT_TO, destination);
    }

    /**
     * Claims the send that follows {@code current}. Posts of one login that read the same state at once (a double
     * click, a script's burst) each pass the cooldown and the send limit, since each reads the notes before any writes
     * them back; only the one that gets this claim may send, so the others neither send nor count against the limits.
     */
    public boolean claimNextSend(KeycloakSession session, Challenge current, String recipient) {
        // the recipient is part of the state: a reset restarted in the same tab for another account starts from
        // the same empty challenge, and must not find the first account's claim
        String state = authSession.getParentSession().getId() + "\n" + authSession.getTabId() + "\n" + prefix + "\n"
                + recipient + "\n"
                + current.sends() + "\n" + current.lastSentAt() + "\n" + current.salt();
        return session.singleUseObjects().putIfAbsent("otp-guard:send:" + authSession.getRealm().getId() + ":"
                + KeyHash.sha256(state), SEND_CLAIM_SECONDS);
    }

    /** The {@link DeliveryTracker} ticket of the last code sent, while its delivery is followed. */
    public Optional<String> ticket() {
        return Optional.ofNullable(authSession.getAuthNote(prefix + TICKET));
    }

    public void ticket(String ticket) {
        if (ticket == null) {
            authSession.removeAuthNote(prefix + TICKET);
        } else {
            authSession.setAuthNote(prefix + TICKET, ticket);
        }
    }

    /**
     * Keeps a code that is on its way under {@code ticket}: the login holds it as sent (it can be typed as soon as it
     * arrives), and remembers what to fall back to if the send turns out not to have left.
     */
    public void sending(String ticket, OneTimeCodes.Issued issued, String destination) {
        save(issued.delivered());
        ticket(ticket);
        sentTo(destination);
        authSession.setAuthNote(prefix + SENT_BEFORE, Long.toString(issued.undelivered().lastSentAt()));
    }

    /** {@code current} once its send turned out not to have left: no code, and no cooldown started by it. */
    public Challenge notSent(Challenge current) {
        long before;
        try {
            before = Long.parseLong(authSession.getAuthNote(prefix + SENT_BEFORE));
        } catch (RuntimeException missing) {
            // an older version's login, or a tampered note: waive this code's cooldown all the same
            before = 0;
        }
        Challenge unsent = current.undelivered(Math.min(before, current.lastSentAt()));
        save(unsent);
        return unsent;
    }

    public void clear() {
        clearChallenge();
        authSession.removeAuthNote(prefix + SENT_TO);
        authSession.removeAuthNote(prefix + TICKET);
        authSession.removeAuthNote(prefix + SENT_BEFORE);
    }

    private void clearChallenge() {
        for (String name : Challenge.fieldNames()) {
            authSession.removeAuthNote(prefix + name);
        }
    }
}
