package dev.otpguard.phone;

import dev.otpguard.core.contact.PhoneNumberCheck;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import dev.otpguard.channel.SmsOptions;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import dev.otpguard.exchange.CodePolicyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Options of the "Set up phone number" required action, read in one place. */
public record PhoneSetupConfig(Set<String> allowedCountries, Set<PhoneNumberType> allowedTypes, boolean allowSkip,
                               CodePolicy codes, String smsSender) {

    public static final String ALLOWED_COUNTRIES = "allowedCountries";
    public static final String NUMBER_TYPES = "allowedNumberTypes";
    public static final String ALLOW_SKIP = "allowSkip";

    private static final Option COUNTRIES = Option.text(ALLOWED_COUNTRIES, "Allowed countries",
            "ISO 3166 codes of the countries whose numbers may be enrolled, for example DE,AT,CH. "
                    + "Required: with none set, no number is accepted (SMS costs money and attracts fraud).");
    private static final Option TYPES = Option.choices(NUMBER_TYPES, "Allowed number types",
            "Line types accepted. Premium-rate, shared-cost, UAN, personal and pager numbers are always refused.",
            List.of("MOBILE", "FIXED_LINE_OR_MOBILE"), List.of("MOBILE", "FIXED_LINE_OR_MOBILE", "FIXED_LINE", "VOIP"));
    private static final Option SKIP = Option.flag(ALLOW_SKIP, "Users may skip",
            "Show a 'Not now' button; the action is then done without a number.", false);

    /** What a new number must be, and how the SMS that proves it goes out: phone setup and the phone change. */
    public static final OptionGroup NUMBER_RULES = OptionGroup.of(COUNTRIES, TYPES, SmsOptions.SENDER_OPTION);

    /** The options of "Set up phone number", declared once. */
    public static final OptionGroup OPTIONS = OptionGroup.of(COUNTRIES, TYPES, SKIP, SmsOptions.SENDER_OPTION)
            .and(CodePolicyOptions.GROUP);

    /** The configuration, or the problems that make it unusable. */
    public record Parsed(PhoneSetupConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    public static Parsed from(Map<String, String> values) {
        return read(values, true);
    }

    /** The number rules, sender and codes only: the phone change offers no "Not now". */
    public static Parsed numberRules(Map<String, String> values) {
        return read(values, false);
    }

    private static Parsed read(Map<String, String> values, boolean offersSkip) {
        Map<String, String> config = values == null ? Map.of() : values;
        OptionValues read = new OptionValues(config)
                .check(offersSkip ? OPTIONS : NUMBER_RULES.and(CodePolicyOptions.GROUP));
        List<String> problems = new ArrayList<>();
        Set<String> countries = new LinkedHashSet<>();
        Set<String> known = PhoneNumberCheck.knownRegions();
        for (String part : split(config.get(ALLOWED_COUNTRIES))) {
            String region = part.toUpperCase(Locale.ROOT);
            if (known.contains(region)) {
                countries.add(region);
            } else {
                problems.add(ALLOWED_COUNTRIES + ": '" + part + "' is not an ISO 3166 country code");
            }
        }
        Set<PhoneNumberType> types = EnumSet.noneOf(PhoneNumberType.class);
        List<String> typeValues = split(config.get(NUMBER_TYPES));
        if (typeValues.isEmpty()) {
            types.addAll(PhoneNumberCheck.DEFAULT_TYPES);
        }
        for (String value : typeValues) {
            try {
                PhoneNumberType type = PhoneNumberType.valueOf(value.toUpperCase(Locale.ROOT));
                if (!PhoneNumberCheck.ALLOWABLE_TYPES.contains(type)) {
                    problems.add(NUMBER_TYPES + ": " + value + " numbers cannot be allowed");
                }
                types.add(type);
            } catch (IllegalArgumentException e) {
                problems.add(NUMBER_TYPES + ": unknown type '" + value + "'");
            }
        }
        CodePolicy codes = CodePolicyOptions.read(read);
        problems.addAll(read.problems());
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new PhoneSetupConfig(countries, types, offersSkip && read.flag(SKIP), codes,
                read.text(SmsOptions.SENDER_OPTION).orElse(null)), List.of());
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("[,;\\s]+|##")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
