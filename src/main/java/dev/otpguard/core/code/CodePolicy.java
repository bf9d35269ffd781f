package dev.otpguard.core.code;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules one code step applies: how codes look, how long they live, how often they may be tried and sent.
 * Bounds follow the security checklist (A1, A2, B1, C1, C2); a policy outside them cannot be built.
 */
public record CodePolicy(int length, Duration lifetime, int maxAttempts, Duration resendCooldown, int maxSendsPerLogin) {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(10);
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    public static final int MAX_ATTEMPTS_LIMIT = 10;
    public static final Duration MIN_COOLDOWN = Duration.ofSeconds(1);
    public static final Duration MAX_COOLDOWN = Duration.ofMinutes(10);
    public static final int MAX_SENDS_LIMIT = 10;
    /** Growth of the resend cooldown stops here, so a user is never told to wait for hours. */
    static final Duration COOLDOWN_CEILING = Duration.ofMinutes(15);

    public static final CodePolicy DEFAULT =
            new CodePolicy(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 5);

    public CodePolicy {
        List<String> problems = problems(length, lifetime, maxAttempts, resendCooldown, maxSendsPerLogin);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Every reason the given values cannot form a policy; empty when they can. */
    public static List<String> problems(int length, Duration lifetime, int maxAttempts, Duration resendCooldown,
                                        int maxSendsPerLogin) {
        List<String> problems = new ArrayList<>();
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            problems.add("code length must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " digits");
        }
        if (lifetime == null || lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            problems.add("code lifetime must be between " + MIN_LIFETIME.toSeconds() + " and "
                    + MAX_LIFETIME.toSeconds() + " seconds");
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            problems.add("attempts per code must be between 1 and " + MAX_ATTEMPTS_LIMIT);
        }
        if (resendCooldown == null || resendCooldown.compareTo(MIN_COOLDOWN) < 0
                || resendCooldown.compareTo(MAX_COOLDOWN) > 0) {
            problems.add("resend cooldown must be between " + MIN_COOLDOWN.toSeconds() + " and "
                    + MAX_COOLDOWN.toSeconds() + " seconds");
        }
        if (maxSendsPerLogin < 1 || maxSendsPerLogin > MAX_SENDS_LIMIT) {
            problems.add("sends per login must be between 1 and " + MAX_SENDS_LIMIT);
        }
        return problems;
    }

    /** The lifetime in whole minutes, rounded up and at least 1, for "valid for N minutes" in texts. */
    public long lifetimeMinutes() {
        return Math.max(1, (lifetime.toSeconds() + 59) / 60);
    }

    /**
     * How long to wait before the next send, after {@code sendsSoFar} codes went out in this login.
     * Doubles with every resend (30 s, 60 s, 120 s, ...) so that a script pressing "resend" gets slower and slower.
     */
    public Duration cooldownAfter(int sendsSoFar) {
        if (sendsSoFar <= 0) {
            return Duration.ZERO;
        }
        Duration wait = resendCooldown;
        for (int i = 1; i < sendsSoFar && wait.compareTo(COOLDOWN_CEILING) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(COOLDOWN_CEILING) > 0 ? COOLDOWN_CEILING : wait;
    }
}
