package dev.otpguard.sms.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One request header from an option {@code header-N = "Name: value"}; the value may hold vault references. */
record HeaderLine(String name, SecretValue value) {

    /** Headers the HTTP client sets itself, or that would change how the request is framed. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "connection",
            "expect", "upgrade", "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");

    static HeaderLine parse(String option, String line, List<String> problems) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            problems.add(option + " must be 'Name: value'");
            return null;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
            problems.add(option + " has a header name that is not an HTTP token");
            return null;
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            problems.add(option + " sets " + name + ", which the sender sets itself");
            return null;
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            problems.add(option + " has an empty value or control characters in it");
            return null;
        }
        return new HeaderLine(name, new SecretValue(option, value));
    }

    /** A resolved value that could split the request (a vault entry with a line break) is refused, not sent. */
    static boolean safe(String resolved) {
        return resolved.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }
}
