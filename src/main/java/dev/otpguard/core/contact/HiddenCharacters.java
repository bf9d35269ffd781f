package dev.otpguard.core.contact;

/**
 * Characters a person cannot see or type on purpose: control and format characters (bidi overrides such as
 * U+202E, zero-width spaces and joiners, the byte-order mark), separators other than the ASCII space, private-use,
 * unassigned and lone surrogate code points. Typed contact values containing them are refused: they make a stored
 * address look like another one, or make it undeliverable while looking fine (checklist G3, "unicode tricks").
 */
public final class HiddenCharacters {

    private HiddenCharacters() {
    }

    /** Whether {@code text} contains at least one hidden character. */
    public static boolean present(String text) {
        return text.codePoints().anyMatch(HiddenCharacters::hidden);
    }

    static boolean hidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
            case Character.SPACE_SEPARATOR -> cp != ' ';
            default -> false;
        };
    }
}
