package dev.otpguard.core.limits;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm-wide limits, read from realm attributes (set in the admin console's OTP Guard tab, with the admin REST
 * API or a realm import, e.g.
 * {@code "attributes": {"otpGuard.sendsPerUserPerHour": "5"}}). Every limit has a safe default; a value that is
 * not a whole number in range is ignored with a warning, since one bad attribute must not open every limit.
 *
 * @param failedCodesPerUserPerHour wrong codes per user across logins and required actions before code checks
 *                                  stop for the rest of the hour (checklist B3 caps it at 100)
 */
public record QuotaSettings(int sendsPerUserPerHour, int sendsPerDestinationPerHour, int sendsPerIpPerHour,
                            int sendsPerRealmPerHour, int smsPerRealmPerHour, int failedCodesPerUserPerHour) {

    public static final String PREFIX = "otpGuard.";
    public static final String SENDS_PER_USER = PREFIX + "sendsPerUserPerHour";
    public static final String SENDS_PER_DESTINATION = PREFIX + "sendsPerDestinationPerHour";
    public static final String SENDS_PER_IP = PREFIX + "sendsPerIpPerHour";
    public static final String SENDS_PER_REALM = PREFIX + "sendsPerRealmPerHour";
    public static final String SMS_PER_REALM = PREFIX + "smsPerRealmPerHour";
    public static final String FAILED_CODES_PER_USER = PREFIX + "failedCodesPerUserPerHour";

    public static final QuotaSettings DEFAULT = new QuotaSettings(10, 10, 200, 5000, 1000, 30);
    private static final int MAX_FAILED_CODES = 100;
    private static final int MAX_SENDS = 1_000_000;

    private static final Option USER = Option.wholeNumber(SENDS_PER_USER, "Codes per user per hour",
            "Codes sent to one account in an hour, over every login, reset and contact change. Stops one "
                    + "account being used to flood its owner or to run up SMS cost by restarting logins.",
            DEFAULT.sendsPerUserPerHour, 1, MAX_SENDS);
    private static final Option DESTINATION = Option.wholeNumber(SENDS_PER_DESTINATION,
            "Codes per address or number per hour",
            "Codes sent to one email address or phone number in an hour, whichever accounts ask for them.",
            DEFAULT.sendsPerDestinationPerHour, 1, MAX_SENDS);
    private static final Option IP = Option.wholeNumber(SENDS_PER_IP, "Codes per client IP per hour",
            "Codes requested from one client address in an hour. Users behind one shared NAT count together: "
                    + "lower it only if yours are not.",
            DEFAULT.sendsPerIpPerHour, 1, MAX_SENDS);
    private static final Option REALM = Option.wholeNumber(SENDS_PER_REALM, "Codes per realm per hour",
            "All codes of this realm in an hour, email and SMS: a ceiling on runaway cost of any kind.",
            DEFAULT.sendsPerRealmPerHour, 1, MAX_SENDS);
    private static final Option SMS = Option.wholeNumber(SMS_PER_REALM, "SMS budget per hour",
            "SMS codes of this realm in an hour. Above it SMS codes stop until the hour ends (other channels "
                    + "still work) and one WARN line says so: the brake on SMS pumping.",
            DEFAULT.smsPerRealmPerHour, 1, MAX_SENDS);
    private static final Option FAILED_CODES = Option.wholeNumber(FAILED_CODES_PER_USER,
            "Wrong codes per user per hour",
            "Wrong codes one account may enter in an hour, across logins and required actions. Above it code "
                    + "checks stop for the account until the hour ends.",
            DEFAULT.failedCodesPerUserPerHour, 1, MAX_FAILED_CODES);

    /** The limits as options: what the realm settings tab shows and what {@link #from} accepts, declared once. */
    public static final OptionGroup OPTIONS = OptionGroup.of(USER, DESTINATION, IP, REALM, SMS, FAILED_CODES);

    /** The settings, and the attributes that were ignored. */
    public record Read(QuotaSettings settings, List<String> ignored) {
    }

    public static Read from(Map<String, String> realmAttributes) {
        Map<String, String> values = realmAttributes == null ? Map.of() : realmAttributes;
        List<String> ignored = new ArrayList<>();
        return new Read(new QuotaSettings(
                read(values, USER, ignored),
                read(values, DESTINATION, ignored),
                read(values, IP, ignored),
                read(values, REALM, ignored),
                read(values, SMS, ignored),
                read(values, FAILED_CODES, ignored)),
                List.copyOf(ignored));
    }

    private static int read(Map<String, String> values, Option option, List<String> ignored) {
        String value = values.get(option.name());
        Optional<String> problem = option.problem(value);
        if (problem.isPresent()) {
            ignored.add(problem.get());
        }
        return problem.isPresent() || value == null || value.isBlank() ? Integer.parseInt(option.defaultValue())
                : Integer.parseInt(value.trim());
    }
}
