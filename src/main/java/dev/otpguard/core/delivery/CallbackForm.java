package dev.otpguard.core.delivery;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form body of a gateway's status callback, with a bound: a callback is a few hundred bytes, so a body past
 * {@link #MAX_BYTES} (declared, or counted) is refused. Each field must come once: a repeated one could be read
 * one way by the signature check and another way by us.
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

    /** The body is not a callback's form: a repeated or empty name, a control character, too many fields. */
    public static final class MalformedException extends IOException {
        MalformedException(String reason) {
            super(reason);
        }
    }

    private CallbackForm() {
    }

    /**
     * The callback's fields, each once, from the server's decoded form.
     *
     * @param declaredLength the request's Content-Length, or a negative number when it has none (chunked)
     * @param decoded        the form as the server decoded it: each name with all its values
     */
    public static Map<String, String> of(long declaredLength, Map<String, List<String>> decoded)
            throws TooLargeException, MalformedException {
        if (declaredLength > MAX_BYTES) {
            throw new TooLargeException();
        }
        if (decoded.size() > MAX_FIELDS) {
            throw new MalformedException("too many fields");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, List<String>> field : decoded.entrySet()) {
            String name = field.getKey();
            List<String> values = field.getValue();
            if (name == null || name.isEmpty()) {
                throw new MalformedException("a field without a name");
            }
            // a repeated field could be read one way by the signature check and another way by us
            if (values == null || values.size() != 1) {
                throw new MalformedException("a repeated field");
            }
            String value = values.get(0) == null ? "" : values.get(0);
            total += name.length() + value.length();
            if (total > MAX_BYTES) {
                throw new TooLargeException();
            }
            printable(name);
            fields.put(name, value);
        }
        return Collections.unmodifiableMap(fields);
    }

    private static void printable(String name) throws MalformedException {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new MalformedException("a field name outside printable ASCII");
            }
        }
    }
}
