package dev.otpguard.device;

import dev.otpguard.account.NotMeActionToken;
import dev.otpguard.kernel.ActionLinks;
import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.NoticeTime;
import dev.otpguard.kernel.RealmDisplayName;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The "new sign-in" email: when, browser and OS, IP, and a "this wasn't me" link. Sending it never blocks or
 * fails the login (checklist E7): a failure is logged with the user id only.
 */
final class NewDeviceAlert {

    static final String TEMPLATE = "otp-guard-new-device.ftl";
    private static final Logger LOG = Logger.getLogger(NewDeviceAlert.class);

    private NewDeviceAlert() {
    }

    /** Returns whether the mail went out. */
    static boolean send(AuthenticationFlowContext context, String deviceLabel, Duration linkLifetime,
                        boolean newSecondFactor) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return false;
        }
        try {
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
            String realmName = RealmDisplayName.of(realm);
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .setAuthenticationSession(context.getAuthenticationSession())
                    .send("otpGuardNewDeviceSubject", List.of(realmName), TEMPLATE, attributes);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("OTP Guard could not send the new-device alert (realm %s, user id %s): %s", realm.getName(),
                    user.getId(), e.getClass().getSimpleName());
            return false;
        }
    }
}
