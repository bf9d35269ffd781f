package dev.otpguard.core.delivery;

/**
 * Which alphabet an SMS goes out in, and the typographic punctuation that should not decide it. A text whose every
 * character is in the GSM 03.38 alphabet is sent as GSM-7 (160 characters per segment); one character outside it
 * (an ellipsis, a curly apostrophe) turns the whole text into UCS-2 (70 per segment), so the sign-in SMS of a
 * Latin-script language would cost two segments for one "…".
 */
public final class SmsEncoding {

    /** GSM 03.38 basic character set. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table: each takes an escape septet as well. */
    private static final String EXTENSION = "^{}\\[~]|€\f";

    private SmsEncoding() {
    }

    /**
     * How long a text is in the alphabet it goes out in: GSM-7 septets (an extension character takes two) or UCS-2
     * code units. One segment holds 160 septets or 70 code units; longer texts are split into parts of 153 or 67.
     */
    public record Length(boolean gsm7, int units) {
        public int segments() {
            int single = gsm7 ? 160 : 70;
            int part = gsm7 ? 153 : 67;
            return units <= single ? 1 : (units + part - 1) / part;
        }
    }

    public static Length measure(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return new Length(false, text.length());
            }
        }
        return new Length(true, septets);
    }

    public static boolean isGsm7(String text) {
        return measure(text).gsm7();
    }

    /**
     * The text with typographic punctuation in its plain form (… as ..., curly quotes as straight ones, dashes as
     * hyphens, no-break spaces as spaces) when that makes it GSM-7; otherwise the text as it is, since in UCS-2 the
     * typographic forms cost nothing and read better.
     */
    public static String preferGsm7(String text) {
        if (text == null || isGsm7(text)) {
            return text;
        }
        String plain = text.replace("\u2026", "...").replace('\u2018', '\'').replace('\u2019', '\'')
                .replace('\u201A', '\'').replace('\u201C', '"').replace('\u201D', '"').replace('\u201E', '"')
                .replace('\u2013', '-').replace('\u2014', '-').replace('\u00A0', ' ').replace('\u202F', ' ')
                .replace('\u2009', ' ');
        return isGsm7(plain) ? plain : text;
    }
}
