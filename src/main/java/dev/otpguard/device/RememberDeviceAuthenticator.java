package dev.otpguard.device;

import dev.otpguard.account.DeviceLabel;
import dev.otpguard.account.KnownDeviceStore;
import dev.otpguard.core.device.DeviceId;
import dev.otpguard.core.device.KnownDevice;
import dev.otpguard.core.device.KnownDevices;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import dev.otpguard.kernel.Misconfiguration;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "Remember device and alert", placed at the end of a flow: after a fully successful login the browser becomes
 * (or stays) a known device of the user, with a fresh cookie for the sliding window, and a sign-in from a new
 * device is reported to the user by email.
 */
public final class RememberDeviceAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(RememberDeviceAuthenticator.class);

    private final SecureRandom random;

    RememberDeviceAuthenticator(SecureRandom random) {
        this.random = random;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        DeviceConfig.Parsed parsed = DeviceConfig.from(context.getAuthenticatorConfig());
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, "device", parsed.problems());
            return;
        }
        DeviceConfig config = parsed.config();
        KnownDevices rules = config.rules();
        UserModel user = context.getUser();
        KnownDeviceStore store = new KnownDeviceStore(user);
        long now = System.currentTimeMillis();
        String ip = context.getConnection().getRemoteAddr();

        Optional<String> presented = DeviceCookie.deviceIdFor(context.getSession(), user);
        Optional<KnownDevice> known = presented.flatMap(id -> store.find(rules, id, now));
        if (known.isPresent()) {
            store.touch(known.get(), now, ip);
            DeviceCookie.write(context.getSession(), context.getRealm(), user, presented.get(), rules.maxAge());
            context.success();
            return;
        }
        List<KnownDevice> before = store.all();
        rules.toForgetBeforeAdding(before, now).forEach(store::forget);
        String deviceId = DeviceId.newId(random);
        String hash = DeviceId.hash(deviceId);
        // Keycloak wants credential labels unique per user; a short piece of the hash tells two Chromes apart
        String readable = DeviceLabel.of(context.getSession());
        store.add(new KnownDevice(null, hash, readable + " · " + hash.substring(0, 6), now, now, ip));
        DeviceCookie.write(context.getSession(), context.getRealm(), user, deviceId, rules.maxAge());
        LOG.debugf("OTP Guard remembered a new device for user id %s in realm %s", user.getId(),
                context.getRealm().getName());
        context.getEvent().detail("otp_guard_device", "new");
        if (config.alert() && (!before.isEmpty() || config.alertFirstLogin())) {
            boolean queued = NewDeviceAlert.schedule(context, readable, config.notMeLinkLifetime(),
                    config.notMeNewSecondFactor());
            // the outcome is not known yet: the alert's own event tells it (NewDeviceAlert)
            context.getEvent().detail(NewDeviceAlert.ALERT, queued ? "queued" : "failed");
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
