package dev.otpguard.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WindowCounterTest {

    /** Stands in for Keycloak's single-use store: putIfAbsent semantics, which is all the counter relies on. */
    private static final class Slots implements WindowCounter.SlotStore {
        final Map<String, Long> taken = new ConcurrentHashMap<>();

        @Override
        public boolean claim(String key, long lifespanSeconds) {
            return taken.putIfAbsent(key, lifespanSeconds) == null;
        }

        @Override
        public boolean isTaken(String key) {
            return taken.containsKey(key);
        }
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    @Test
    void countsUpToTheLimitThenRefusesUntilTheWindowEnds() {
        WindowCounter counter = new WindowCounter(new Slots(), at(3600 * 10 + 600));
        for (int i = 1; i <= 3; i++) {
            assertThat(counter.tryCount("user:a", 3, Duration.ofHours(1)).allowed()).isTrue();
        }
        WindowCounter.Outcome refused = counter.tryCount("user:a", 3, Duration.ofHours(1));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(3000);
        assertThat(counter.check("user:a", 3, Duration.ofHours(1)).allowed()).isFalse();
        assertThat(counter.check("user:b", 3, Duration.ofHours(1)).allowed()).as("other subjects").isTrue();
    }

    @Test
    void storeCallsCountEveryLookUpAndClaim() {
        Slots slots = new Slots();
        WindowCounter counter = new WindowCounter(slots, at(3600 * 10 + 600));
        // limit 8, nothing taken: the binary search looks up slots 4, 2, 1, then slot 1 is claimed
        counter.tryCount("user:a", 8, Duration.ofHours(1));
        assertThat(counter.storeCalls()).isEqualTo(4);
        counter.check("user:a", 8, Duration.ofHours(1));
        assertThat(counter.storeCalls()).as("a check only looks up").isEqualTo(7);
    }

    @Test
    void aNewWindowStartsAtZero() {
        Slots slots = new Slots();
        new WindowCounter(slots, at(3600 * 10 + 10)).tryCount("x", 1, Duration.ofHours(1));
        assertThat(new WindowCounter(slots, at(3600 * 10 + 20)).check("x", 1, Duration.ofHours(1)).allowed()).isFalse();
        assertThat(new WindowCounter(slots, at(3600 * 11)).tryCount("x", 1, Duration.ofHours(1)).allowed()).isTrue();
    }

    @Test
    void concurrentCountersNeverAllowMoreThanTheLimit() throws Exception {
        Slots slots = new Slots();
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 400; i++) {
            // one counter per task, like one per request on different nodes sharing the store
            pool.submit(() -> {
                if (new WindowCounter(slots, at(7200)).tryCount("realm", 50, Duration.ofHours(1)).allowed()) {
                    allowed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(allowed.get()).isEqualTo(50);
    }

    @Test
    void quotasRefuseWithoutUsingUpTheOtherLimits() {
        Slots slots = new Slots();
        QuotaSettings settings = new QuotaSettings(5, 1, 100, 100, 100, 3);
        SendQuotas quotas = new SendQuotas(new WindowCounter(slots, at(100)), settings);
        SendQuotas.Send toBob = new SendQuotas.Send("r", "alice", "+4915100000001", "10.0.0.1", true);
        assertThat(quotas.tryCount(toBob)).isEmpty();
        assertThat(quotas.tryCount(toBob)).get().extracting(SendQuotas.Refusal::scope)
                .isEqualTo(SendQuotas.Scope.DESTINATION);
        // the refused send did not count against alice: four more to other numbers still go out
        for (int i = 2; i <= 5; i++) {
            assertThat(quotas.tryCount(new SendQuotas.Send("r", "alice", "+491510000000" + i, "10.0.0.1", true)))
                    .isEmpty();
        }
        assertThat(slots.taken.keySet()).noneMatch(k -> k.contains("+49") || k.contains("alice"));
    }

    @Test
    void wrongCodesStopChecksAtTheLimit() {
        SendQuotas quotas = new SendQuotas(new WindowCounter(new Slots(), at(100)),
                new QuotaSettings(5, 5, 5, 5, 5, 2));
        assertThat(quotas.guessingStopped("r", "u")).isEmpty();
        assertThat(quotas.countWrongCode("r", "u")).isFalse();
        assertThat(quotas.countWrongCode("r", "u")).isTrue();
        assertThat(quotas.guessingStopped("r", "u")).isPresent();
        assertThat(quotas.guessingStopped("r", "other")).isEmpty();
    }

    @Test
    void badRealmAttributesAreIgnoredAndNamed() {
        QuotaSettings.Read read = QuotaSettings.from(Map.of(QuotaSettings.SENDS_PER_USER, "3",
                QuotaSettings.FAILED_CODES_PER_USER, "500", QuotaSettings.SMS_PER_REALM, "lots"));
        assertThat(read.settings().sendsPerUserPerHour()).isEqualTo(3);
        assertThat(read.settings().failedCodesPerUserPerHour()).isEqualTo(QuotaSettings.DEFAULT.failedCodesPerUserPerHour());
        assertThat(read.ignored()).hasSize(2);
    }
}
