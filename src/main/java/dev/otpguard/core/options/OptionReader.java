package dev.otpguard.core.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the string values of an admin's configuration as flags and bounded numbers, collecting every value
 * that is wrong instead of quietly using a default: a configuration set through REST or a realm import with
 * a typo must be refused, not half-applied.
 */
public final class OptionReader {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    public OptionReader(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
    }

    public boolean flag(String key, boolean fallback) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.trim();
        if (!trimmed.equals("true") && !trimmed.equals("false")) {
            problems.add(key + " must be true or false");
            return fallback;
        }
        return Boolean.parseBoolean(trimmed);
    }

    public long number(String key, long fallback, long min, long max) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range number
        }
        problems.add(key + " must be a whole number from " + min + " to " + max);
        return fallback;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
