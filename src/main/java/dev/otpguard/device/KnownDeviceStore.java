package dev.otpguard.device;

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
        return rules.find(all(), DeviceId.hash(deviceId), now);
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
