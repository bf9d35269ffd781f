package dev.otpguard.core.code;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks one-time codes for one purpose (for example "login:email") under one policy.
 * Knows nothing of Keycloak: the caller loads a {@link Challenge}, asks this class what happens, and stores
 * the {@link Challenge} it gets back.
 */
public final class OneTimeCodes {

    private static final int SALT_BYTES = 16;
    private static final String MAC = "HmacSHA256";

    private final CodePolicy policy;
    private final String purpose;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param purpose what the code is for; part of the hash, so a code issued for one purpose never
     *                verifies for another even if the stores were mixed up (checklist A4)
     */
    public OneTimeCodes(CodePolicy policy, String purpose, Clock clock, SecureRandom random) {
        this.policy = policy;
        this.purpose = purpose;
        this.clock = clock;
        this.random = random;
    }

    public CodePolicy policy() {
        return policy;
    }

    /** Whether a (new) code may be sent now, and if not, until when the user must wait. */
    public SendDecision maySend(Challenge current) {
        if (current.sends() >= policy.maxSendsPerLogin()) {
            return SendDecision.limitReached();
        }
        long readyAt = current.lastSentAt() + policy.cooldownAfter(current.sends()).toMillis();
        long now = clock.millis();
        if (current.lastSentAt() > 0 && now < readyAt) {
            return SendDecision.cooldown(Duration.ofMillis(readyAt - now));
        }
        return SendDecision.allowed();
    }

