package dev.otpguard.core.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One execution's configuration read through its declared {@link Option}s: the default is the declaration's, and
 * a value the declaration refuses is collected as a problem instead of being quietly replaced. A configuration set
 * through REST or a realm import with a typo must be refused, not half-applied.
 */
public final class OptionValues {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    public OptionValues(Map<String, String> values) {
        // read in place, option by option: only declared names are ever asked for (OptionDeclarationTest)
        this.values = values == null ? Map.of() : values;
    }

    /** Checks every option of {@code group} at once; the typed reads below then add nothing new. */
    public OptionValues check(OptionGroup group) {
        for (Option option : group.options()) {
            usable(option);
        }
        return this;
    }

    public boolean flag(Option option) {
        expect(option, option.kind() == Option.Kind.FLAG, "a flag");
        return Boolean.parseBoolean(usable(option).orElse(option.defaultValue()));
    }

    public long number(Option option) {
        expect(option, option.isNumber(), "a number");
        return Long.parseLong(usable(option).orElse(option.defaultValue()));
    }

    /** One of the option's choices; the default when unset. */
    public String choice(Option option) {
        expect(option, option.kind() == Option.Kind.CHOICE && !option.isNumber(), "a choice");
        return usable(option).orElse(option.defaultValue());
    }

    /**
     * The values of a multi-valued field (joined by {@link Option#MULTI_VALUE_SEPARATOR} or commas), each one of the
     * option's choices; a value that is not is noted and left out. Unset: the declared defaults.
     */
    public java.util.List<String> choices(Option option) {
        expect(option, option.kind() == Option.Kind.CHOICES, "a multi-valued choice");
        String raw = values.get(option.name());
        if (raw == null || raw.isBlank()) {
            raw = option.defaultValue() == null ? "" : option.defaultValue();
        }
        java.util.List<String> picked = new ArrayList<>();
        for (String part : raw.split(java.util.regex.Pattern.quote(Option.MULTI_VALUE_SEPARATOR) + "|,")) {
            String value = part.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (option.choices().contains(value)) {
                if (!picked.contains(value)) {
                    picked.add(value);
                }
            } else {
                String problem = option.name() + ": " + value + " is not one of " + String.join(", ", option.choices());
                if (!problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
        return List.copyOf(picked);
    }

    /** The value as set, trimmed; empty when unset or blank and the option has no default. */
    public Optional<String> text(Option option) {
        Optional<String> set = usable(option);
        if (set.isPresent()) {
            return set;
        }
        return Optional.ofNullable(option.defaultValue()).filter(value -> !value.isBlank());
    }

    /** What was wrong, each problem once, naming its option. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The value set for {@code option} when it is set and usable; a refused one is noted and treated as unset. */
    private Optional<String> usable(Option option) {
        String value = values.get(option.name());
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<String> problem = option.problem(value);
        if (problem.isPresent()) {
            if (!problems.contains(problem.get())) {
                problems.add(problem.get());
            }
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private static void expect(Option option, boolean fits, String what) {
        if (!fits) {
            throw new IllegalArgumentException(option.name() + " is not " + what);
        }
    }
}
