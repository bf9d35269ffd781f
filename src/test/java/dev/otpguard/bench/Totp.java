package dev.otpguard.bench;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP as an authenticator app computes it: HmacSHA1, 30-second steps, 6 digits. */
final class Totp {

    static final long STEP_SECONDS = 30;

    private final byte[] key;

    /**
     * {@code key} is the HMAC key. Keycloak uses a stored TOTP secret's UTF-8 bytes as the key unless the credential
     * says {@code "secretEncoding": "BASE32"} (authenticator apps get the base32 form of those bytes in the QR code).
     */
    Totp(byte[] key) {
        this.key = key.clone();
    }

    /** The time step a moment falls in. */
    static long step(long epochMillis) {
        return epochMillis / 1000 / STEP_SECONDS;
    }

    /** The code for a time step (RFC 4226's dynamic truncation of HMAC-SHA1 over the step counter). */
    String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java platform", e);
        }
    }
}
