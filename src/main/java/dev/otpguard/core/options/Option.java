package dev.otpguard.core.options;

import java.util.List;
import java.util.Objects;

/**
 * One admin-facing option, declared once: the name realm exports use, what the admin console shows (label, help,
 * kind of field, default, offered values). Providers list their options as a union of {@link OptionGroup}s, so
 * an option appears exactly where it applies and with one default.
 *
 * @param choices the values offered for a {@link Kind#CHOICE} or {@link Kind#CHOICES} field, empty otherwise
 */
public record Option(String name, String label, String help, Kind kind, String defaultValue, List<String> choices) {

    /** The kind of field the admin console draws. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** On/off. */
        FLAG,
        /** One of {@link #choices()}. */
        CHOICE,
        /** Any number of {@link #choices()}. */
        CHOICES
    }

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        if ((kind == Kind.CHOICE || kind == Kind.CHOICES) == choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": choices are given exactly for choice fields");
        }
    }

    public static Option text(String name, String label, String help) {
        return new Option(name, label, help, Kind.TEXT, null, List.of());
    }

    public static Option flag(String name, String label, String help, boolean defaultValue) {
        return new Option(name, label, help, Kind.FLAG, Boolean.toString(defaultValue), List.of());
    }

    public static Option choice(String name, String label, String help, String defaultValue, List<String> choices) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": the default " + defaultValue + " is not among the choices");
        }
        return new Option(name, label, help, Kind.CHOICE, defaultValue, choices);
    }

    /** Several of {@code choices}; the default lists some of them. */
    public static Option choices(String name, String label, String help, List<String> defaults,
                                 List<String> choices) {
        if (!choices.containsAll(defaults)) {
            throw new IllegalArgumentException(name + ": defaults " + defaults + " are not all among the choices");
        }
        return new Option(name, label, help, Kind.CHOICES, String.join(MULTI_VALUE_SEPARATOR, defaults), choices);
    }

    /** How Keycloak's admin console joins the values of a multi-valued field. */
    public static final String MULTI_VALUE_SEPARATOR = "##";
}
