package dev.otpguard.device;

import dev.otpguard.account.KnownDeviceStore;
import dev.otpguard.core.device.KnownDevices;

import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Condition - new device": true when the browser carries no genuine device cookie of this user for a device
 * the user still has. Any doubt (no cookie, forged, expired, another user's, revoked) means "new".
 *
 * <p>"New" is decided once per login (browser tab): Keycloak asks a condition again whenever the flow is looked at,
 * and a device cookie that another tab of the same browser earned meanwhile must not let this login leave the
 * code step it has already been sent to.
 */
public final class NewDeviceCondition implements ConditionalAuthenticator {

    /** Authentication-session note: the id of the user this login found on a new device. */
    static final String NEW_FOR_USER_NOTE = "otp-guard.device.new-for";

    /** The cookie's own expiry enforces the window; here any stored device with a matching hash counts. */
    private static final Logger LOG = Logger.getLogger(NewDeviceCondition.class);
    private static final KnownDevices ANY_AGE = new KnownDevices(Duration.ofDays(100_000), Integer.MAX_VALUE);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            return true;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (user.getId().equals(authSession.getAuthNote(NEW_FOR_USER_NOTE))) {
            return true;
        }
        long started = System.nanoTime();
        Optional<String> deviceId = DeviceCookie.deviceIdFor(context.getSession(), user);
        KnownDeviceStore.LookUp lookUp = deviceId.isEmpty() ? new KnownDeviceStore.LookUp(Optional.empty(), 0)
                : new KnownDeviceStore(user).lookUp(ANY_AGE, deviceId.get(), System.currentTimeMillis());
        boolean known = lookUp.device().isPresent();
        LOG.debugf("OTP Guard device check: %d known devices, %d us", lookUp.scanned(),
                (System.nanoTime() - started) / 1000);
        if (!known) {
            authSession.setAuthNote(NEW_FOR_USER_NOTE, user.getId());
        }
        return !known;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
