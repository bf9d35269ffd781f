package dev.otpguard.device;

import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.account.DeviceRepresentation;

/** "Chrome on Linux": the browser and OS of the current request, as Keycloak's own device reading names them. */
public final class DeviceLabel {

    private static final int MAX_LENGTH = 100;

    private DeviceLabel() {
    }

    public static String of(KeycloakSession session) {
        DeviceRepresentationProvider provider = session.getProvider(DeviceRepresentationProvider.class);
        DeviceRepresentation device = provider == null ? null : provider.deviceRepresentation();
        if (device == null) {
            return "Unknown browser";
        }
        String browser = device.getBrowser() == null ? "Unknown browser" : device.getBrowser();
        String os = device.getOs() == null ? "" : " on " + device.getOs();
        String label = browser + os;
        return label.length() > MAX_LENGTH ? label.substring(0, MAX_LENGTH) : label;
    }
}
