package dev.otpguard.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceConfigTest {

    @Test
    void unsetOptionsGiveTheDocumentedDefaults() {
        DeviceConfig.Parsed parsed = DeviceConfig.from(Map.of());

        assertThat(parsed.isValid()).isTrue();
        DeviceConfig config = parsed.config();
        assertThat(config.maxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(config.maxDevices()).isEqualTo(20);
        assertThat(config.alert()).isTrue();
        assertThat(config.alertFirstLogin()).isFalse();
        assertThat(config.notMeLinkLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(config.notMeNewSecondFactor()).isFalse();
    }

    @Test
    void valuesInRangeAreTaken() {
        DeviceConfig config = DeviceConfig.from(Map.of(DeviceConfig.MAX_AGE_DAYS, "400", DeviceConfig.MAX_DEVICES, "1",
                DeviceConfig.ALERT, "false", DeviceConfig.NOT_ME_LINK_DAYS, " 30 ")).config();

        assertThat(config.maxAge()).isEqualTo(Duration.ofDays(400));
        assertThat(config.maxDevices()).isEqualTo(1);
        assertThat(config.alert()).isFalse();
        assertThat(config.notMeLinkLifetime()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void outOfRangeOrGarbageIsRefusedNotSilentlyReplaced() {
        DeviceConfig.Parsed parsed = DeviceConfig.from(Map.of(DeviceConfig.MAX_AGE_DAYS, "0",
                DeviceConfig.MAX_DEVICES, "101", DeviceConfig.NOT_ME_LINK_DAYS, "a week",
                DeviceConfig.ALERT, "yes"));

        assertThat(parsed.isValid()).isFalse();
        assertThat(parsed.config()).isNull();
        assertThat(parsed.problems()).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith(DeviceConfig.MAX_AGE_DAYS).contains("1 to 400"))
                .anySatisfy(p -> assertThat(p).startsWith(DeviceConfig.MAX_DEVICES))
                .anySatisfy(p -> assertThat(p).startsWith(DeviceConfig.NOT_ME_LINK_DAYS))
                .anySatisfy(p -> assertThat(p).startsWith(DeviceConfig.ALERT));
    }
}
