package dev.otpguard.account;

import dev.otpguard.kernel.ProviderIds;
import dev.otpguard.core.device.KnownDevice;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * A known device stored as a Keycloak credential: Keycloak persists and clusters it, users see and remove it in
 * the account console, admins in the user's Credentials tab. The secret part is the device id's hash only.
 */
public final class DeviceCredentialModel extends CredentialModel {

    public static final String TYPE = ProviderIds.DEVICE_CREDENTIAL;

    static DeviceCredentialModel of(KnownDevice device) {
        DeviceCredentialModel model = new DeviceCredentialModel();
        model.setType(TYPE);
        model.setUserLabel(device.label());
        model.setCreatedDate(device.firstSeen());
        model.setSecretData(json(Map.of("hash", device.idHash())));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lastSeen", device.lastSeen());
        data.put("lastIp", device.lastIp() == null ? "" : device.lastIp());
        model.setCredentialData(json(data));
        return model;
    }

    static KnownDevice toDevice(CredentialModel model) {
        try {
            Map<?, ?> secret = JsonSerialization.readValue(model.getSecretData(), Map.class);
            Map<?, ?> data = JsonSerialization.readValue(model.getCredentialData(), Map.class);
            long created = model.getCreatedDate() == null ? 0 : model.getCreatedDate();
            Object lastSeen = data.get("lastSeen");
            return new KnownDevice(model.getId(), String.valueOf(secret.get("hash")), model.getUserLabel(), created,
                    lastSeen instanceof Number n ? n.longValue() : created, String.valueOf(data.get("lastIp")));
        } catch (IOException | RuntimeException e) {
            // an unreadable entry matches no cookie: the device simply counts as new
            return new KnownDevice(model.getId(), "", model.getUserLabel(), 0, 0, "");
        }
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
