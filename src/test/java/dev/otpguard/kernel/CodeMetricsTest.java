package dev.otpguard.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpguard.core.delivery.SendFailure;
import dev.otpguard.core.limits.SendQuotas;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CodeMetrics.Scope smsSignIn =
            new CodeMetrics.Scope(new CodeMetrics(registry), "acme", "sms", CodeMetrics.Purpose.SIGN_IN);

    @Test
    void aSentSmsIsCountedByRealmChannelPurposeAndCallingCode() {
        smsSignIn.sent("+4915123456789");
        smsSignIn.sent("+4915123456780");
        smsSignIn.sent("+12025550123");

        assertThat(registry.get(CodeMetrics.CODES_SENT).tags("realm", "acme", "channel", "sms", "purpose", "sign_in",
                "country", "49").counter().count()).isEqualTo(2.0);
        assertThat(registry.get(CodeMetrics.CODES_SENT).tag("country", "1").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aSentMailHasNoCountry() {
        new CodeMetrics.Scope(new CodeMetrics(registry), "acme", "email", CodeMetrics.Purpose.RESET)
                .sent("someone@example.test");
        assertThat(registry.get(CodeMetrics.CODES_SENT).tags("channel", "email", "purpose", "reset", "country", "none")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void failuresRefusalsChecksAndTimesHaveTheirOwnTags() {
        smsSignIn.failed(SendFailure.GATEWAY_UNAVAILABLE);
        smsSignIn.refused(CodeMetrics.Limit.QUOTA_SMS_BUDGET);
        smsSignIn.checked(CodeMetrics.CheckResult.WRONG);
        smsSignIn.took(Duration.ofMillis(250), true);

        assertThat(registry.get(CodeMetrics.SEND_FAILURES).tag("reason", "gateway_unavailable").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(CodeMetrics.SENDS_REFUSED).tag("limit", "quota_sms_budget").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(CodeMetrics.CODE_CHECKS).tag("result", "wrong").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(CodeMetrics.DELIVERY).tags("channel", "sms", "outcome", "sent").timer().count())
                .isEqualTo(1);
    }

    /** Every reason a send event can carry is a limit the meter knows, and nothing else passes. */
    @Test
    void theLimitsAreExactlyTheReasonsOfRefusedSends() {
        for (SendQuotas.Scope scope : SendQuotas.Scope.values()) {
            assertThat(CodeMetrics.Limit.of("quota_" + scope.id()).wire()).isEqualTo("quota_" + scope.id());
        }
        for (String reason : List.of("cooldown", "send_limit", "guessing_stopped")) {
            assertThat(CodeMetrics.Limit.of(reason).wire()).isEqualTo(reason);
        }
        assertThat(CodeMetrics.Limit.values()).hasSize(SendQuotas.Scope.values().length + 3);
        assertThatThrownBy(() -> CodeMetrics.Limit.of("quota_${jndi}")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The same tag keys for every series of a name: Prometheus refuses a name whose series differ in keys. */
    @Test
    void everySeriesOfANameHasTheSameTagKeys() {
        smsSignIn.sent("+4915123456789");
        new CodeMetrics.Scope(new CodeMetrics(registry), "other", "email", CodeMetrics.Purpose.CONTACT_CHANGE)
                .sent("a@b.test");
        for (SendFailure failure : SendFailure.values()) {
            smsSignIn.failed(failure);
        }
        registry.getMeters().stream().collect(java.util.stream.Collectors.groupingBy(m -> m.getId().getName()))
                .forEach((name, meters) -> assertThat(meters.stream().map(CodeMetricsTest::tagKeys).distinct())
                        .as(name).hasSize(1));
    }

    private static List<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(io.micrometer.core.instrument.Tag::getKey).sorted().toList();
    }
}
