package dev.otpguard.exchange;

import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.kernel.DraftedEvent;
import dev.otpguard.kernel.EventError;

import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.delivery.DeliveryStatus;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak events for a code step. Uses the closest built-in event types so existing dashboards and event
 * listeners see them, with details that name our action, the channel and the masked destination (never the
 * code, never the full destination). Each refused send and each code check is also counted in the
 * {@link CodeMetrics meters}; sends are counted by the worker that makes them.
 */
public final class CodeEvents {

    public static final String ACTION = "otp_guard_action";
    public static final String CHANNEL = "otp_guard_channel";
    public static final String DESTINATION = "otp_guard_destination";
    /** How a code went when not by the channel's usual way: {@code call} or {@code whatsapp} (Twilio Verify). */
    public static final String VIA = "otp_guard_via";
    /** What became of a sent code ({@link DeliveryStatus#wire()}), on events of action {@code delivery}. */
    public static final String DELIVERY = "otp_guard_delivery";
    /** The gateway's error code for a failed delivery, from a fixed set (e.g. {@code 30007}, else {@code other}). */
    public static final String DELIVERY_ERROR = "otp_guard_delivery_error";

    public static final String ERROR_SEND_FAILED = EventError.SEND_FAILED.wire();
    public static final String ERROR_THROTTLED = EventError.SEND_THROTTLED.wire();
    public static final String ERROR_SEND_LIMIT = EventError.SEND_LIMIT_REACHED.wire();
    /** An hourly limit across logins (user, destination, IP, realm, SMS budget): reason {@code quota_<scope>}. */
    public static final String ERROR_QUOTA = EventError.SEND_QUOTA_REACHED.wire();
    public static final String ERROR_CODE_LOCKED = EventError.CODE_ATTEMPTS_EXHAUSTED.wire();
    public static final String ERROR_MISSING_CONTACT = EventError.MISSING_CONTACT.wire();
    /** The hourly wrong-code limit paused the user's code checks, so no code was sent: reason {@code guessing_stopped}. */
    public static final String ERROR_CODE_CHECKS_PAUSED = EventError.CODE_CHECKS_PAUSED.wire();
    /** Password reset for an unknown or disabled account, or one without the channel's contact: nothing was sent. */
    public static final String ERROR_NO_RECIPIENT = EventError.RESET_NO_RECIPIENT.wire();

    private final EventBuilder login;
    private final UserModel user;
    private final String channel;
    private final String maskedDestination;
    private final EventType sendType;
    private final EventType failureType;
    private final String attemptedUsername;
    private final String via;
    private final CodeMetrics.Scope meters;

    /** @param meters where the sends and checks reported here are counted (realm, channel, purpose) */
    public CodeEvents(EventBuilder login, UserModel user, String channel, String maskedDestination,
                      CodeMetrics.Scope meters) {
        this(login, user, channel, maskedDestination, EventType.SEND_VERIFY_EMAIL, EventType.LOGIN_ERROR, null, null,
                meters);
    }

    private CodeEvents(EventBuilder login, UserModel user, String channel, String maskedDestination,
                       EventType sendType, EventType failureType, String attemptedUsername, String via,
                       CodeMetrics.Scope meters) {
        this.via = via;
        this.login = login;
        this.user = user;
        this.channel = channel;
        this.maskedDestination = maskedDestination;
        this.sendType = sendType;
        this.failureType = failureType;
        this.attemptedUsername = attemptedUsername;
        this.meters = meters;
    }

    /**
     * Events of a password reset, as Keycloak's own reset step reports them ({@code SEND_RESET_PASSWORD},
     * {@code RESET_PASSWORD_ERROR}), with what was typed as the username; {@code user} is null for a phantom.
     */
    public static CodeEvents forReset(EventBuilder reset, UserModel user, String channel, String maskedDestination,
                                      String attemptedUsername, CodeMetrics.Scope meters) {
        return new CodeEvents(reset, user, channel, maskedDestination, EventType.SEND_RESET_PASSWORD,
                EventType.RESET_PASSWORD_ERROR, attemptedUsername, null, meters);
    }

    /** These events for a code sent by {@code via} instead of the channel's usual way. */
    public CodeEvents via(String via) {
        return new CodeEvents(login, user, channel, maskedDestination, sendType, failureType, attemptedUsername, via,
                meters);
    }

    /** Where this exchange's sends are counted; the worker that sends a code counts it there. */
    public CodeMetrics.Scope meters() {
        return meters;
    }

    public void sent(boolean resend) {
        base(sendType, resend ? "resend" : "send").success();
    }

    /**
     * The send event of a code that leaves after this request, drafted now, while the login is known (client, IP,
     * session, our details), for whoever learns how the send went to emit in its own session.
     */
    public DraftedSend draftSend(boolean resend) {
        return new DraftedSend(DraftedEvent.of(base(sendType, resend ? "resend" : "send")));
    }

