package dev.otpguard.kernel;

import java.util.Locale;

/**
 * Whether a language is written right to left, the way Keycloak's login theme decides it (the script of the
 * language's own name), and how a left-to-right value (a masked address, a number, a typed username) keeps its
 * order inside a right-to-left sentence.
 */
public final class TextDirection {

    /** U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE. */
    private static final String ISOLATE = "\u2068";
    private static final String END_ISOLATE = "\u2069";

    private TextDirection() {
    }

    public static boolean rightToLeft(Locale locale) {
        if (locale == null) {
            return false;
        }
        String name = locale.getDisplayLanguage(locale);
        if (name.isEmpty()) {
            return false;
        }
        byte direction = Character.getDirectionality(name.codePointAt(0));
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /**
     * The value as a unit of its own direction: without it, an address such as {@code a***@e***.test} in an Arabic
     * sentence is shown with its parts in reverse order ({@code .test***e@***a}).
     */
    public static String isolated(String value) {
        return value == null ? null : ISOLATE + value + END_ISOLATE;
    }
}
