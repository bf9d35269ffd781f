package dev.otpguard.core.limits;

import dev.otpguard.core.code.KeyHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The limits on sending codes and on guessing them, across logins, per hour: per user, per destination, per
 * client IP and per realm, a realm-wide SMS budget, and wrong codes per user. Subjects are hashed into the
 * counter keys, so no address or number sits in the cluster's caches.
 */
public final class SendQuotas {


    public static final Duration HOUR = Duration.ofHours(1);

    /** Which limit refused a send. */
    public enum Scope {
        USER, DESTINATION, IP, REALM, SMS_BUDGET;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Refusal(Scope scope, long retryAfterSeconds) {
    }

    /** One send about to happen. {@code ip} may be null when unknown. */
    public record Send(String realmId, String userId, String destination, String ip, boolean sms) {
    }

    private final WindowCounter counter;
    private final QuotaSettings settings;

    /** Told what one send check cost in the store (and so in the database, in stateless mode). */
    @FunctionalInterface
    public interface CheckCost {
        CheckCost IGNORED = (storeCalls, millis) -> { };

        void measured(long storeCalls, double millis);
    }

    private final CheckCost cost;

    public SendQuotas(WindowCounter counter, QuotaSettings settings) {
        this(counter, settings, CheckCost.IGNORED);
    }

    public SendQuotas(WindowCounter counter, QuotaSettings settings, CheckCost cost) {
        this.counter = counter;
        this.settings = settings;
        this.cost = cost;
    }

    /**
     * Counts the send against every limit, or names the first limit it would exceed and counts nothing: a
     * refused send must not use up the other limits.
     */
    public Optional<Refusal> tryCount(Send send) {
        long callsBefore = counter.storeCalls();
        long started = System.nanoTime();
        try {
            return countOrRefuse(send);
        } finally {
            // nothing about the user: only how many store calls and how long
            cost.measured(counter.storeCalls() - callsBefore, (System.nanoTime() - started) / 1_000_000.0);
        }
    }

    private Optional<Refusal> countOrRefuse(Send send) {
        List<Limit> limits = limits(send);
        for (Limit limit : limits) {
            WindowCounter.Outcome outcome = counter.check(limit.key, limit.max, HOUR);
            if (!outcome.allowed()) {
                return Optional.of(new Refusal(limit.scope, outcome.retryAfterSeconds()));
            }
        }
        for (Limit limit : limits) {
            WindowCounter.Outcome outcome = counter.tryCount(limit.key, limit.max, HOUR);
            if (!outcome.allowed()) {
                // another node took the last slot between the check and the count
                return Optional.of(new Refusal(limit.scope, outcome.retryAfterSeconds()));
            }
        }
        return Optional.empty();
    }

    /** SMS codes counted against the realm's SMS budget in this hour, over the whole cluster; costs a few reads. */
    public long smsBudgetUsed(String realmId) {
        return counter.check(key("sms", realmId, ""), settings.smsPerRealmPerHour(), HOUR).count();
    }

    /** The realm's SMS budget per hour, as it applies. */
    public int smsBudget() {
        return settings.smsPerRealmPerHour();
    }

    /** Whether the user's code checks are stopped for now because of too many wrong codes. */
    public Optional<Refusal> guessingStopped(String realmId, String userId) {
        WindowCounter.Outcome outcome = counter.check(failureKey(realmId, userId),
                settings.failedCodesPerUserPerHour(), HOUR);
        return outcome.allowed() ? Optional.empty() : Optional.of(new Refusal(Scope.USER, outcome.retryAfterSeconds()));
    }

    /** Counts a wrong code; returns true when this one used up the user's allowance. */
    public boolean countWrongCode(String realmId, String userId) {
        WindowCounter.Outcome outcome = counter.tryCount(failureKey(realmId, userId),
                settings.failedCodesPerUserPerHour(), HOUR);
        return !outcome.allowed() || outcome.count() >= settings.failedCodesPerUserPerHour();
    }

    private record Limit(Scope scope, String key, int max) {
    }

    private List<Limit> limits(Send send) {
        List<Limit> limits = new ArrayList<>();
        limits.add(new Limit(Scope.USER, key("user", send.realmId(), send.userId()), settings.sendsPerUserPerHour()));
        limits.add(new Limit(Scope.DESTINATION, key("dest", send.realmId(), send.destination()),
                settings.sendsPerDestinationPerHour()));
        if (send.ip() != null && !send.ip().isBlank()) {
            limits.add(new Limit(Scope.IP, key("ip", send.realmId(), send.ip()), settings.sendsPerIpPerHour()));
        }
        limits.add(new Limit(Scope.REALM, key("realm", send.realmId(), ""), settings.sendsPerRealmPerHour()));
        if (send.sms()) {
            limits.add(new Limit(Scope.SMS_BUDGET, key("sms", send.realmId(), ""), settings.smsPerRealmPerHour()));
        }
        return limits;
    }

    private static String failureKey(String realmId, String userId) {
        return key("fail", realmId, userId);
    }

    /**
     * The counter's scope: its kind, the realm id in clear (the single-use-object store is one flat key space
     * shared by every realm and Keycloak feature, so a key names its realm), and a hash of the subject, which
     * keeps addresses, numbers and IP addresses out of the store.
     */
    private static String key(String kind, String realmId, String subject) {
        return kind + ":" + realmId + ":"
                + KeyHash.sha256(realmId + "\n" + (subject == null ? "" : subject.toLowerCase(Locale.ROOT)), 16);
    }
}
