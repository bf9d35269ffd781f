package dev.otpguard.passkey;

import java.time.Duration;
import java.time.Instant;
import org.keycloak.models.UserModel;

/**
 * The user's "Not now", in the user attribute {@value #ATTRIBUTE}: the instant (epoch seconds) until which the nudge
 * stays away. Only a value this action could have written counts: not a number, in the past, or further ahead than
 * the longest period an admin can set, and the nudge shows (an import, a script or an admin cannot switch it off for
 * good by accident).
 */
final class NotNow {

    static final String ATTRIBUTE = "otp_guard_passkey_not_now_until";
    private static final int MAX_DIGITS = 12;

    private NotNow() {
    }

    static boolean active(UserModel user, Instant now) {
        String stored = user.getFirstAttribute(ATTRIBUTE);
        if (stored == null || stored.isEmpty() || stored.length() > MAX_DIGITS
                || !stored.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        long until = Long.parseLong(stored);
        long latest = now.plus(Duration.ofDays(PasskeyNudgeConfig.MAX_DAYS)).getEpochSecond();
        return until > now.getEpochSecond() && until <= latest;
    }

    static void remember(UserModel user, Instant now, Duration period) {
        user.setSingleAttribute(ATTRIBUTE, Long.toString(now.plus(period).getEpochSecond()));
    }
}
