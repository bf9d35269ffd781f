package dev.otpguard.core.options;

import java.util.List;
import java.util.Objects;

/**
 * One admin-facing option, declared once: the name realm exports use, what the admin console shows (label, help,
 * kind of field, default, offered values), and what a value must be ({@link #problem}, read by
 * {@link OptionValues}). Providers list their options as a union of {@link OptionGroup}s, so an option appears
 * exactly where it applies and with one default.
 *
 * @param choices the values offered for a {@link Kind#CHOICE} or {@link Kind#CHOICES} field, empty otherwise
 * @param range for a number, the values accepted (REST and realm imports may set more than a console list offers);
 *              null for anything else
 */
public record Option(String name, String label, String help, Kind kind, String defaultValue, List<String> choices,
                     Range range) {

    /** The whole numbers a number option accepts. */
    public record Range(long min, long max) {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("empty range " + min + " to " + max);
            }
        }

        public boolean contains(long value) {
            return value >= min && value <= max;
        }
    }

    /** The kind of field the admin console draws. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** On/off. */
        FLAG,
        /** One of {@link #choices()}. */
        CHOICE,
        /** One of {@link #choices()} offered, any other accepted: ids of providers a deployer may add. */
        OPEN_CHOICE,
        /** Any number of {@link #choices()}. */
        CHOICES,
        /** A whole number typed into a number field, accepted within {@link #range()}. */
        NUMBER
    }

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        if ((kind == Kind.CHOICE || kind == Kind.OPEN_CHOICE || kind == Kind.CHOICES) == choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": choices are given exactly for choice fields");
        }
        if (range != null && kind != Kind.CHOICE && kind != Kind.NUMBER) {
            throw new IllegalArgumentException(name + ": only a choice field can be a number (or a number field)");
        }
        if (kind == Kind.NUMBER && range == null) {
            throw new IllegalArgumentException(name + ": a number field needs its range");
        }
    }

    /** Whether this option is a whole number within {@link #range()}. */
    public boolean isNumber() {
        return range != null;
    }

    /**
     * What is wrong with {@code value} for this option, naming the option, or empty when it is usable. Blank means
     * unset, so the default. Free text and multi-valued fields take what their feature checks.
     */
    public java.util.Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        String trimmed = value.trim();
        boolean usable = switch (kind) {
            case FLAG -> trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false");
            case CHOICE -> isNumber() ? wholeNumberInRange(trimmed) : choices.contains(trimmed);
            case NUMBER -> wholeNumberInRange(trimmed);
            case TEXT, OPEN_CHOICE, CHOICES -> true;
        };
        if (usable) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(switch (kind) {
            case FLAG -> name + " must be true or false";
            case CHOICE -> isNumber() ? outOfRange()
                    : name + " must be one of " + String.join(", ", choices.stream().filter(c -> !c.isEmpty())
                            .toList());
            case NUMBER -> outOfRange();
            case TEXT, OPEN_CHOICE, CHOICES -> throw new IllegalStateException("free values are always usable");
        });
    }

    private String outOfRange() {
        return name + " must be a whole number from " + range.min() + " to " + range.max();
    }

    /** ASCII digits only: Java's parser also takes other scripts' digits, which no admin means to type here. */
    private boolean wholeNumberInRange(String value) {
        if (!value.matches("-?[0-9]{1,18}")) {
            return false;
        }
        try {
            return range.contains(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static Option text(String name, String label, String help) {
        return new Option(name, label, help, Kind.TEXT, null, List.of(), null);
    }

    public static Option flag(String name, String label, String help, boolean defaultValue) {
        return new Option(name, label, help, Kind.FLAG, Boolean.toString(defaultValue), List.of(), null);
    }

    public static Option choice(String name, String label, String help, String defaultValue, List<String> choices) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": the default " + defaultValue + " is not among the choices");
        }
        return new Option(name, label, help, Kind.CHOICE, defaultValue, choices, null);
    }

    /** One of {@code offered} in the console, or any other value set through REST or an import. */
    public static Option openChoice(String name, String label, String help, String defaultValue,
                                    List<String> offered) {
        if (!offered.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": the default " + defaultValue + " is not among the offered");
        }
        return new Option(name, label, help, Kind.OPEN_CHOICE, defaultValue, offered, null);
    }

    /** Several of {@code choices}; the default lists some of them. */
    public static Option choices(String name, String label, String help, List<String> defaults,
                                 List<String> choices) {
        if (!choices.containsAll(defaults)) {
            throw new IllegalArgumentException(name + ": defaults " + defaults + " are not all among the choices");
        }
        return new Option(name, label, help, Kind.CHOICES, String.join(MULTI_VALUE_SEPARATOR, defaults), choices,
                null);
    }

    /**
     * A whole number: the console offers {@code offered} (the default among them), and {@code min} to {@code max}
     * are accepted from anywhere.
     */
    public static Option number(String name, String label, String help, long defaultValue, List<String> offered,
                                long min, long max) {
        Range range = new Range(min, max);
        if (!offered.contains(Long.toString(defaultValue))) {
            throw new IllegalArgumentException(name + ": the default " + defaultValue + " is not among the offered");
        }
        for (String value : offered) {
            if (!range.contains(Long.parseLong(value))) {
                throw new IllegalArgumentException(name + ": offers " + value + ", outside " + min + " to " + max);
            }
        }
        return new Option(name, label, help, Kind.CHOICE, Long.toString(defaultValue), offered, range);
    }

    /** A whole number from {@code min} to {@code max}, typed freely; anything else is refused naming the option. */
    public static Option wholeNumber(String name, String label, String help, long defaultValue, long min, long max) {
        Range range = new Range(min, max);
        if (!range.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": the default " + defaultValue + " is outside " + min + " to "
                    + max);
        }
        return new Option(name, label, help, Kind.NUMBER, Long.toString(defaultValue), List.of(), range);
    }

    /** How Keycloak's admin console joins the values of a multi-valued field. */
    public static final String MULTI_VALUE_SEPARATOR = "##";
}
