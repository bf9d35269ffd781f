package dev.otpguard.it.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus, {@code src/test/resources/corpus/bad-input.tsv}: one case per line, six tab-separated
 * columns {@code id page part target value expect}. Lines starting with {@code #} and blank lines are skipped.
 *
 * <p>The value column is text with escapes, so that invisible and control characters stay readable:
 * <code>&#92;&#92; &#92;t &#92;r &#92;n &#92;0 &#92;uXXXX &#92;u{XXXXX}</code>; {@code {{repeat N TEXT}}} stands for
 * TEXT written N times;
 * {@code (empty)} is the empty string and {@code (absent)} means "not sent at all". A value that starts with
 * {@code ~} is a transformation of a genuine value (a cookie or token the server issued), which the page
 * group applies; {@code $name} placeholders are filled in by the page group (the right code, another user's
 * address, ...).
 */
public final class Corpus {

    public static final String RESOURCE = "/corpus/bad-input.tsv";
    public static final String ABSENT = "(absent)";
    public static final Set<String> PAGES = Set.of("code", "sms-code", "phone-setup", "update-email",
            "update-email-code", "update-phone", "device-cookie", "not-me", "revert-contact");
    public static final Set<String> PARTS = Set.of("field", "body", "query", "method", "cookie", "token",
            "token-confirmed", "link-query", "link-method", "confirm-link");

    private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat (\\d+) (.*?)}}");

    private Corpus() {
    }

    /** One line of the corpus. */
    public record Case(int line, String id, String page, String part, String target, String value, String expect) {

        /** Whether the value says "do not send this at all". */
        public boolean absent() {
            return ABSENT.equals(value);
        }

        /** The value with escapes and repetitions expanded; placeholders and transformations stay as they are. */
        public String decoded() {
            return decode(value);
        }

        @Override
        public String toString() {
            // JUnit's display name: short, printable, whatever the value holds
            return id;
        }
    }

    public static List<Case> load() {
        try (InputStream in = Corpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> parse(String text) {
        List<Case> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            int number = i + 1;
            if (cols.length != 6) {
                throw new IllegalArgumentException("line " + number + ": expected 6 tab-separated columns, got "
                        + cols.length + ": " + line);
            }
            Case c = new Case(number, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]);
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("line " + number + ": duplicate id " + c.id());
            }
            if (!PAGES.contains(c.page())) {
                throw new IllegalArgumentException("line " + number + ": unknown page " + c.page());
            }
            if (!PARTS.contains(c.part())) {
                throw new IllegalArgumentException("line " + number + ": unknown part " + c.part());
            }
            if (c.value().isEmpty()) {
                throw new IllegalArgumentException("line " + number + ": empty value column; write (empty)");
            }
            Expectation.parse(c.expect());
            decode(c.value());
            cases.add(c);
        }
        return cases;
    }

    /** Expands escapes and {@code {{repeat N TEXT}}}; see the class comment. */
    public static String decode(String value) {
        if ("(empty)".equals(value) || ABSENT.equals(value)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        Matcher m = REPEAT.matcher(value);
        int last = 0;
        while (m.find()) {
            out.append(unescape(value.substring(last, m.start())));
            out.append(unescape(m.group(2)).repeat(Integer.parseInt(m.group(1))));
            last = m.end();
        }
        out.append(unescape(value.substring(last)));
        return out.toString();
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case '0' -> out.append('\0');
                case 'u' -> {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '{') {
                        int close = s.indexOf('}', i);
                        out.appendCodePoint(Integer.parseInt(s.substring(i + 2, close), 16));
                        i = close;
                    } else {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + n + " in " + s);
            }
        }
        return out.toString();
    }
}
