package dev.otpguard.core.code;

/**
 * What a person typed into a code field, cleaned up the way a person would expect (checklist A8, A9):
 * spaces and dashes from copy-paste are dropped; only ASCII digits count; oversized input is refused unread.
 */
public final class CodeInput {

    /** Longer input is refused before anything else looks at it. */
    public static final int MAX_RAW_LENGTH = 64;

    public enum Problem { EMPTY, TOO_LONG, NON_ASCII_DIGITS, NOT_DIGITS }

    private final String digits;
    private final Problem problem;

    private CodeInput(String digits, Problem problem) {
        this.digits = digits;
        this.problem = problem;
    }

    public static CodeInput parse(String raw) {
        if (raw == null) {
            return new CodeInput(null, Problem.EMPTY);
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            return new CodeInput(null, Problem.TOO_LONG);
        }
        StringBuilder kept = new StringBuilder(raw.length());
        boolean nonAsciiDigit = false;
        boolean other = false;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= '0' && cp <= '9') {
                kept.append((char) cp);
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '-' || cp == '\u2010'
                    || cp == '\u2011' || cp == '\u2012' || cp == '\u2013' || cp == '\u2212') {
                // separators people paste from emails and SMS apps
            } else if (Character.isDigit(cp)) {
                nonAsciiDigit = true;
            } else {
                other = true;
            }
        }
        if (nonAsciiDigit) {
            return new CodeInput(null, Problem.NON_ASCII_DIGITS);
        }
        if (other) {
            return new CodeInput(null, Problem.NOT_DIGITS);
        }
        if (kept.isEmpty()) {
            return new CodeInput(null, Problem.EMPTY);
        }
        return new CodeInput(kept.toString(), null);
    }

    public boolean isUsable() {
        return problem == null;
    }

    public Problem problem() {
        return problem;
    }

    /** The ASCII digits typed; only call when {@link #isUsable()}. */
    public String digits() {
        if (problem != null) {
            throw new IllegalStateException("input is not usable: " + problem);
        }
        return digits;
    }

    @Override
    public String toString() {
        // never reveal what was typed, even in a debugger or an accidental log line
        return problem == null ? "CodeInput[digits]" : "CodeInput[" + problem + "]";
    }
}
