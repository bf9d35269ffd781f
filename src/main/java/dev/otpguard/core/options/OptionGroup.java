package dev.otpguard.core.options;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Options that belong together (a code's rules, the password-reset options, a phone number's rules). A provider's
 * options are the union of its groups, never "everything minus these names": subtracting once leaked the reset
 * options into three required actions and listed one name twice.
 */
public record OptionGroup(List<Option> options) {

    public OptionGroup {
        options = List.copyOf(options);
        Set<String> names = new LinkedHashSet<>();
        for (Option option : options) {
            if (!names.add(option.name())) {
                throw new IllegalArgumentException("option " + option.name() + " is declared twice");
            }
        }
    }

    public static OptionGroup of(Option... options) {
        return new OptionGroup(List.of(options));
    }

    /** This group's options followed by the others'; a name in two groups is a mistake and refused. */
    public OptionGroup and(OptionGroup... others) {
        List<Option> all = new ArrayList<>(options);
        for (OptionGroup other : others) {
            all.addAll(other.options);
        }
        return new OptionGroup(all);
    }

    public List<String> names() {
        return options.stream().map(Option::name).toList();
    }
}
