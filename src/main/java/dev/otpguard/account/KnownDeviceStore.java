package dev.otpguard.account;

import dev.otpguard.core.device.DeviceId;
import dev.otpguard.core.device.KnownDevice;
import dev.otpguard.core.device.KnownDevices;

import java.util.List;
import java.util.Optional;
import org.keycloak.models.UserModel;

/** The user's known devices, kept as credentials of type {@link DeviceCredentialModel#TYPE}. */
public final class KnownDeviceStore {

    private final UserModel user;

    public KnownDeviceStore(UserModel user) {
        this.user = user;
    }

    public List<KnownDevice> all() {
        return user.credentialManager().getStoredCredentialsByTypeStream(DeviceCredentialModel.TYPE)
                .map(DeviceCredentialModel::toDevice).toList();
    }

    /** The known device this browser's device id belongs to, under the rules given. */
    public Optional<KnownDevice> find(KnownDevices rules, String deviceId, long now) {
        return lookUp(rules, deviceId, now).device();
    }

    /** What a look-up found, and how many known devices it looked through. */
    public record LookUp(Optional<KnownDevice> device, int scanned) {
    }

    /**
     * Like {@link #find}, but reads only the entry whose stored hash is this device's: a user with many known
     * devices would otherwise cost two JSON parses per device on every sign-in (benchmark target T4). The stored
     * secret is our own {@code {"hash":"<64 hex>"}}, so the quoted hash occurs in exactly the matching entry.
     */
    public LookUp lookUp(KnownDevices rules, String deviceId, long now) {
        String hash = DeviceId.hash(deviceId);
        String quoted = "\"" + hash + "\"";
        int[] scanned = {0};
        List<KnownDevice> candidates = user.credentialManager()
                .getStoredCredentialsByTypeStream(DeviceCredentialModel.TYPE)
                .peek(c -> scanned[0]++)
                .filter(c -> c.getSecretData() != null && c.getSecretData().contains(quoted))
                .map(DeviceCredentialModel::toDevice).toList();
        return new LookUp(rules.find(candidates, hash, now), scanned[0]);
    }

    public void add(KnownDevice device) {
        user.credentialManager().createStoredCredential(DeviceCredentialModel.of(device));
    }

    public void touch(KnownDevice device, long now, String ip) {
        // the user may have removed the device in the account console a moment ago
        if (user.credentialManager().getStoredCredentialById(device.credentialId()) == null) {
            return;
        }
        DeviceCredentialModel updated = DeviceCredentialModel.of(new KnownDevice(device.credentialId(),
                device.idHash(), device.label(), device.firstSeen(), now, ip));
        updated.setId(device.credentialId());
        user.credentialManager().updateStoredCredential(updated);
    }

    public void forget(KnownDevice device) {
        user.credentialManager().removeStoredCredentialById(device.credentialId());
    }
}
