package dev.otpguard.core.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a typed phone number may receive codes: parsed and validated with libphonenumber, normalized to
 * E.164, from an allowed country, and of an allowed line type (checklist C4, C5, C6). Premium-rate and shared-cost
 * numbers are never allowed: they are what SMS-pumping fraud sends to.
 */
public final class PhoneNumberCheck {

    /** What is wrong with a typed number, with the message that tells the user. */
    public enum Problem {
        EMPTY("otpGuardPhoneMissing"),
        TOO_LONG("otpGuardPhoneInvalid"),
        INVALID("otpGuardPhoneInvalid"),
        COUNTRY_NOT_ALLOWED("otpGuardPhoneCountryNotAllowed"),
        TYPE_NOT_ALLOWED("otpGuardPhoneTypeNotAllowed"),
        NO_COUNTRY_ALLOWED("otpGuardPhoneNoCountry");

        private final String messageKey;

        Problem(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    /** The checked number: E.164 when accepted, otherwise the problem. */
    public record Result(String e164, String region, Problem problem) {
        public boolean accepted() {
            return problem == null;
        }

        static Result refused(Problem problem) {
            return new Result(null, null, problem);
        }
    }

    public static final Set<PhoneNumberType> DEFAULT_TYPES = EnumSet.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE);
    /** The types an admin may allow in addition; every other type is refused whatever the configuration says. */
    public static final Set<PhoneNumberType> ALLOWABLE_TYPES = EnumSet.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.VOIP);

    private static final int MAX_INPUT = 64;
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final Set<String> allowedRegions;
    private final Set<PhoneNumberType> allowedTypes;

    public PhoneNumberCheck(Set<String> allowedRegions, Set<PhoneNumberType> allowedTypes) {
        this.allowedRegions = Set.copyOf(allowedRegions);
        EnumSet<PhoneNumberType> types = EnumSet.noneOf(PhoneNumberType.class);
        types.addAll(allowedTypes);
        types.retainAll(ALLOWABLE_TYPES);
        this.allowedTypes = types;
    }

    /** ISO 3166 region codes libphonenumber knows, for validating admin input and the country selector. */
    public static Set<String> knownRegions() {
        return new TreeSet<>(UTIL.getSupportedRegions());
    }

    public static int countryCallingCode(String region) {
        return UTIL.getCountryCodeForRegion(region);
    }

    /**
     * @param raw            what the user typed, with or without a leading +
     * @param selectedRegion the country chosen in the selector, used when the number has no + prefix
     */
    public Result check(String raw, String selectedRegion) {
        if (allowedRegions.isEmpty()) {
            return Result.refused(Problem.NO_COUNTRY_ALLOWED);
        }
        if (raw == null || raw.isBlank()) {
            return Result.refused(Problem.EMPTY);
        }
        if (raw.length() > MAX_INPUT) {
            return Result.refused(Problem.TOO_LONG);
        }
        String region = selectedRegion == null ? null : selectedRegion.trim().toUpperCase(Locale.ROOT);
        PhoneNumber number;
        try {
            number = UTIL.parse(raw.trim(), region == null || region.isEmpty() ? "ZZ" : region);
        } catch (NumberParseException e) {
            return Result.refused(Problem.INVALID);
        }
        if (!UTIL.isValidNumber(number)) {
            return Result.refused(Problem.INVALID);
        }
        String numberRegion = UTIL.getRegionCodeForNumber(number);
        if (numberRegion == null || !allowedRegions.contains(numberRegion)) {
            return Result.refused(Problem.COUNTRY_NOT_ALLOWED);
        }
        if (!allowedTypes.contains(UTIL.getNumberType(number))) {
            return Result.refused(Problem.TYPE_NOT_ALLOWED);
        }
        return new Result(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), numberRegion, null);
    }
}
