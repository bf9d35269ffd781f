package dev.otpguard.flow;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * Keycloak events for a code step. Uses the closest built-in event types so existing dashboards and event
 * listeners see them, with details that name our action, the channel and the masked destination (never the
 * code, never the full destination).
 */
public final class CodeEvents {

    public static final String ACTION = "otp_guard_action";
    public static final String CHANNEL = "otp_guard_channel";
    public static final String DESTINATION = "otp_guard_destination";

    public static final String ERROR_SEND_FAILED = "otp_send_failed";
    public static final String ERROR_THROTTLED = "otp_send_throttled";
    public static final String ERROR_SEND_LIMIT = "otp_send_limit_reached";
    /** An hourly limit across logins (user, destination, IP, realm, SMS budget): reason {@code quota_<scope>}. */
    public static final String ERROR_QUOTA = "otp_send_quota_reached";
    public static final String ERROR_CODE_LOCKED = "otp_code_attempts_exhausted";
    public static final String ERROR_MISSING_CONTACT = "otp_missing_contact";

    private final EventBuilder login;
    private final UserModel user;
    private final String channel;
    private final String maskedDestination;

    public CodeEvents(EventBuilder login, UserModel user, String channel, String maskedDestination) {
        this.login = login;
        this.user = user;
        this.channel = channel;
        this.maskedDestination = maskedDestination;
    }

    public void sent(boolean resend) {
        base(EventType.SEND_VERIFY_EMAIL, resend ? "resend" : "send").success();
    }

    public void sendFailed(boolean resend) {
        base(EventType.SEND_VERIFY_EMAIL, resend ? "resend" : "send").error(ERROR_SEND_FAILED);
    }

    public void throttled(String reason, long retryAfterSeconds) {
        base(EventType.SEND_VERIFY_EMAIL, "resend").detail(Details.REASON, reason)
                .detail("retry_after_seconds", Long.toString(retryAfterSeconds))
                .error(switch (reason) {
                    case "cooldown" -> ERROR_THROTTLED;
                    case "send_limit" -> ERROR_SEND_LIMIT;
                    default -> ERROR_QUOTA;
                });
    }

    public void wrongCode(int attemptsLeft) {
        base(EventType.LOGIN_ERROR, "verify").detail(Details.REASON, "wrong_code")
                .detail("attempts_left", Integer.toString(attemptsLeft)).error(Errors.INVALID_USER_CREDENTIALS);
    }

    public void codeLocked() {
        base(EventType.LOGIN_ERROR, "verify").detail(Details.REASON, "attempts_exhausted").error(ERROR_CODE_LOCKED);
    }

    public void expired() {
        base(EventType.LOGIN_ERROR, "verify").detail(Details.REASON, "expired").error(Errors.EXPIRED_CODE);
    }

    public void userLocked() {
        base(EventType.LOGIN_ERROR, "verify").detail(Details.REASON, "brute_force_lockout")
                .error(Errors.USER_TEMPORARILY_DISABLED);
    }

    public void missingContact(String outcome) {
        base(EventType.LOGIN_ERROR, "missing_contact").detail(Details.REASON, outcome).error(ERROR_MISSING_CONTACT);
    }

    /** Marks the login event itself: the step passed, which Keycloak reports with the final LOGIN event. */
    public void verified() {
        login.detail(ACTION, "verified").detail(CHANNEL, channel);
    }

    private EventBuilder base(EventType type, String action) {
        EventBuilder event = login.clone().event(type).user(user).detail(ACTION, action).detail(CHANNEL, channel);
        if (maskedDestination != null) {
            event.detail(DESTINATION, maskedDestination);
        }
        return event;
    }
}
