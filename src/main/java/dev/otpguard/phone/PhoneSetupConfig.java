package dev.otpguard.phone;

import dev.otpguard.core.contact.PhoneNumberCheck;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import dev.otpguard.step.CodeStepConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Options of the "Set up phone number" required action, read in one place. */
public record PhoneSetupConfig(Set<String> allowedCountries, Set<PhoneNumberType> allowedTypes, boolean allowSkip,
                               CodeStepConfig codes, String smsSender) {

    public static final String ALLOWED_COUNTRIES = "allowedCountries";
    public static final String NUMBER_TYPES = "allowedNumberTypes";
    public static final String ALLOW_SKIP = "allowSkip";
    public static final String SMS_SENDER = "smsSender";

    /** The configuration, or the problems that make it unusable. */
    public record Parsed(PhoneSetupConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    public static Parsed from(Map<String, String> values) {
        Map<String, String> config = values == null ? Map.of() : values;
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
        CodeStepConfig.Parsed codes = CodeStepConfig.from(config, CodeStepConfig.MissingContactOption.PHONE);
        problems.addAll(codes.problems());
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        String sender = config.get(SMS_SENDER);
        return new Parsed(new PhoneSetupConfig(countries, types, Boolean.parseBoolean(config.get(ALLOW_SKIP)),
                codes.config(), sender == null || sender.isBlank() ? null : sender), List.of());
    }

    public static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> all = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(ALLOWED_COUNTRIES).label("Allowed countries")
                .helpText("ISO 3166 codes of the countries whose numbers may be enrolled, for example DE,AT,CH. "
                        + "Required: with none set, no number is accepted (SMS costs money and attracts fraud).")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(NUMBER_TYPES).label("Allowed number types")
                .helpText("Line types accepted. Premium-rate, shared-cost, UAN, personal and pager numbers are "
                        + "always refused.")
                .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                .options("MOBILE", "FIXED_LINE_OR_MOBILE", "FIXED_LINE", "VOIP")
                .defaultValue("MOBILE##FIXED_LINE_OR_MOBILE").add()
                .property().name(ALLOW_SKIP).label("Users may skip")
                .helpText("Show a 'Not now' button; the action is then done without a number.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(SMS_SENDER).label("SMS sender")
                .helpText("Sender provider; empty for the server's default.")
                .type(ProviderConfigProperty.LIST_TYPE).options("", "twilio", "twilio-verify", "log")
                .defaultValue("").add()
                .build());
        CodeStepConfig.properties(CodeStepConfig.MissingContactOption.PHONE).stream()
                .filter(p -> !p.getName().equals(CodeStepConfig.MISSING_PHONE))
                .forEach(all::add);
        return List.copyOf(all);
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("[,;\\s]+|##")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
