package dev.otpguard.device;

import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * What the device cookie carries: the user it was issued to, the random device id and an expiry, signed with
 * the realm's keys (Keycloak's internal token keys, so rotation keeps old cookies valid while the old key is
 * enabled). Nothing else: no name, no address.
 *
 * <p>The claim is named after the getter ({@code deviceId}): Keycloak serializes tokens with its own Jackson, which
 * does not see annotations of the Jackson copy shaded into this jar.
 */
public final class DeviceToken extends JsonWebToken {

    public static final String TYPE = "otp-guard-device";

    private String deviceId;

    public String getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(String deviceId) {
        this.deviceId = deviceId;
    }

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.INTERNAL;
    }
}
