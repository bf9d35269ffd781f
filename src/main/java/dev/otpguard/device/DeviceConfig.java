package dev.otpguard.device;

import dev.otpguard.core.device.KnownDevices;

import dev.otpguard.core.options.OptionReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Options of "Remember device and alert", read in one place. */
public record DeviceConfig(Duration maxAge, int maxDevices, boolean alert, boolean alertFirstLogin,
                           Duration notMeLinkLifetime, boolean notMeNewSecondFactor) {

    public static final String MAX_AGE_DAYS = "maxAgeDays";
    public static final String MAX_DEVICES = "maxDevices";
    public static final String ALERT = "alert";
    public static final String ALERT_FIRST_LOGIN = "alertFirstLogin";
    public static final String NOT_ME_LINK_DAYS = "notMeLinkDays";
    public static final String NOT_ME_NEW_SECOND_FACTOR = "notMeNewSecondFactor";

    /** The options of one execution, or what makes them unusable (values set through REST or a realm import). */
    public record Parsed(DeviceConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    static Parsed from(AuthenticatorConfigModel model) {
        return from(model == null ? null : model.getConfig());
    }

    static Parsed from(Map<String, String> values) {
        OptionReader options = new OptionReader(values);
        long maxAge = options.number(MAX_AGE_DAYS, KnownDevices.DEFAULT_MAX_AGE.toDays(), 1, 400);
        long maxDevices = options.number(MAX_DEVICES, KnownDevices.DEFAULT_CAP, 1, 100);
        long linkDays = options.number(NOT_ME_LINK_DAYS, 7, 1, 30);
        boolean alert = options.flag(ALERT, true);
        boolean alertFirst = options.flag(ALERT_FIRST_LOGIN, false);
        boolean newSecondFactor = options.flag(NOT_ME_NEW_SECOND_FACTOR, false);
        if (!options.problems().isEmpty()) {
            return new Parsed(null, options.problems());
        }
        return new Parsed(new DeviceConfig(Duration.ofDays(maxAge), (int) maxDevices, alert, alertFirst,
                Duration.ofDays(linkDays), newSecondFactor), List.of());
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
                .property().name(ALERT).label("Email an alert")
                .helpText("Tell the user by email about a sign-in from a new device, with a 'this wasn't me' link.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(ALERT_FIRST_LOGIN).label("Alert on a user's first device")
                .helpText("Also send the alert when the user had no known device yet (their first sign-in).")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(NOT_ME_LINK_DAYS).label("'This wasn't me' link valid (days)")
                .helpText("How long the link in the alert works. It works once.")
                .type(ProviderConfigProperty.LIST_TYPE).options("1", "3", "7", "14", "30").defaultValue("7").add()
                .property().name(NOT_ME_NEW_SECOND_FACTOR).label("'This wasn't me' also resets the second factor")
                .helpText("Besides a new password, remove the user's authenticator-app (OTP) credentials and mark their "
                        + "phone number unverified, so both must be set up again at the next sign-in.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .build();
    }
}
