package dev.otpguard.kernel;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.events.Errors;

/**
 * Every {@code error} value OTP Guard puts on a Keycloak event. Keycloak's user-event metrics make the error a
 * metric tag, so a value built from request input could grow the tag space without bound (the lesson of
 * CVE-2026-16100); an error is therefore always one of these, never text from a request. The wire values are
 * public interface (admins' event filters and alerts use them) and never change.
 */
public enum EventError {
    SEND_FAILED("otp_send_failed"),
    SEND_THROTTLED("otp_send_throttled"),
    SEND_LIMIT_REACHED("otp_send_limit_reached"),
    SEND_QUOTA_REACHED("otp_send_quota_reached"),
    CODE_ATTEMPTS_EXHAUSTED("otp_code_attempts_exhausted"),
    MISSING_CONTACT("otp_missing_contact"),
    CODE_CHECKS_PAUSED("otp_code_checks_paused"),
    RESET_NO_RECIPIENT("otp_reset_no_recipient"),
    CONTACT_UNAVAILABLE("otp_contact_unavailable"),
    /** The gateway reported that a sent code did not reach the phone (unreachable, blocked, expired, failed). */
    DELIVERY_FAILED("otp_delivery_failed"),
    /** Keycloak's own values, where OTP Guard reports what Keycloak's steps report. */
    WRONG_CODE(Errors.INVALID_USER_CREDENTIALS),
    EXPIRED_CODE(Errors.EXPIRED_CODE),
    USER_LOCKED(Errors.USER_TEMPORARILY_DISABLED),
    LINK_NOT_ALLOWED(Errors.NOT_ALLOWED),
    LINK_INVALID(Errors.INVALID_TOKEN);

    private final String wire;

    EventError(String wire) {
        this.wire = wire;
    }

    /** The value on the event. */
    public String wire() {
        return wire;
    }

    /** Every value OTP Guard can emit. */
    public static Set<String> wireValues() {
        return Arrays.stream(values()).map(EventError::wire).collect(Collectors.toUnmodifiableSet());
    }
}
