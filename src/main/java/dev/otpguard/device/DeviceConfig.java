package dev.otpguard.device;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Options of "Remember device and alert", read in one place. */
public record DeviceConfig(Duration maxAge, int maxDevices) {

    public static final String MAX_AGE_DAYS = "maxAgeDays";
    public static final String MAX_DEVICES = "maxDevices";

    static DeviceConfig from(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new DeviceConfig(Duration.ofDays(bounded(config.get(MAX_AGE_DAYS), 90, 1, 400)),
                (int) bounded(config.get(MAX_DEVICES), KnownDevices.DEFAULT_CAP, 1, 100));
    }

    KnownDevices rules() {
        return new KnownDevices(maxAge, maxDevices);
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_AGE_DAYS).label("Days a device stays known")
                .helpText("Counted from the last sign-in on that device (sliding), 1 to 400. Default 90.")
                .type(ProviderConfigProperty.LIST_TYPE).options("7", "30", "90", "180", "365").defaultValue("90").add()
                .property().name(MAX_DEVICES).label("Known devices per user")
                .helpText("Above this number the least recently used device is forgotten. Default 20.")
                .type(ProviderConfigProperty.LIST_TYPE).options("1", "2", "5", "10", "20", "50").defaultValue("20").add()
                .build();
    }

    private static long bounded(String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed < min || parsed > max ? fallback : parsed;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
