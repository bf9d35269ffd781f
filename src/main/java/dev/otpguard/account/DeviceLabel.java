package dev.otpguard.account;

import dev.otpguard.kernel.NoticeText;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.account.DeviceRepresentation;

/**
 * "Chrome on Linux": the browser and OS of the current request, as Keycloak's own device reading names them. They
 * come from the User-Agent, which the client chooses, so the label is cleaned and cut by {@link NoticeText}.
 */
public final class DeviceLabel {

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
        return NoticeText.clean(browser + os);
    }
}
