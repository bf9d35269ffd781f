package dev.otpguard.core.code;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of what a key in Keycloak's shared stores is built from, in hex, so no session id, salt, address,
 * number or IP address sits there in clear. One place for the send claims, the per-code tries and the hourly
 * counters.
 */
public final class KeyHash {

    private KeyHash() {
    }

    /** The whole digest. */
    public static String sha256(String value) {
        return HexFormat.of().formatHex(digest(value));
    }

    /** The first {@code bytes} bytes of the digest, for keys that must stay short. */
    public static String sha256(String value, int bytes) {
        return HexFormat.of().formatHex(digest(value), 0, bytes);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
