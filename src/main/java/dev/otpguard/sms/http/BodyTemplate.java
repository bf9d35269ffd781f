package dev.otpguard.sms.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request body: the operator's template with {@code {{to}}}, {@code {{to_digits}}}, {@code {{text}}},
 * {@code {{from}}} and {@code {{realm}}}, each value escaped for the body's format (inside a JSON string, or
 * URL-encoded in a form). A value can never end its string or field and add a member of its own, whatever the
 * user's locale puts in the text or an admin in the realm's name. Double braces, not {@code ${...}}: Keycloak expands
 * {@code ${...}} in server options itself, and in JSON {@code {{} cannot occur.
 */
final class BodyTemplate {

    enum Format {
        JSON("application/json; charset=utf-8"), FORM("application/x-www-form-urlencoded; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        String contentType() {
            return contentType;
        }
    }

    static final Set<String> VARIABLES = Set.of("to", "to_digits", "text", "from", "realm");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String template;
    private final Format format;

    private BodyTemplate(String template, Format format) {
        this.template = template;
        this.format = format;
    }

    /** The template, or the problems that make it unusable (named for the operator, the template not quoted). */
    static BodyTemplate parse(String template, Format format, List<String> problems) {
        if (template == null || template.isBlank()) {
            problems.add("body is not set");
            return null;
        }
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!VARIABLES.contains(m.group(1))) {
                unknown.add("{{" + printable(m.group(1)) + "}}");
            }
        }
        if (!unknown.isEmpty()) {
            problems.add("body names unknown variables " + unknown + " (known: {{to}}, {{to_digits}}, {{text}}, "
                + "{{from}}, {{realm}})");
            return null;
        }
        BodyTemplate body = new BodyTemplate(template, format);
        if (format == Format.JSON) {
            try {
                // with sample values that need escaping: a template that is not JSON is refused at start-up
                JSON.readTree(body.render(Map.of("to", "+10000000000", "to_digits", "10000000000",
                        "text", "\"quote\\ \n", "from", "x", "realm", "r")));
            } catch (IOException e) {
                problems.add("body is not valid JSON once its variables are filled in (put each {{...}} inside a "
                        + "JSON string)");
                return null;
            }
        }
        return body;
    }

    String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(escape(value == null ? "" : value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    Format format() {
        return format;
    }

    private String escape(String value) {
        return format == Format.FORM ? URLEncoder.encode(value, StandardCharsets.UTF_8) : jsonString(value);
    }

    /** The inside of a JSON string: quotes, backslashes and every control character escaped. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
