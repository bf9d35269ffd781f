package dev.otpguard.kernel;

/**
 * Makes text that someone else controls (a User-Agent, names, a realm's display name, a typed username) safe to
 * put into a notice, a mail subject or a page: line breaks and tabs become one space (a CR/LF in a subject could
 * start a new mail header), bidi controls and zero-width characters are dropped (they can make a line read as
 * something else, such as a reversed address), other control characters are dropped, and the result is cut at
 * {@value #MAX_LENGTH} characters with "…". HTML escaping is left to the templates, which escape every value.
 */
public final class NoticeText {

    public static final int MAX_LENGTH = 100;
    private static final String CUT = "…";

    private NoticeText() {
    }

    /** The cleaned text; null stays null. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_LENGTH + 1));
        int count = 0;
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r' || c == '\n' || c == '\t' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                    count++;
                }
                continue;
            }
            if (isInvisibleControl(c)) {
                continue;
            }
            if (count == MAX_LENGTH) {
                return out.toString().stripTrailing() + CUT;
            }
            out.appendCodePoint(c);
            count++;
        }
        return out.toString().strip();
    }

    /** The cleaned text as a template value that {@code msg()} never reads as a message key. */
    public static LiteralText literal(String raw) {
        return LiteralText.of(clean(raw));
    }

    private static boolean isInvisibleControl(int c) {
        return (c >= 0x202A && c <= 0x202E) // embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069) // isolates
                || c == 0x200E || c == 0x200F || c == 0x061C // directional marks
                || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF // zero-width
                || Character.getType(c) == Character.CONTROL;
    }
}
