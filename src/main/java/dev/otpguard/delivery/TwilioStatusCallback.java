package dev.otpguard.delivery;

import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.core.delivery.CallbackForm;
import dev.otpguard.core.delivery.DeliveryStatus;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.exchange.DeliveryTracker;
import dev.otpguard.sms.twilio.TwilioMessageStatus;
import dev.otpguard.sms.twilio.TwilioStatusCallbacks;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * One Twilio delivery status callback, checked before anything is believed: the body is bounded, the signature
 * must be the realm's Twilio account's for the public URL Twilio was given, the message must be one we sent and
 * are following, and each (message, status) pair is taken once. Every refusal is one WARN line with the reason and
 * the realm; the posted fields (which carry the number) are never logged.
 */
final class TwilioStatusCallback {

    private static final Logger LOG = Logger.getLogger(TwilioStatusCallback.class);

    private static final Pattern MESSAGE_SID = Pattern.compile("[A-Z]{2}[0-9a-fA-F]{32}");
    private static final Pattern STATUS = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern ERROR_CODE = Pattern.compile("[0-9]{1,6}");
    private static final String SEEN_PREFIX = "otp-guard:twilio-status-seen:";
    /** As long as the message link can live: the longest code lifetime and the tracker's grace. */
    private static final Duration SEEN_LIFESPAN = Duration.ofMinutes(10).plus(DeliveryTracker.GRACE);

    private final KeycloakSession session;
    private final RealmModel realm;

    TwilioStatusCallback(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** @param decodedForm the form as the server decoded it (Quarkus bounds each field and the body before us) */
    Response receive(String signature, long declaredLength, Map<String, List<String>> decodedForm) {
        Map<String, String> form;
        try {
            form = CallbackForm.of(declaredLength, decodedForm);
        } catch (CallbackForm.TooLargeException e) {
            return refuse(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body over " + CallbackForm.MAX_BYTES + " bytes");
        } catch (CallbackForm.MalformedException e) {
            return refuse(Response.Status.BAD_REQUEST, "not a callback form (" + e.getMessage() + ")");
        }

        Optional<TwilioStatusCallbacks> callbacks = TwilioStatusCallbacks.of(session);
        if (callbacks.isEmpty() || !callbacks.get().enabled()) {
            return refuse(Response.Status.FORBIDDEN, "status callbacks of the twilio sender are switched off");
        }
        String url = callbacks.get().url(session);
        switch (callbacks.get().check(session, url, form, signature)) {
            case VALID -> {
            }
            case MISSING -> {
                return refuse(Response.Status.FORBIDDEN, "no X-Twilio-Signature");
            }
            case NO_AUTH_TOKEN -> {
                return refuse(Response.Status.FORBIDDEN, "the realm's Twilio account has no auth token to check "
                        + "signatures with");
            }
            default -> {
                return refuse(Response.Status.FORBIDDEN, "X-Twilio-Signature does not match " + url
                        + " (forged, or signed for another URL: check status-callback-base-url)");
            }
        }

        String sid = form.get("MessageSid");
        String status = form.get("MessageStatus");
        String errorCode = form.get("ErrorCode");
        if (sid == null || !MESSAGE_SID.matcher(sid).matches() || status == null
                || !STATUS.matcher(status).matches()
                || (errorCode != null && !errorCode.isEmpty() && !ERROR_CODE.matcher(errorCode).matches())) {
            return refuse(Response.Status.BAD_REQUEST, "MessageSid, MessageStatus or ErrorCode malformed");
        }
        Optional<DeliveryStatus> reported;
        try {
            reported = TwilioMessageStatus.of(status, errorCode);
        } catch (IllegalArgumentException e) {
            return refuse(Response.Status.BAD_REQUEST, "MessageStatus is not one Twilio sends");
        }

        DeliveryTracker tracker = new DeliveryTracker(session, realm.getId());
        Optional<DeliveryTracker.MessageLink> link = tracker.messageLink(sid);
        if (link.isEmpty()) {
            return refuse(Response.Status.FORBIDDEN, "unknown message (not sent by us, or no longer followed)");
        }
        // Twilio retries a callback it thinks failed; a recorded one replayed later must change nothing either
        if (!session.singleUseObjects().putIfAbsent(SEEN_PREFIX + realm.getId() + ":" + sid + ":" + status, SEEN_LIFESPAN.toSeconds())) {
            return refuse(Response.Status.FORBIDDEN, "replay of a callback already taken");
        }
        String detail = TwilioMessageStatus.boundedErrorCode(errorCode);
        if (reported.isPresent() && tracker.report(link.get().ticket(), reported.get(), detail)) {
            CodeMetrics.global().smsStatus(realm, reported.get());
            announce(link.get(), reported.get(), detail);
        }
        return Response.noContent().build();
    }

    /** An event for the user whose code it is; a DEBUG line when the link names nobody. */
    private void announce(DeliveryTracker.MessageLink link, DeliveryStatus status, String detail) {
        UserModel user = link.userId() == null ? null : session.users().getUserById(realm, link.userId());
        if (user == null) {
            LOG.debugf("OTP Guard: Twilio reported an SMS code %s (realm %s, error %s)", status.wire(),
                    realm.getName(), detail == null ? "-" : detail);
            return;
        }
        CodeEvents.deliveryReported(new EventBuilder(realm, session, session.getContext().getConnection()), user,
                status, detail);
    }

    private Response refuse(Response.Status status, String reason) {
        LOG.warnf("OTP Guard refused a Twilio status callback (realm %s): %s", realm.getName(), reason);
        // a refusal says no more than its status; Keycloak's security headers want every answer to have a type
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(status.getReasonPhrase()).build();
    }
}
