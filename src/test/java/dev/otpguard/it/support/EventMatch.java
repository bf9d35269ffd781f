package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a test expects of one stored Keycloak event, named field by field:
 * {@code event("LOGIN_ERROR").error("otp_code_attempts_exhausted").action("verify")}. Unnamed fields match anything.
 */
public final class EventMatch {

    private final String type;
    private final Map<String, String> details = new LinkedHashMap<>();
    private String error;
    private boolean success;

    private EventMatch(String type) {
        this.type = type;
    }

    public static EventMatch event(String type) {
        return new EventMatch(type);
    }

    /** The event's {@code error} field. */
    public EventMatch error(String error) {
        this.error = error;
        this.success = false;
        return this;
    }

    /** The event has no {@code error} field: Keycloak stored it as a success. */
    public EventMatch success() {
        this.success = true;
        this.error = null;
        return this;
    }

    /** OTP Guard's {@code otp_guard_action} detail. */
    public EventMatch action(String action) {
        return detail("otp_guard_action", action);
    }

    public EventMatch detail(String name, String value) {
        details.put(name, value);
        return this;
    }

    boolean matches(JsonNode event) {
        if (!type.equals(event.path("type").asText())) {
            return false;
        }
        if (success && event.has("error")) {
            return false;
        }
        if (error != null && !error.equals(event.path("error").asText())) {
            return false;
        }
        return details.entrySet().stream()
                .allMatch(d -> d.getValue().equals(event.path("details").path(d.getKey()).asText()));
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "event(" + type + ": ", ")");
        if (success) {
            text.add("success");
        }
        if (error != null) {
            text.add("error=" + error);
        }
        details.forEach((name, value) -> text.add(name + "=" + value));
        return text.toString();
    }
}
