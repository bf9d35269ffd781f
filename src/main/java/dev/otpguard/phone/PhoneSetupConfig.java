package dev.otpguard.phone;


import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import dev.otpguard.channel.PhoneNumberRules;
import dev.otpguard.channel.SmsOptions;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import dev.otpguard.exchange.CodePolicyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Options of the "Set up phone number" required action, read in one place. */
public record PhoneSetupConfig(Set<String> allowedCountries, Set<PhoneNumberType> allowedTypes, boolean allowSkip,
                               CodePolicy codes, String smsSender) {

    public static final String ALLOWED_COUNTRIES = PhoneNumberRules.ALLOWED_COUNTRIES;
    public static final String NUMBER_TYPES = PhoneNumberRules.NUMBER_TYPES;
    public static final String ALLOW_SKIP = "allowSkip";

    private static final Option COUNTRIES = PhoneNumberRules.COUNTRIES_OPTION;
    private static final Option TYPES = PhoneNumberRules.TYPES_OPTION;
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
        PhoneNumberRules rules = PhoneNumberRules.read(config, problems);
        CodePolicy codes = CodePolicyOptions.read(read);
        problems.addAll(read.problems());
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new PhoneSetupConfig(rules.allowedCountries(), rules.allowedTypes(),
                offersSkip && read.flag(SKIP), codes, read.text(SmsOptions.SENDER_OPTION).orElse(null)), List.of());
    }
}
