package dev.otpguard.registration;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import java.util.List;
import java.util.Map;

/**
 * Options of the registration form's "Phone number". Which numbers are accepted is not here: those are the rules of
 * "Set up phone number", which proves the number right after, so the two can never disagree.
 */
record RegistrationPhoneConfig(boolean phoneRequired) {

    static final String PHONE_REQUIRED = "phoneRequired";

    private static final Option REQUIRED = Option.flag(PHONE_REQUIRED, "Phone number required",
            "Refuse a registration without a phone number. Off: the field is optional, and a registration without "
                    + "one gets no phone setup.", false);

    static final OptionGroup OPTIONS = OptionGroup.of(REQUIRED);

    record Parsed(RegistrationPhoneConfig config, List<String> problems) {
    }

    static Parsed from(Map<String, String> values) {
        OptionValues read = new OptionValues(values == null ? Map.of() : values).check(OPTIONS);
        boolean required = read.flag(REQUIRED);
        return read.problems().isEmpty() ? new Parsed(new RegistrationPhoneConfig(required), List.of())
                : new Parsed(null, List.copyOf(read.problems()));
    }
}
