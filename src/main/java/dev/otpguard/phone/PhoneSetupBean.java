package dev.otpguard.phone;

import dev.otpguard.core.contact.PhoneNumberCheck;

import java.util.List;
import java.util.Locale;

/** What the phone setup page shows: the countries a number may come from, and whether skipping is allowed. */
public final class PhoneSetupBean {

    /** One entry of the country selector (a plain bean: FreeMarker reads getters, not record accessors). */
    public static final class Country {
        private final String code;
        private final String name;
        private final int callingCode;
        private final boolean selected;

        Country(String code, String name, int callingCode, boolean selected) {
            this.code = code;
            this.name = name;
            this.callingCode = callingCode;
            this.selected = selected;
        }

        public String getCode() {
            return code;
        }

        public String getName() {
            return name;
        }

        public int getCallingCode() {
            return callingCode;
        }

        public boolean isSelected() {
            return selected;
        }
    }

    private final List<Country> countries;
    private final boolean allowSkip;
    private final String prefill;

    public PhoneSetupBean(PhoneSetupConfig config, String selected, Locale locale) {
        this(config, selected, locale, null);
    }

    /** {@code prefill}: a number the user has but has not proved, shown in the field to confirm. */
    public PhoneSetupBean(PhoneSetupConfig config, String selected, Locale locale, String prefill) {
        this.prefill = prefill;
        String chosen = selected != null && config.allowedCountries().contains(selected) ? selected
                : config.allowedCountries().stream().findFirst().orElse(null);
        this.countries = config.allowedCountries().stream()
                .map(code -> new Country(code, new Locale("", code).getDisplayCountry(locale),
                        PhoneNumberCheck.countryCallingCode(code), code.equals(chosen)))
                .toList();
        this.allowSkip = config.allowSkip();
    }

    public List<Country> getCountries() {
        return countries;
    }

    /** The number already in the field, or null. */
    public String getPrefill() {
        return prefill;
    }

    public boolean isAllowSkip() {
        return allowSkip;
    }
}
