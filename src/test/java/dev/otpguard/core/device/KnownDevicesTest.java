package dev.otpguard.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownDevicesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private final KnownDevices rules = new KnownDevices(Duration.ofDays(90), 2);

    private static KnownDevice device(String hash, long lastSeen) {
        return new KnownDevice("c-" + hash, hash, "Browser", 0, lastSeen, "127.0.0.1");
    }

    @Test
    void aDeviceStaysKnownWhileItKeepsBeingUsed() {
        List<KnownDevice> devices = List.of(device("a", 100 * DAY));
        assertThat(rules.find(devices, "a", 189 * DAY)).isPresent();
        assertThat(rules.find(devices, "a", 191 * DAY)).as("unused for more than 90 days").isEmpty();
        assertThat(rules.find(devices, "b", 100 * DAY)).isEmpty();
    }

    @Test
    void addingAboveTheCapForgetsTheLeastRecentlyUsedAndTheStale() {
        List<KnownDevice> devices = List.of(device("old", 10 * DAY), device("recent", 50 * DAY),
                device("older", 5 * DAY));
        assertThat(rules.toForgetBeforeAdding(devices, 60 * DAY)).extracting(KnownDevice::idHash)
                .containsExactly("older", "old");
        assertThat(rules.toForgetBeforeAdding(List.of(device("stale", 0), device("fresh", 200 * DAY)), 200 * DAY))
                .extracting(KnownDevice::idHash).containsExactly("stale");
    }

    @Test
    void idsAreRandomAndOnlyTheirHashIsKept() {
        SecureRandom random = new SecureRandom();
        String id = DeviceId.newId(random);
        assertThat(id).hasSize(43).isNotEqualTo(DeviceId.newId(random));
        assertThat(DeviceId.hash(id)).isEqualTo(DeviceId.hash(id)).isNotEqualTo(id).doesNotContain(id);
    }
}
