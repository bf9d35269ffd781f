package dev.otpguard.core.contact;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Set;

/**
 * The country calling code of a stored (E.164) number, as a value from a closed set: one of the calling codes
 * libphonenumber knows (about 215), or {@value #OTHER}. Operators count SMS by it to see pumping towards unusual
 * destinations, and a closed set keeps any metric tagged with it from growing with what users type.
 */
public final class CallingCode {

    /** Anything that is not an E.164 number with a known calling code. */
    public static final String OTHER = "other";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Calling codes have one to three digits; E.164 numbers at most 15. */
    private static final int LONGEST_CODE = 3;
    private static final int LONGEST_NUMBER = 16;

    private CallingCode() {
    }

    /** The calling code's digits ("49" for +49…), or {@value #OTHER}. */
    public static String of(String e164) {
        if (e164 == null || e164.length() < 2 || e164.length() > LONGEST_NUMBER || e164.charAt(0) != '+'
                || e164.charAt(1) == '0') {
            return OTHER;
        }
        for (int i = 1; i < e164.length(); i++) {
            if (e164.charAt(i) < '0' || e164.charAt(i) > '9') {
                return OTHER;
            }
        }
        Set<Integer> known = PHONES.getSupportedCallingCodes();
        int code = 0;
        // calling codes are prefix-free (ITU-T E.164), so the first known prefix is the code
        for (int i = 1; i <= LONGEST_CODE && i < e164.length(); i++) {
            code = code * 10 + (e164.charAt(i) - '0');
            if (known.contains(code)) {
                return Integer.toString(code);
            }
        }
        return OTHER;
    }
}
