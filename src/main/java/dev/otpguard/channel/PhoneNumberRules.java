package dev.otpguard.channel;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import dev.otpguard.core.contact.PhoneNumberCheck;
import dev.otpguard.core.options.Option;
import dev.otpguard.kernel.ProviderIds;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/**
 * Which phone numbers a realm accepts for SMS codes: its countries and line types, set on "Set up phone number"
 * and read by every provider that takes a number it did not prove itself (phone setup, the phone change, the SMS
 * step with a number from a directory).
 */
public record PhoneNumberRules(Set<String> allowedCountries, Set<PhoneNumberType> allowedTypes) {

    public static final String ALLOWED_COUNTRIES = "allowedCountries";
    public static final String NUMBER_TYPES = "allowedNumberTypes";

    public static final Option COUNTRIES_OPTION = Option.text(ALLOWED_COUNTRIES, "Allowed countries",
            "ISO 3166 codes of the countries whose numbers may be enrolled, for example DE,AT,CH. "
                    + "Required: with none set, no number is accepted (SMS costs money and attracts fraud).");
    public static final Option TYPES_OPTION = Option.choices(NUMBER_TYPES, "Allowed number types",
            "Line types accepted. Premium-rate, shared-cost, UAN, personal and pager numbers are always refused.",
            List.of("MOBILE", "FIXED_LINE_OR_MOBILE"), List.of("MOBILE", "FIXED_LINE_OR_MOBILE", "FIXED_LINE", "VOIP"));

    /**
     * The rules of the realm's "Set up phone number": every other place that accepts a number (first use of a
     * directory's number, the registration form) takes these, so a number accepted there also passes phone setup.
     */
    public static PhoneNumberRules ofRealm(RealmModel realm, List<String> problems) {
        RequiredActionConfigModel setup = realm.getRequiredActionConfigByAlias(ProviderIds.PHONE_SETUP);
        return read(setup == null ? null : setup.getConfig(), problems);
    }

    /** The rules in {@code values}; what cannot be read is added to {@code problems}, naming the option. */
    public static PhoneNumberRules read(Map<String, String> values, List<String> problems) {
        Map<String, String> config = values == null ? Map.of() : values;
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
        return new PhoneNumberRules(countries, types);
    }

    public PhoneNumberCheck check() {
        return new PhoneNumberCheck(allowedCountries, allowedTypes);
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("[,;\\s]+|##")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