    /** A send event waiting for its outcome: {@link #sent} or {@link #failed}, emitted once, in any session. */
    public static final class DraftedSend {
        private final DraftedEvent draft;

        private DraftedSend(DraftedEvent draft) {
            this.draft = draft;
        }

        /** The code left: the success event, as a send inside the request would have emitted it. */
        public void sent(KeycloakSession session, RealmModel realm) {
            draft.in(session, realm).success();
        }

        /** The code did not leave ({@code otp_send_failed}). */
        public void failed(KeycloakSession session, RealmModel realm) {
            draft.in(session, realm).error(ERROR_SEND_FAILED);
        }
    }

    /** A reset code that was not sent, because there is nobody to send it to. */
    public void noRecipient(boolean resend) {
        base(sendType, resend ? "resend" : "send").error(ERROR_NO_RECIPIENT);
    }

    /**
     * What the gateway reported about a sent code, for the user whose code it was: a success event while it is on
     * its way or delivered, an error ({@code otp_delivery_failed}) when it did not arrive.
     *
     * @param errorCode a bounded error code, or null
     */
    public static void deliveryReported(EventBuilder event, UserModel user, DeliveryStatus status,
                                        String errorCode) {
        EventBuilder report = event.event(EventType.SEND_VERIFY_EMAIL).user(user).detail(ACTION, "delivery")
                .detail(CHANNEL, "sms").detail(DELIVERY, status.wire());
        if (errorCode != null) {
            report.detail(DELIVERY_ERROR, errorCode);
        }
        if (status.isFailure()) {
            report.error(EventError.DELIVERY_FAILED.wire());
        } else {
            report.success();
        }
    }

    /** A resend refused by the cooldown, the sends per login or an hourly limit. */
    public void throttled(String reason, long retryAfterSeconds) {
        throttled(reason, retryAfterSeconds, true);
    }

    /** A send refused; {@code resend} false when it was the login's first code (an hourly limit can refuse that). */
    public void throttled(String reason, long retryAfterSeconds, boolean resend) {
        meters.refused(CodeMetrics.Limit.of(reason));
        base(sendType, resend ? "resend" : "send").detail(Details.REASON, reason)
                .detail("retry_after_seconds", Long.toString(retryAfterSeconds))
                .error(switch (reason) {
                    case "cooldown" -> ERROR_THROTTLED;
                    case "send_limit" -> ERROR_SEND_LIMIT;
                    default -> ERROR_QUOTA;
                });
    }

    /** A send refused because a code could not pass: the user's code checks are paused for the rest of the hour. */
    public void codeChecksPaused(boolean resend) {
        meters.refused(CodeMetrics.Limit.GUESSING_STOPPED);
        base(sendType, resend ? "resend" : "send").detail(Details.REASON, "guessing_stopped")
                .error(ERROR_CODE_CHECKS_PAUSED);
    }

    public void wrongCode(int attemptsLeft) {
        meters.checked(CodeMetrics.CheckResult.WRONG);
        base(failureType, "verify").detail(Details.REASON, "wrong_code")
                .detail("attempts_left", Integer.toString(attemptsLeft)).error(EventError.WRONG_CODE.wire());
    }

    public void codeLocked() {
        meters.checked(CodeMetrics.CheckResult.EXHAUSTED);
        base(failureType, "verify").detail(Details.REASON, "attempts_exhausted").error(ERROR_CODE_LOCKED);
    }

    public void expired() {
        meters.checked(CodeMetrics.CheckResult.EXPIRED);
        base(failureType, "verify").detail(Details.REASON, "expired").error(EventError.EXPIRED_CODE.wire());
    }

    public void userLocked() {
        meters.checked(CodeMetrics.CheckResult.LOCKED);
        base(failureType, "verify").detail(Details.REASON, "brute_force_lockout")
                .error(EventError.USER_LOCKED.wire());
    }

    public void missingContact(String outcome) {
        base(failureType, "missing_contact").detail(Details.REASON, outcome).error(ERROR_MISSING_CONTACT);
    }

    /** Marks the login event itself: the step passed, which Keycloak reports with the final LOGIN event. */
    public void verified() {
        meters.checked(CodeMetrics.CheckResult.ACCEPTED);
        login.detail(ACTION, "verified").detail(CHANNEL, channel);
    }

    private EventBuilder base(EventType type, String action) {
        EventBuilder event = login.clone().event(type).user(user).detail(ACTION, action).detail(CHANNEL, channel);
        if (attemptedUsername != null) {
            // people type their email address as the username; an address goes to the log only masked (G1)
            event.detail(Details.USERNAME, attemptedUsername.contains("@")
                    ? MaskedDestination.email(attemptedUsername) : attemptedUsername);
        }
        if (maskedDestination != null) {
            event.detail(DESTINATION, maskedDestination);
        }
        if (via != null) {
            event.detail(VIA, via);
        }
        return event;
    }
}
