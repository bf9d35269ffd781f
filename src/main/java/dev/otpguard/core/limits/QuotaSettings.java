package dev.otpguard.core.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The realm-wide limits, read from realm attributes (set with the admin REST API or a realm import, e.g.
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

    /** The settings, and the attributes that were ignored. */
    public record Read(QuotaSettings settings, List<String> ignored) {
    }

    public static Read from(Map<String, String> realmAttributes) {
        Map<String, String> values = realmAttributes == null ? Map.of() : realmAttributes;
        List<String> ignored = new ArrayList<>();
        QuotaSettings d = DEFAULT;
        return new Read(new QuotaSettings(
                read(values, SENDS_PER_USER, d.sendsPerUserPerHour, MAX_SENDS, ignored),
                read(values, SENDS_PER_DESTINATION, d.sendsPerDestinationPerHour, MAX_SENDS, ignored),
                read(values, SENDS_PER_IP, d.sendsPerIpPerHour, MAX_SENDS, ignored),
                read(values, SENDS_PER_REALM, d.sendsPerRealmPerHour, MAX_SENDS, ignored),
                read(values, SMS_PER_REALM, d.smsPerRealmPerHour, MAX_SENDS, ignored),
                read(values, FAILED_CODES_PER_USER, d.failedCodesPerUserPerHour, MAX_FAILED_CODES, ignored)),
                List.copyOf(ignored));
    }

    private static int read(Map<String, String> values, String key, int fallback, int max, List<String> ignored) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // ignored below
        }
        ignored.add(key + " must be a whole number from 1 to " + max);
        return fallback;
    }
}
