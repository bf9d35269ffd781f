package dev.otpguard.code;

/**
 * Where a code went, shortened so a user recognises their own address or number (checklist D4) while logs,
 * events and screens never carry the whole of it (G1).
 */
public final class MaskedDestination {

    private MaskedDestination() {
    }

    /** {@code john.doe@example.com} becomes {@code j***@e***.com}. */
    public static String email(String address) {
        if (address == null) {
            return "***";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "***";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        int lastDot = domain.lastIndexOf('.');
        String tld = lastDot > 0 && lastDot < domain.length() - 1 ? domain.substring(lastDot) : "";
        return firstCodePoint(local) + "***@" + firstCodePoint(domain) + "***" + tld;
    }

    /** {@code +4915112345667} becomes {@code …67}: the last two digits only. */
    public static String phone(String number) {
        if (number == null) {
            return "…";
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() < 4) {
            return "…";
        }
        return "…" + digits.substring(digits.length() - 2);
    }

    private static String firstCodePoint(String s) {
        return new String(Character.toChars(s.codePointAt(0)));
    }
}
