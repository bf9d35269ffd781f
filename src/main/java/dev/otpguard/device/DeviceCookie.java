package dev.otpguard.device;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Reads and writes the device cookie (checklist E1, E3): HttpOnly, SameSite=Lax, Secure on https, path limited
 * to the realm, value a signed {@link DeviceToken}. Whatever is wrong with a presented cookie (missing, forged,
 * expired, another user's, oversized) only means "no known device".
 */
public final class DeviceCookie {

    public static final String NAME = "OTP_GUARD_DEVICE";
    private static final int MAX_LENGTH = 4096;

    private DeviceCookie() {
    }

    /** The device id in this request's cookie, if the cookie is genuine, current and was issued to this user. */
    public static Optional<String> deviceIdFor(KeycloakSession session, UserModel user) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(NAME);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().isEmpty()
                || cookie.getValue().length() > MAX_LENGTH) {
            return Optional.empty();
        }
        DeviceToken token;
        try {
            token = session.tokens().decode(cookie.getValue(), DeviceToken.class);
        } catch (RuntimeException forged) {
            return Optional.empty();
        }
        if (token == null || !token.isActive() || !DeviceToken.TYPE.equals(token.getType())
                || !user.getId().equals(token.getSubject()) || token.getDeviceId() == null) {
            return Optional.empty();
        }
        return Optional.of(token.getDeviceId());
    }

    /** Issues (or renews, for the sliding window) the cookie for this user and device. */
    public static void write(KeycloakSession session, RealmModel realm, UserModel user, String deviceId,
                             Duration maxAge) {
        DeviceToken token = new DeviceToken();
        token.type(DeviceToken.TYPE);
        token.subject(user.getId());
        token.issuedNow();
        token.exp(token.getIat() + maxAge.toSeconds());
        token.setDeviceId(deviceId);
        String value = session.tokens().encode(token);
        boolean secure = "https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme());
        String path = session.getContext().getUri().getBaseUri().getRawPath().replaceAll("/+$", "")
                + "/realms/" + realm.getName() + "/";
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(NAME).value(value)
                .path(path).maxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds())).httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.LAX).build());
    }
}
