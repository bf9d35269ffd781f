package dev.otpguard.reset;

import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.DraftedEvent;
import dev.otpguard.kernel.EventError;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * What follows a right reset code, before Keycloak asks for the new password. Done at this point rather than
 * after the password form because the code is what authorizes the reset: a session an attacker holds is gone
 * before they could notice, and the owner hears of it even if the reset is not finished.
 */
public final class ResetCompletion {

    private static final Logger LOG = Logger.getLogger(ResetCompletion.class);

    private ResetCompletion() {
    }

    public static void codeAccepted(AuthenticationFlowContext context, UserModel user, String channel,
                                    String maskedDestination, boolean logoutOthers, boolean notify) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        if (logoutOthers) {
            String current = context.getAuthenticationSession().getParentSession().getId();
            // offline sessions too: a refresh token held by an attacker must not outlive the reset
            var others = java.util.stream.Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                            session.sessions().getOfflineUserSessionsStream(realm, user))
                    .filter(s -> !s.getId().equals(current)).toList();
            for (UserSessionModel other : others) {
                AuthenticationManager.backchannelLogout(session, other, true);
                context.getEvent().clone().event(EventType.LOGOUT).user(user).session(other)
                        .detail("otp_guard_action", "reset_logout").success();
            }
            LOG.debugf("OTP Guard ended %d other sessions of user id %s after a reset code", others.size(),
                    user.getId());
        }
        if (notify) {
            ResetNotice.otherChannel(user, channel).ifPresent(via -> {
                DraftedEvent event = DraftedEvent.of(context.getEvent().clone().event(EventType.SEND_RESET_PASSWORD)
                        .user(user).detail(CodeEvents.ACTION, "reset_notice").detail(CodeEvents.CHANNEL, via)
                        .detail(Details.REASON, "other_channel"));
                // the notice leaves after this request; its event follows once the worker knows how it went
                ResetNotice.schedule(session, realm, user, via, maskedDestination, (worker, inRealm, told) -> {
                    if (told.any()) {
                        event.in(worker, inRealm).success();
                    } else {
                        event.in(worker, inRealm).error(EventError.SEND_FAILED.wire());
                    }
                });
            });
        }
    }
}
