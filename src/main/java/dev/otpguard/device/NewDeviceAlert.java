package dev.otpguard.device;

import dev.otpguard.account.NotMeActionToken;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.exchange.BackgroundNotices;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.ActionLinks;
import dev.otpguard.kernel.DraftedEvent;
import dev.otpguard.kernel.EventError;
import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.NoticeTime;
import dev.otpguard.kernel.Notifier;
import dev.otpguard.kernel.RealmDisplayName;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The "new sign-in" email: when, browser and OS, IP, and a "this wasn't me" link. It is composed on the request and
 * leaves after it ({@link BackgroundNotices}), so a slow or failing mail server never blocks or fails the login
 * (checklist E7). What became of it is an event of its own, since the login's event is written before it is known:
 * {@code SEND_VERIFY_EMAIL} (action {@code new_device_alert}, {@code otp_guard_alert=sent}) or its error twin with
 * {@code otp_send_failed} and {@code otp_guard_alert=failed}.
 */
final class NewDeviceAlert {

    static final String TEMPLATE = "otp-guard-new-device.ftl";
    static final String ACTION = "new_device_alert";
    static final String ALERT = "otp_guard_alert";
    private static final Logger LOG = Logger.getLogger(NewDeviceAlert.class);

    private NewDeviceAlert() {
    }

    /**
     * Returns whether an alert was scheduled: false when the user has no address to alert, or when composing it
     * failed (logged with the user id only; the login goes on).
     */
    static boolean schedule(AuthenticationFlowContext context, String deviceLabel, Duration linkLifetime,
                            boolean newSecondFactor) {
        try {
            return compose(context, deviceLabel, linkLifetime, newSecondFactor);
        } catch (RuntimeException e) {
            LOG.warnf("OTP Guard could not prepare the new-device alert (realm %s, user id %s): %s",
                    context.getRealm().getName(), context.getUser().getId(), e.getClass().getSimpleName());
            return false;
        }
    }

    private static boolean compose(AuthenticationFlowContext context, String deviceLabel, Duration linkLifetime,
                                   boolean newSecondFactor) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        String address = user.getEmail();
        if (address == null || address.isBlank()) {
            return false;
        }
        int expires = (int) (Instant.now().getEpochSecond() + linkLifetime.toSeconds());
        String clientId = context.getAuthenticationSession().getClient().getClientId();
        NotMeActionToken token = new NotMeActionToken(user.getId(), expires, clientId, newSecondFactor);
        String link = ActionLinks.forToken(session, realm, token, clientId);
        Locale locale = session.getContext().resolveLocale(user);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("signInTime", NoticeTime.now(locale));
        attributes.put("device", LiteralText.of(deviceLabel));
        attributes.put("ipAddress", LiteralText.of(context.getConnection().getRemoteAddr()));
        attributes.put("notMeLink", link);
        attributes.put("linkLifetimeDays", new MessageNumber(Math.max(1, linkLifetime.toDays())));
        attributes.put(RealmDisplayName.TEMPLATE_ATTRIBUTE, RealmDisplayName.literal(realm));
        Notifier.Mail mail = new Notifier.Mail("new-device alert", address, "otpGuardNewDeviceSubject",
                List.of(RealmDisplayName.of(realm)), TEMPLATE, attributes);
        DraftedEvent event = DraftedEvent.of(context.getEvent().clone().event(EventType.SEND_VERIFY_EMAIL).user(user)
                .detail(CodeEvents.ACTION, ACTION).detail(CodeEvents.CHANNEL, "email")
                .detail(CodeEvents.DESTINATION, MaskedDestination.email(address)));
        BackgroundNotices.afterCommit(session, realm, user, "new-device alert", null, mail,
                (worker, inRealm, told) -> {
                    if (told.mailed()) {
                        event.in(worker, inRealm).detail(ALERT, "sent").success();
                    } else {
                        event.in(worker, inRealm).detail(ALERT, "failed").error(EventError.SEND_FAILED.wire());
                    }
                });
        return true;
    }
}
