package dev.otpguard.it.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Takes apart and rebuilds the compact JWS the server issues (device cookie, action tokens), to make the
 * transformations of the corpus: tampered, truncated, unsigned ({@code alg: none}), signed with another key, or
 * re-signed with the realm's own (test) key after changing a claim.
 */
final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ObjectNode header;
    final ObjectNode payload;
    final String signature;

    private Jwt(ObjectNode header, ObjectNode payload, String signature) {
        this.header = header;
        this.payload = payload;
        this.signature = signature;
    }

    static Jwt parse(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + compact);
        }
        try {
            return new Jwt((ObjectNode) JSON.readTree(decode(parts[0])), (ObjectNode) JSON.readTree(decode(parts[1])),
                    parts[2]);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Header and payload as they are, with the old signature (which no longer fits if either changed). */
    String withOldSignature() {
        return signingInput() + "." + signature;
    }

    String unsigned() {
        return signingInput() + ".";
    }

    String signHs(String algorithm, byte[] key) {
        header.put("alg", algorithm);
        String input = signingInput();
        try {
            String mac = switch (algorithm) {
                case "HS256" -> "HmacSHA256";
                case "HS384" -> "HmacSHA384";
                default -> "HmacSHA512";
            };
            Mac m = Mac.getInstance(mac);
            m.init(new SecretKeySpec(key, mac));
            return input + "." + encode(m.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String signingInput() {
        return encode(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + encode(payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String part) {
        return Base64.getUrlDecoder().decode(part);
    }
}
