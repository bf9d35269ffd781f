package dev.otpguard.core.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The form body of a gateway's status callback, read with a bound: a callback is a few hundred bytes, so anything
 * past {@link #MAX_BYTES} is refused as soon as it is seen (from its declared length, or while reading), never
 * read to its end.
 */
public final class CallbackForm {

    /** Far above any real callback (Twilio's are under 1 KB), far below what could tie up a worker. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_FIELDS = 64;

    /** The body is longer than {@link #MAX_BYTES}. */
    public static final class TooLargeException extends IOException {
        TooLargeException() {
            super("callback body over " + MAX_BYTES + " bytes");
        }
    }

    /** The body is not a form: bad percent-encoding, a repeated or empty name, too many fields. */
    public static final class MalformedException extends IOException {
        MalformedException(String reason) {
            super(reason);
        }
    }

    private CallbackForm() {
    }

    /**
     * Reads and decodes the form.
     *
     * @param declaredLength the request's Content-Length, or a negative number when it has none (chunked)
     */
    public static Map<String, String> read(InputStream body, long declaredLength) throws IOException {
        if (declaredLength > MAX_BYTES) {
            throw new TooLargeException();
        }
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new TooLargeException();
        }
        return parse(new String(bytes, StandardCharsets.US_ASCII));
    }

    static Map<String, String> parse(String form) throws MalformedException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return fields;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.isEmpty()) {
                throw new MalformedException("a field without a name");
            }
            // a repeated field could be read one way by the signature check and another way by us
            if (fields.put(name, value) != null) {
                throw new MalformedException("a repeated field");
            }
            if (fields.size() > MAX_FIELDS) {
                throw new MalformedException("too many fields");
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String decode(String encoded) throws MalformedException {
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new MalformedException("a byte outside printable ASCII");
            }
        }
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("bad percent-encoding");
        }
    }
}
