package dev.otpguard.sms.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.keycloak.Config;

/**
 * The {@code http} sender's server options ({@code --spi-otp-guard-sms-sender--http--<option>}): where the request
 * goes, its body and headers, and how its answer is read. Read once at start-up; every problem is named by its
 * option, never by its value (a value may be a secret).
 */
record HttpGatewaySettings(URI url, String method, BodyTemplate body, String from, List<HeaderLine> headers,
                           SecretValue basicUser, SecretValue basicPassword, String successPointer,
                           String successValue, String messageIdPointer, Duration connectTimeout,
                           Duration answerTimeout) {

    static final int MAX_HEADERS = 5;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> METHODS = Set.of("POST", "PUT");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** The settings, or null with the problems; {@code configured} tells whether the operator set any of them. */
    record Parsed(HttpGatewaySettings settings, List<String> problems, boolean configured) {
    }

    static Parsed from(Config.Scope scope) {
        List<String> problems = new ArrayList<>();
        String rawUrl = text(scope, "url");
        boolean configured = rawUrl != null || text(scope, "body") != null;
        URI url = url(rawUrl, problems);
        String method = Objects.requireNonNullElse(text(scope, "method"), "POST").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            problems.add("method must be POST or PUT");
        }
        BodyTemplate.Format format = switch (Objects.requireNonNullElse(text(scope, "body-format"), "json")
                .toLowerCase(Locale.ROOT)) {
            case "json" -> BodyTemplate.Format.JSON;
            case "form" -> BodyTemplate.Format.FORM;
            default -> {
                problems.add("body-format must be json or form");
                yield BodyTemplate.Format.JSON;
            }
        };
        BodyTemplate body = BodyTemplate.parse(scope.get("body"), format, problems);
        String from = text(scope, "from");
        List<HeaderLine> headers = new ArrayList<>();
        for (int i = 1; i <= MAX_HEADERS; i++) {
            String line = text(scope, "header-" + i);
            if (line != null) {
                HeaderLine header = HeaderLine.parse("header-" + i, line, problems);
                if (header != null) {
                    headers.add(header);
                }
            }
        }
        String user = text(scope, "basic-user");
        String password = text(scope, "basic-password");
        if ((user == null) != (password == null)) {
            problems.add("basic-user and basic-password go together");
        }
        if (user != null && password != null && headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(
                "Authorization"))) {
            problems.add("basic-user/basic-password and an Authorization header exclude each other");
        }
        String successPointer = pointer(scope, "success-pointer", problems);
        String successValue = text(scope, "success-value");
        if (successValue != null && successPointer == null) {
            problems.add("success-value needs success-pointer");
        }
        String messageIdPointer = pointer(scope, "message-id-pointer", problems);
        Duration connect = millis(scope, "connect-timeout-millis", DEFAULT_CONNECT_TIMEOUT, problems);
        Duration answer = millis(scope, "answer-timeout-millis", DEFAULT_ANSWER_TIMEOUT, problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems), configured);
        }
        return new Parsed(new HttpGatewaySettings(url, method, body, from, List.copyOf(headers),
                user == null ? null : new SecretValue("basic-user", user),
                password == null ? null : new SecretValue("basic-password", password), successPointer, successValue,
                messageIdPointer, connect, answer), List.of(), true);
    }

    /** https, or plain http to this machine only (tests, a gateway sidecar). */
    private static URI url(String raw, List<String> problems) {
        if (raw == null) {
            problems.add("url is not set");
            return null;
        }
        try {
            URI uri = URI.create(raw);
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            boolean localHttp = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
            if (uri.getHost() == null || !(https || localHttp)) {
                problems.add("url must be an https URL (plain http only for localhost)");
                return null;
            }
            if (uri.getRawUserInfo() != null) {
                problems.add("url must not carry credentials (use basic-user and basic-password)");
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problems.add("url is not a URL");
            return null;
        }
    }

    private static String pointer(Config.Scope scope, String option, List<String> problems) {
        String value = text(scope, option);
        if (value != null && !value.startsWith("/")) {
            problems.add(option + " must be a JSON pointer such as /messages/0/status");
            return null;
        }
        return value;
    }

    private static Duration millis(Config.Scope scope, String option, Duration fallback, List<String> problems) {
        String value = text(scope, option);
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,6}") || Long.parseLong(value) < 100 || Long.parseLong(value) > 60_000) {
            problems.add(option + " must be a whole number of milliseconds from 100 to 60000");
            return fallback;
        }
        return Duration.ofMillis(Long.parseLong(value));
    }

    private static String text(Config.Scope scope, String option) {
        String value = scope.get(option);
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        // names what is set, never a value: headers and credentials may be secrets
        return "HttpGatewaySettings[url=" + (url == null ? "-" : url.getScheme() + "://" + url.getHost())
                + ", method=" + method + ", headers=" + headers.size() + ", basicAuth=" + (basicUser != null) + "]";
    }
}
