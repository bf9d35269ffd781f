package dev.otpguard.device;

import dev.otpguard.core.device.KnownDevices;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import dev.otpguard.kernel.AdminConsoleOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

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

    private static final Option MAX_AGE = Option.number(MAX_AGE_DAYS, "Days a device stays known",
            "Counted from the last sign-in on that device (sliding), 1 to 400. Default 90.",
            KnownDevices.DEFAULT_MAX_AGE.toDays(), List.of("7", "30", "90", "180", "365"), 1, 400);
    private static final Option CAP = Option.number(MAX_DEVICES, "Known devices per user",
            "Above this number the least recently used device is forgotten. Default 20.", KnownDevices.DEFAULT_CAP,
            List.of("1", "2", "5", "10", "20", "50"), 1, 100);
    private static final Option ALERT_OPTION = Option.flag(ALERT, "Email an alert",
            "Tell the user by email about a sign-in from a new device, with a 'this wasn't me' link.", true);
    private static final Option ALERT_FIRST = Option.flag(ALERT_FIRST_LOGIN, "Alert on a user's first device",
            "Also send the alert when the user had no known device yet (their first sign-in).", false);
    private static final Option NOT_ME_LINK = Option.number(NOT_ME_LINK_DAYS, "'This wasn't me' link valid (days)",
            "How long the link in the alert works. It works once.", 7, List.of("1", "3", "7", "14", "30"), 1, 30);
    private static final Option NOT_ME_RESET = Option.flag(NOT_ME_NEW_SECOND_FACTOR,
            "'This wasn't me' also resets the second factor",
            "Besides a new password, remove the user's authenticator-app (OTP) credentials and mark their "
                    + "phone number unverified, so both must be set up again at the next sign-in.", false);

    /** The options of "Remember device and alert", declared once. */
    static final OptionGroup OPTIONS = OptionGroup.of(MAX_AGE, CAP, ALERT_OPTION, ALERT_FIRST, NOT_ME_LINK,
            NOT_ME_RESET);

    static Parsed from(Map<String, String> values) {
        OptionValues read = new OptionValues(values).check(OPTIONS);
        long maxAge = read.number(MAX_AGE);
        long maxDevices = read.number(CAP);
        long linkDays = read.number(NOT_ME_LINK);
        boolean alert = read.flag(ALERT_OPTION);
        boolean alertFirst = read.flag(ALERT_FIRST);
        boolean newSecondFactor = read.flag(NOT_ME_RESET);
        if (!read.problems().isEmpty()) {
            return new Parsed(null, read.problems());
        }
        return new Parsed(new DeviceConfig(Duration.ofDays(maxAge), (int) maxDevices, alert, alertFirst,
                Duration.ofDays(linkDays), newSecondFactor), List.of());
    }

    KnownDevices rules() {
        return new KnownDevices(maxAge, maxDevices);
    }

    static List<ProviderConfigProperty> properties() {
        return AdminConsoleOptions.of(OPTIONS);
    }
}
