package dev.otpguard.core.contact;

/**
 * Where a code went, shortened so a user recognises their own address or number (checklist D4) while logs,
 * events and screens never carry the whole of it (G1).
 */
public final class MaskedDestination {

    private static final String STARS = "***";
    private static final String ELLIPSIS = "…";
    private static final int MIN_PHONE_DIGITS = 4;
    private static final int PHONE_TAIL = 2;

    private MaskedDestination() {
    }

    /**
     * Two destinations shown together ("changed from … to …", "the last code went to …"), masked so that they
     * read differently whenever they are different.
     */
    public record Pair(String first, String second) {
    }

    /** {@code john.doe@example.com} becomes {@code j***@e***.com}. */
    public static String email(String address) {
        Email parts = Email.of(address);
        if (parts == null) {
            return STARS;
        }
        return firstCodePoint(parts.local) + STARS + "@" + firstCodePoint(parts.domain) + STARS + parts.tld;
    }

    /**
     * Both addresses masked as by {@link #email(String)}, except that when those masks are the same for two
     * different addresses, the part that differs (the local part, else the domain) shows just enough more of
     * each to tell them apart: the shortest differing start, or the first letter and the shortest differing end.
     * {@code olga@post.test} and {@code otto@pier.test} become {@code ol***@p***.test} and {@code ot***@p***.test}.
     */
    public static Pair email(String a, String b) {
        String maskA = email(a);
        String maskB = email(b);
        Email x = Email.of(a);
        Email y = Email.of(b);
        if (!maskA.equals(maskB) || x == null || y == null || a.equalsIgnoreCase(b)) {
            return new Pair(maskA, maskB);
        }
        String domainX = firstCodePoint(x.domain) + STARS + x.tld;
        String domainY = firstCodePoint(y.domain) + STARS + y.tld;
        if (!x.local.equalsIgnoreCase(y.local)) {
            Pair locals = apart(x.local, y.local, STARS);
            return new Pair(locals.first + "@" + domainX, locals.second + "@" + domainY);
        }
        String localMask = firstCodePoint(x.local) + STARS + "@";
        Pair domains = apart(x.domainBody(), y.domainBody(), STARS);
        return new Pair(localMask + domains.first + x.tld, localMask + domains.second + y.tld);
    }

    /** {@code +4915112345667} becomes {@code …67}: the last two digits only. */
    public static String phone(String number) {
        String digits = digits(number);
        if (digits.length() < MIN_PHONE_DIGITS) {
            return ELLIPSIS;
        }
        return ELLIPSIS + digits.substring(digits.length() - PHONE_TAIL);
    }

    /**
     * Both numbers masked as by {@link #phone(String)}, except that two different numbers ending in the same two
     * digits show as few more digits as tell them apart: more of the end ({@code …667} and {@code …567}), or,
     * when that would show more, the start up to the first difference ({@code +4915…67} and {@code +4917…67}).
     */
    public static Pair phone(String a, String b) {
        String maskA = phone(a);
        String maskB = phone(b);
        String x = digits(a);
        String y = digits(b);
        if (!maskA.equals(maskB) || x.length() < MIN_PHONE_DIGITS || y.length() < MIN_PHONE_DIGITS || x.equals(y)) {
            return new Pair(maskA, maskB);
        }
        int shorter = Math.min(x.length(), y.length());
        int sameEnd = commonSuffix(x, y);
        int sameStart = commonPrefix(x, y);
        boolean endWorks = sameEnd < shorter;
        boolean startWorks = sameStart < shorter;
        if (endWorks && (!startWorks || sameEnd + 1 <= sameStart + 1 + PHONE_TAIL)) {
            return new Pair(ELLIPSIS + x.substring(x.length() - sameEnd - 1), ELLIPSIS + y.substring(y.length() - sameEnd - 1));
        }
        if (startWorks) {
            return new Pair(plus(a) + x.substring(0, sameStart + 1) + maskA, plus(b) + y.substring(0, sameStart + 1) + maskB);
        }
        // one number is both the start and the end of the other (1111 and 11111): only the whole tells them apart
        return new Pair(plus(a) + x, plus(b) + y);
    }

    /** Masks two different texts that the one-letter mask shows alike, revealing the shortest difference. */
    private static Pair apart(String a, String b, String hidden) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int shorter = Math.min(x.length, y.length);
        int sameStart = 0;
        while (sameStart < shorter && x[sameStart] == y[sameStart]) {
            sameStart++;
        }
        int sameEnd = 0;
        while (sameEnd < shorter - 1 && x[x.length - 1 - sameEnd] == y[y.length - 1 - sameEnd]) {
            sameEnd++;
        }
        boolean startWorks = sameStart < shorter;
        // the end is shown after the first letter, so it must not reach back into it
        boolean endWorks = x[x.length - 1 - sameEnd] != y[y.length - 1 - sameEnd] && sameEnd + 1 < shorter;
        if (startWorks && (!endWorks || sameStart + 1 <= sameEnd + 2)) {
            return new Pair(text(x, 0, sameStart + 1) + hidden, text(y, 0, sameStart + 1) + hidden);
        }
        if (endWorks) {
            return new Pair(text(x, 0, 1) + hidden + text(x, x.length - sameEnd - 1, x.length),
                    text(y, 0, 1) + hidden + text(y, y.length - sameEnd - 1, y.length));
        }
        // one is the start of the other and they end alike ("ann" and "anna"... "aa" and "aaa"): show both whole
        return new Pair(a, b);
    }

    /** The parts of an address the masks are made of; null when it is not an address. */
    private record Email(String local, String domain, String tld) {
        static Email of(String address) {
            if (address == null) {
                return null;
            }
            int at = address.lastIndexOf('@');
            if (at <= 0 || at == address.length() - 1) {
                return null;
            }
            String domain = address.substring(at + 1);
            int lastDot = domain.lastIndexOf('.');
            String tld = lastDot > 0 && lastDot < domain.length() - 1 ? domain.substring(lastDot) : "";
            return new Email(address.substring(0, at), domain, tld);
        }

        String domainBody() {
            return domain.substring(0, domain.length() - tld.length());
        }
    }

    private static String digits(String number) {
        StringBuilder digits = new StringBuilder();
        if (number != null) {
            for (int i = 0; i < number.length(); i++) {
                char c = number.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits.append(c);
                }
            }
        }
        return digits.toString();
    }

    private static String plus(String number) {
        return number.startsWith("+") ? "+" : "";
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static int commonSuffix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(a.length() - 1 - n) == b.charAt(b.length() - 1 - n)) {
            n++;
        }
        return n;
    }

    private static String text(int[] codePoints, int from, int to) {
        return new String(codePoints, from, to - from);
    }

    private static String firstCodePoint(String s) {
        return new String(Character.toChars(s.codePointAt(0)));
    }
}
