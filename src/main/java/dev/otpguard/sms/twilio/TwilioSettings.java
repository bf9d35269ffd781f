package dev.otpguard.sms.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Config;

/**
 * Server-wide Twilio options, from SPI options or their environment variables, for example
 * {@code --spi-otp-guard-sms-sender--twilio--account-sid} / {@code KC_SPI_OTP_GUARD_SMS_SENDER__TWILIO__ACCOUNT_SID}.
 * Secrets stay here: they are never shown in the admin console and never logged.
 */
record TwilioSettings(String accountSid, String username, String password, String from, String messagingServiceSid,
                      String verifyServiceSid, URI apiBaseUrl, Duration connectTimeout, Duration readTimeout,
                      String authToken) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    static TwilioSettings from(Config.Scope scope) {
        String accountSid = blankToNull(scope.get("account-sid"));
        String apiKey = blankToNull(scope.get("api-key"));
        String username = apiKey != null ? apiKey : accountSid;
        // Twilio signs its status callbacks with the account's auth token, also when the API is called with a key
        String authToken = blankToNull(scope.get("auth-token"));
        String password = apiKey != null ? blankToNull(scope.get("api-secret")) : authToken;
        String baseUrl = blankToNull(scope.get("api-base-url"));
        return new TwilioSettings(accountSid, username, password, blankToNull(scope.get("from")),
                blankToNull(scope.get("messaging-service-sid")), blankToNull(scope.get("verify-service-sid")),
                baseUrl == null ? null : URI.create(baseUrl),
                Duration.ofMillis(scope.getLong("connect-timeout-millis", DEFAULT_CONNECT_TIMEOUT.toMillis())),
                Duration.ofMillis(scope.getLong("read-timeout-millis", DEFAULT_READ_TIMEOUT.toMillis())), authToken);
    }

    /** What is missing or wrong for sending messages (verify: for Twilio Verify); empty when usable. */
    List<String> problems(boolean verify) {
        List<String> problems = new ArrayList<>();
        if (accountSid == null) {
            problems.add("account-sid is not set");
        }
        if (username == null || password == null) {
            problems.add("auth-token (or api-key and api-secret) is not set");
        }
        if (verify && verifyServiceSid == null) {
            problems.add("verify-service-sid is not set");
        }
        if (!verify && from == null && messagingServiceSid == null) {
            problems.add("from (a number or sender ID) or messaging-service-sid is not set");
        }
        if (apiBaseUrl != null && !"https".equals(apiBaseUrl.getScheme()) && !isLoopback(apiBaseUrl)) {
            problems.add("api-base-url must use https (plain http is accepted for localhost only, for tests)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            problems.add("timeouts must be positive");
        }
        return problems;
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "TwilioSettings[accountSid=" + (accountSid == null ? "-" : "set") + ", credentials="
                + (password == null ? "missing" : "set") + ", apiBaseUrl=" + apiBaseUrl + "]";
    }
}