    /**
     * Makes a new code. The returned state replaces the previous one, which kills any earlier code (A7).
     * The caller checks {@link #maySend} first and stores {@link Issued#delivered()} or
     * {@link Issued#undelivered()} depending on whether delivery worked.
     */
    public Issued issue(Challenge current) {
        char[] digits = new char[policy.length()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        String code = new String(digits);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        long now = clock.millis();
        Base64.Encoder b64 = Base64.getEncoder();
        Challenge delivered = new Challenge(b64.encodeToString(salt), b64.encodeToString(mac(salt, code)),
                now + policy.lifetime().toMillis(), policy.maxAttempts(), current.sends() + 1, now);
        // A failed delivery still counts against the send limit, but starts no cooldown: the user may retry at once.
        Challenge undelivered = new Challenge(null, null, 0, 0, current.sends() + 1, current.lastSentAt());
        return new Issued(code, delivered, undelivered);
    }

    /**
     * Checks typed input against the live code. Every check of a well-formed guess takes a try from {@code slots}
     * first, so parallel guesses never share one; a wrong guess uses it up.
     */
    public Verification verify(Challenge current, CodeInput input, AttemptSlots slots) {
        try {
            return verify(current, input, slots, null, false);
        } catch (RemoteCheck.UnavailableException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /**
     * Like {@link #verify(Challenge, CodeInput, AttemptSlots)}, but the code is judged by a service that made it
     * (Twilio Verify); expiry, attempts and single use are still enforced here. The typed length is not compared
     * with the policy, because the service decides the length. When the service cannot judge, the try is given back.
     */
    public Verification verifyRemotely(Challenge current, CodeInput input, AttemptSlots slots, RemoteCheck check)
            throws RemoteCheck.UnavailableException {
        return verify(current, input, slots, check, false);
    }

    /**
     * Checks input exactly like {@link #verify} (or {@link #verifyRemotely} when {@code remoteStyle}) but lets no
     * code pass: for a password reset of an account that does not exist or has no contact, whose code was never
     * sent. Attempts, expiry and messages then behave as for a real account, so the page cannot tell them apart.
     */
    public Verification verifyDecoy(Challenge current, CodeInput input, AttemptSlots slots, boolean remoteStyle) {
        try {
            return verify(current, input, slots, remoteStyle ? digits -> false : null, true);
        } catch (RemoteCheck.UnavailableException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private Verification verify(Challenge current, CodeInput input, AttemptSlots slots, RemoteCheck remote,
                                boolean decoy) throws RemoteCheck.UnavailableException {
        if (!input.isUsable()) {
            return new Verification(Verification.Outcome.MALFORMED, current);
        }
        if (!current.hasCode()) {
            return new Verification(Verification.Outcome.NO_CODE, current);
        }
        if (current.attemptsLeft() <= 0) {
            return new Verification(Verification.Outcome.DEAD, current);
        }
        if (clock.millis() >= current.expiresAt()) {
            return new Verification(Verification.Outcome.EXPIRED, current.withoutCode());
        }
        String digits = input.digits();
        if (remote == null ? digits.length() != policy.length()
                : digits.length() < CodePolicy.MIN_LENGTH || digits.length() > CodePolicy.MAX_LENGTH) {
            return new Verification(Verification.Outcome.WRONG_LENGTH, current);
        }
        int attempt = claimAttempt(current, slots);
        if (attempt == 0) {
            // every try was taken by other checks, maybe at this very moment: the code is dead for this one too
            return new Verification(Verification.Outcome.DEAD, current.withAttemptsLeft(0));
        }
        boolean matches;
        try {
            // a decoy still computes the hash, so both take the same time
            matches = remote == null ? matchesStored(current, digits) : remote.matches(digits);
        } catch (RemoteCheck.UnavailableException e) {
            slots.release(current.salt(), attempt);
            throw e;
        }
        if (matches && !decoy) {
            // single use: the code is gone the moment it is accepted (A3)
            return new Verification(Verification.Outcome.ACCEPTED, current.withoutCode());
        }
        int left = policy.maxAttempts() - attempt;
        return new Verification(left > 0 ? Verification.Outcome.WRONG : Verification.Outcome.LOCKED,
                current.withAttemptsLeft(left));
    }

    /**
     * Takes the lowest free try from the one the stored state says is next, up to the policy's limit; 0 when none is
     * free. The stored state may lag behind (another request's write came later), the slots never do.
     */
    private int claimAttempt(Challenge current, AttemptSlots slots) {
        int max = policy.maxAttempts();
        Duration lifespan = Duration.ofMillis(Math.max(1000, current.expiresAt() - clock.millis()));
        for (int attempt = Math.max(1, max - current.attemptsLeft() + 1); attempt <= max; attempt++) {
            if (slots.claim(current.salt(), attempt, lifespan)) {
                return attempt;
            }
        }
        return 0;
    }

    private boolean matchesStored(Challenge current, String digits) {
        byte[] salt = Base64.getDecoder().decode(current.salt());
        byte[] expected = Base64.getDecoder().decode(current.hash());
        return MessageDigest.isEqual(expected, mac(salt, digits));
    }

    private byte[] mac(byte[] salt, String code) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(salt, MAC));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** A code check done by the service that made the code. */
    @FunctionalInterface
    public interface RemoteCheck {
        boolean matches(String digits) throws UnavailableException;

        /** The service could not judge the code; no attempt is used. */
        final class UnavailableException extends Exception {
            public UnavailableException(String operatorMessage) {
                super(operatorMessage);
            }
        }
    }

    /** A freshly made code and the two states the caller may store, depending on delivery. */
    public record Issued(String code, Challenge delivered, Challenge undelivered) {
        @Override
        public String toString() {
            return "Issued[" + delivered + "]";
        }
    }

    /** What checking a code led to, and the state to store afterwards. */
    public record Verification(Outcome outcome, Challenge next) {
        public enum Outcome {
            /** right code; it is now used up */
            ACCEPTED,
            /** wrong code; {@link Challenge#attemptsLeft()} of {@code next} tells how many tries remain */
            WRONG,
            /** wrong code, and it was the last try: the code is dead */
            LOCKED,
            /** the code was already dead from earlier wrong tries */
            DEAD,
            /** the code's lifetime is over; it is now dropped */
            EXPIRED,
            /** no code was sent in this login (or it was dropped) */
            NO_CODE,
            /** input was not a code at all (empty, letters, too long, non-ASCII digits); no attempt used */
            MALFORMED,
            /** digits, but not as many as a code has; no attempt used */
            WRONG_LENGTH
        }
    }
}
