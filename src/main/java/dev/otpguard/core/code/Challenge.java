package dev.otpguard.core.code;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the code step in one login: the salted hash of the live code (never the code itself),
 * when it dies, how many guesses it has left, and the send history that drives cooldown and send limits.
 * Immutable; every change yields a new value that the caller stores back.
 *
 * @param salt          random salt of the live code, Base64; null when no code is live
 * @param hash          HMAC of purpose and code keyed by the salt, Base64; null when no code is live
 * @param expiresAt     epoch millis after which the live code is refused
 * @param attemptsLeft  wrong entries the live code still tolerates
 * @param sends         send attempts in this login, delivered or not
 * @param lastSentAt    epoch millis of the last delivered code, the start of the cooldown; 0 when none
 */
public record Challenge(String salt, String hash, long expiresAt, int attemptsLeft, int sends, long lastSentAt) {

    public static final Challenge NONE = new Challenge(null, null, 0, 0, 0, 0);

    private static final String SALT = "salt";
    private static final String HASH = "hash";
    private static final String EXPIRES = "exp";
    private static final String ATTEMPTS = "left";
    private static final String SENDS = "sends";
    private static final String LAST_SENT = "sent";

    public boolean hasLiveCode() {
        return hash != null && attemptsLeft > 0;
    }

    public boolean hasCode() {
        return hash != null;
    }

    public Challenge withAttemptsLeft(int left) {
        return new Challenge(salt, hash, expiresAt, left, sends, lastSentAt);
    }

    /** The live code is dropped; the send history stays, so limits still hold. */
    public Challenge withoutCode() {
        return new Challenge(null, null, 0, 0, sends, lastSentAt);
    }

    /**
     * The live code never left (its delivery failed after the page was shown): it is dropped, the send still counts
     * against the send limit, and the cooldown runs from {@code lastDeliveredAt}, the code before it, so the user may
     * ask again at once.
     */
    public Challenge undelivered(long lastDeliveredAt) {
        return new Challenge(null, null, 0, 0, sends, lastDeliveredAt);
    }

    /** Flat string form, one entry per field, for stores that keep strings (authentication-session notes). */
    public Map<String, String> toFields() {
        Map<String, String> fields = new HashMap<>();
        if (hash != null) {
            fields.put(SALT, salt);
            fields.put(HASH, hash);
            fields.put(EXPIRES, Long.toString(expiresAt));
            fields.put(ATTEMPTS, Integer.toString(attemptsLeft));
        }
        fields.put(SENDS, Integer.toString(sends));
        fields.put(LAST_SENT, Long.toString(lastSentAt));
        return fields;
    }

    public static String[] fieldNames() {
        return new String[] {SALT, HASH, EXPIRES, ATTEMPTS, SENDS, LAST_SENT};
    }

    /** Reads what {@link #toFields()} wrote; empty when nothing was stored, or the stored form was tampered with. */
    public static Optional<Challenge> fromFields(Map<String, String> fields) {
        String sends = fields.get(SENDS);
        if (sends == null) {
            return Optional.empty();
        }
        try {
            String hash = fields.get(HASH);
            if (hash == null) {
                return Optional.of(new Challenge(null, null, 0, 0, Integer.parseInt(sends),
                        Long.parseLong(fields.getOrDefault(LAST_SENT, "0"))));
            }
            return Optional.of(new Challenge(fields.get(SALT), hash, Long.parseLong(fields.get(EXPIRES)),
                    Integer.parseInt(fields.get(ATTEMPTS)), Integer.parseInt(sends),
                    Long.parseLong(fields.getOrDefault(LAST_SENT, "0"))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "Challenge[live=" + hasLiveCode() + ", attemptsLeft=" + attemptsLeft + ", sends=" + sends + "]";
    }
}
