package dev.otpguard.kernel;

import dev.otpguard.core.contact.CallingCode;
import dev.otpguard.core.delivery.DeliveryStatus;
import dev.otpguard.core.delivery.SendFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * OTP Guard's meters, on Micrometer's global registry as Keycloak registers its own event metrics: with
 * {@code --metrics-enabled=true} Keycloak's {@code /metrics} (management port) serves them; without it the registry
 * has no backend and a recording costs a lookup. Every tag value comes from a closed set (our channel ids, the enums
 * here, the realm's name as Keycloak tags it, a calling code from {@link CallingCode}), never from a request, so no
 * input can make the series grow.
 *
 * <p>The names, as Prometheus shows them (Micrometer adds {@code _total} and {@code _seconds}):
 * {@code otp_guard_codes_sent_total}, {@code otp_guard_send_failures_total}, {@code otp_guard_sends_refused_total},
 * {@code otp_guard_code_checks_total}, {@code otp_guard_delivery_seconds} and
 * {@code otp_guard_sms_delivery_status_total}; the gauges {@code otp_guard_sms_budget_used} and
 * {@code otp_guard_sms_budget_per_hour}.
 */
public final class CodeMetrics {

    public static final String CODES_SENT = "otp_guard.codes.sent";
    public static final String SEND_FAILURES = "otp_guard.send.failures";
    public static final String SENDS_REFUSED = "otp_guard.sends.refused";
    public static final String CODE_CHECKS = "otp_guard.code.checks";
    public static final String DELIVERY = "otp_guard.delivery";
    public static final String SMS_DELIVERY_STATUS = "otp_guard.sms.delivery.status";
    public static final String SMS_BUDGET_USED = "otp_guard.sms.budget.used";
    public static final String SMS_BUDGET = "otp_guard.sms.budget.per.hour";

    /** What a code is for. */
    public enum Purpose {
        SIGN_IN, RESET, ENROLMENT, CONTACT_CHANGE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a code check ended. */
    public enum CheckResult {
        ACCEPTED, WRONG, EXPIRED, EXHAUSTED, LOCKED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which limit refused a send: the reasons the send events carry, and nothing else. */
    public enum Limit {
        COOLDOWN, SEND_LIMIT, QUOTA_USER, QUOTA_DESTINATION, QUOTA_IP, QUOTA_REALM, QUOTA_SMS_BUDGET,
        GUESSING_STOPPED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The limit an event reason names; an unknown reason is no limit of ours. */
        public static Limit of(String reason) {
            for (Limit limit : values()) {
                if (limit.wire().equals(reason)) {
                    return limit;
                }
            }
            throw new IllegalArgumentException("not a send limit: " + reason);
        }
    }

    /** The delivery histogram's buckets: a few, from a fast relay to a send that waited out a gateway's timeouts. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    public CodeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters on Micrometer's global registry, which Keycloak's {@code /metrics} serves. */
    public static CodeMetrics global() {
        return new CodeMetrics(Metrics.globalRegistry);
    }

    /** The meters of one realm, channel and purpose: what a code exchange records, also from a worker. */
    public Scope scope(RealmModel realm, String channel, Purpose purpose) {
        return new Scope(this, realm.getName(), channel, purpose);
    }

    /** A meter's place: realm (its name), channel ({@code email}, {@code sms}) and purpose. Immutable. */
    public record Scope(CodeMetrics metrics, String realm, String channel, Purpose purpose) {

        /** A code left (the mail server or gateway took it); SMS are also counted by calling code. */
        public void sent(String destination) {
            String country = "sms".equals(channel) ? CallingCode.of(destination) : "none";
            metrics.counter(CODES_SENT, "Codes handed to the mail server or SMS gateway", "realm", realm,
                    "channel", channel, "purpose", purpose.wire(), "country", country).increment();
        }

        public void failed(SendFailure why) {
            metrics.counter(SEND_FAILURES, "Codes that did not leave", "realm", realm, "channel", channel,
                    "purpose", purpose.wire(), "reason", why.wire()).increment();
        }

        public void refused(Limit limit) {
            metrics.counter(SENDS_REFUSED, "Sends refused by a cooldown or limit", "realm", realm,
                    "channel", channel, "purpose", purpose.wire(), "limit", limit.wire()).increment();
        }

        public void checked(CheckResult result) {
            metrics.counter(CODE_CHECKS, "Codes typed and checked", "realm", realm, "channel", channel,
                    "purpose", purpose.wire(), "result", result.wire()).increment();
        }

        /** How long a send took from the request to the mail server's or gateway's answer. */
        public void took(Duration took, boolean sent) {
            Timer.builder(DELIVERY).description("Time from the request to the mail server's or gateway's answer")
                    .tags("channel", channel, "outcome", sent ? "sent" : "not_sent")
                    .serviceLevelObjectives(BUCKETS).register(metrics.registry).record(took);
        }
    }

    /** What an SMS gateway reported about a message it took. */
    public void smsStatus(RealmModel realm, DeliveryStatus status) {
        counter(SMS_DELIVERY_STATUS, "What the SMS gateway reported about sent codes", "realm", realm.getName(),
                "status", status.wire().replace('-', '_')).increment();
    }

    /**
     * The realm's SMS budget as gauges: the SMS codes counted this hour and the budget per hour. Both are read when
     * Prometheus scrapes, from the cluster-wide counts, so every node reports the realm's whole count (take the
     * maximum over instances). Registered on the realm's first SMS since the start; later calls find them.
     */
    public void watchSmsBudget(KeycloakSessionFactory sessions, RealmModel realm) {
        SmsBudgetReading reading = new SmsBudgetReading(sessions, realm.getId());
        Gauge.builder(SMS_BUDGET_USED, reading, SmsBudgetReading::used)
                .description("SMS codes counted against the realm's SMS budget in this hour, cluster-wide")
                .tags("realm", realm.getName()).strongReference(true).register(registry);
        Gauge.builder(SMS_BUDGET, reading, SmsBudgetReading::budget)
                .description("The realm's SMS budget per hour (realm attribute otpGuard.smsPerRealmPerHour)")
                .tags("realm", realm.getName()).strongReference(true).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
