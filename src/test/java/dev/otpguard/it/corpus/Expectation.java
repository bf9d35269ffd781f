package dev.otpguard.it.corpus;

import dev.otpguard.it.support.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jsoup.nodes.Element;

/**
 * The expected class of answer of a corpus case (column {@code expect}):
 * <ul>
 *     <li>{@code error=KEY(ARGS)}: our page, showing our English message KEY as the field or page error;</li>
 *     <li>{@code shows=KEY(ARGS)}: our page, showing our English message KEY and no error (for inputs whose
 *     right answer is "nothing wrong happened": a forged device cookie is simply a new device);</li>
 *     <li>{@code kc-error=KEY(ARGS)}: Keycloak's standard error page ("We are sorry..."), status 4xx, with
 *     Keycloak's own English message KEY;</li>
 *     <li>{@code kc-message=KEY(ARGS)}: a page (ours or Keycloak's login page) whose alert is Keycloak's English
 *     message KEY, status 200: Keycloak answered the request before our code saw it, and shows where to go on;</li>
 *     <li>{@code kc-expired}: Keycloak's standard "Page has expired" page, which leads back to the current step;</li>
 *     <li>{@code platform-500}: Keycloak's error page with HTTP 500, raised by the HTTP layer's form parser
 *     (RESTEasy Reactive) before any Keycloak or OTP Guard code runs. Only for bodies that Keycloak's own login
 *     form answers the same way, which the test checks each time, so the class cannot hide a 500 of ours.</li>
 * </ul>
 * ARGS are comma-separated; {@code $name} is a value of the page group (e.g. the masked address), {@code *} any
 * text. Texts come from the message bundles themselves: ours in {@code themes/theme-resources/messages}, and
 * Keycloak's in its themes jar, so a changed wording changes the expectation with it.
 */
public record Expectation(Kind kind, String key, List<String> args) {

    public enum Kind { ERROR, SHOWS, KC_ERROR, KC_MESSAGE, KC_EXPIRED, PLATFORM_500 }

    private static final Pattern SYNTAX = Pattern.compile(
            "(error|shows|kc-error|kc-message)=([A-Za-z0-9_.-]+)(?:\\((.*)\\))?|kc-expired|platform-500");

    public static Expectation parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown expectation: " + text);
        }
        if (m.group(1) == null) {
            return new Expectation(text.equals("kc-expired") ? Kind.KC_EXPIRED : Kind.PLATFORM_500, null, List.of());
        }
        Kind kind = switch (m.group(1)) {
            case "error" -> Kind.ERROR;
            case "shows" -> Kind.SHOWS;
            case "kc-message" -> Kind.KC_MESSAGE;
            default -> Kind.KC_ERROR;
        };
        List<String> args = m.group(3) == null || m.group(3).isEmpty() ? List.of() : List.of(m.group(3).split(","));
        Expectation e = new Expectation(kind, m.group(2), args);
        boolean keycloaks = kind == Kind.KC_ERROR || kind == Kind.KC_MESSAGE;
        if (keycloaks ? !Messages.keycloak().containsKey(e.key) : !Messages.ours().containsKey(e.key)) {
            throw new IllegalArgumentException("no English message " + e.key + " for expectation " + text);
        }
        return e;
    }

    /** Null when the page answers as expected, otherwise what is wrong. */
    public String mismatch(Page page, Map<String, String> vars) {
        if (page.document() == null) {
            return "expected a page, got a redirect to " + page.url();
        }
        Observed seen = Observed.of(page);
        switch (kind) {
            case ERROR -> {
                Pattern want = text(Messages.ours(), vars);
                if (seen.error == null || !want.matcher(seen.error).matches()) {
                    return "expected our error \"" + want.pattern() + "\"";
                }
                if (page.status() != 200) {
                    return "expected status 200 with our message, got " + page.status();
                }
            }
            case SHOWS -> {
                Pattern want = text(Messages.ours(), vars);
                if (!want.matcher(seen.text).find()) {
                    return "expected our message \"" + want.pattern() + "\" on the page";
                }
                if (seen.error != null) {
                    return "expected no error, but the page says \"" + seen.error + "\"";
                }
            }
            case KC_ERROR -> {
                // 405 and 413 come with Keycloak's generic text ("An internal server error has occurred")
                Pattern want = text(Messages.keycloak(), vars);
                if (seen.kcError == null || !want.matcher(seen.kcError).matches()) {
                    return "expected Keycloak's error page saying \"" + want.pattern() + "\"";
                }
                if (page.status() < 400 || page.status() > 499) {
                    return "expected a 4xx error page, got " + page.status();
                }
            }
            case KC_MESSAGE -> {
                Pattern want = text(Messages.keycloak(), vars);
                if (seen.error == null || !want.matcher(seen.error).matches() || page.status() != 200) {
                    return "expected a page with Keycloak's message \"" + want.pattern() + "\"";
                }
            }
            case KC_EXPIRED -> {
                if (!seen.expiredPage) {
                    return "expected Keycloak's \"Page has expired\" page";
                }
            }
            case PLATFORM_500 -> {
                String internal = Messages.keycloak().getProperty("internalServerError");
                if (page.status() != 500 || !internal.equals(seen.kcError)) {
                    return "expected Keycloak's error page with HTTP 500 from the form parser";
                }
            }
        }
        return null;
    }

    private Pattern text(Properties bundle, Map<String, String> vars) {
        String pattern = bundle.getProperty(key);
        Object[] values = new Object[args.size()];
        String marker = "\u0001ANY\u0001";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("*")) {
                values[i] = marker;
                pattern = withoutChoice(pattern, i);
            } else if (arg.startsWith("$")) {
                values[i] = java.util.Objects.requireNonNull(vars.get(arg.substring(1)), "no value for " + arg);
            } else if (arg.matches("\\d{1,9}")) {
                values[i] = Integer.parseInt(arg);
            } else {
                values[i] = arg;
            }
        }
        String formatted = new MessageFormat(pattern, Locale.ENGLISH).format(values).replaceAll("\\s+", " ").trim();
        StringBuilder regex = new StringBuilder();
        for (String part : formatted.split(Pattern.quote(marker), -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(part));
        }
        if (formatted.endsWith(marker)) {
            regex.append(".*?");
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * Turns {@code {i,choice,1#1 second|1<{i} seconds}} into {@code {i}}: an argument matched by "anything" has no
     * number to pick a plural form with, and any of the forms is then fine.
     */
    static String withoutChoice(String pattern, int index) {
        String start = "{" + index + ",choice,";
        int at = pattern.indexOf(start);
        while (at >= 0) {
            int depth = 0;
            int end = at;
            for (; end < pattern.length(); end++) {
                char c = pattern.charAt(end);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            pattern = pattern.substring(0, at) + "{" + index + "}" + pattern.substring(Math.min(end + 1, pattern.length()));
            at = pattern.indexOf(start);
        }
        return pattern;
    }

    /** What a page shows, for assertions and for the observed-outcomes report. */
    public record Observed(int status, String title, String error, String kcError, boolean expiredPage,
                           String info, String text) {

        public static Observed of(Page page) {
            if (page.document() == null) {
                return new Observed(page.status(), "(redirect)", null, null, false, null, page.url());
            }
            var doc = page.document();
            String title = textOf(doc.getElementById("kc-page-title"));
            String error = null;
            Element field = doc.selectFirst("[id^=input-error-]:not([id^=input-error-container])");
            if (field != null) {
                error = field.text();
            } else {
                Element alert = doc.selectFirst(".pf-v5-c-alert.pf-m-danger, .pf-v5-c-alert.pf-m-warning");
                if (alert != null && doc.getElementById("kc-error-message") == null) {
                    error = alert.text();
                }
            }
            Element kc = doc.selectFirst("#kc-error-message .instruction");
            boolean expired = doc.getElementById("loginContinueLink") != null
                    && doc.getElementById("loginRestartLink") != null;
            String info = textOf(doc.selectFirst("#kc-info-message .instruction, .pf-v5-c-alert.pf-m-success, "
                    + ".pf-v5-c-alert.pf-m-info"));
            return new Observed(page.status(), title, error, kc == null ? null : kc.text(), expired, info,
                    doc.body() == null ? "" : doc.body().text());
        }

        private static String textOf(Element e) {
            return e == null ? null : e.text();
        }

        /** One line for the report. */
        public String summary() {
            StringBuilder s = new StringBuilder().append(status).append(" title=").append(title);
            if (error != null) {
                s.append(" | our error: ").append(error);
            }
            if (kcError != null) {
                s.append(" | keycloak error: ").append(kcError);
            }
            if (expiredPage) {
                s.append(" | page-expired page");
            }
            if (info != null) {
                s.append(" | info: ").append(info);
            }
            return s.toString().replace('\t', ' ').replace('\n', ' ');
        }
    }

    /** The English message bundles: ours, and Keycloak's login theme (base, overlaid by keycloak.v2). */
    public static final class Messages {
        private static Properties ours;
        private static Properties keycloak;

        private Messages() {
        }

        public static synchronized Properties ours() {
            if (ours == null) {
                Path file = Path.of(System.getProperty("otpguard.project.dir", "."),
                        "themes/theme-resources/messages/messages_en.properties");
                ours = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    ours.load(reader);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return ours;
        }

        public static synchronized Properties keycloak() {
            if (keycloak == null) {
                Properties props = new Properties();
                Path lib = Path.of(System.getProperty("keycloak.home", "target/keycloak"), "lib", "lib", "main");
                try (var files = Files.list(lib)) {
                    Path themes = files.filter(p -> p.getFileName().toString().matches(
                            "org\\.keycloak\\.keycloak-themes-\\d.*\\.jar")).findFirst().orElseThrow(
                            () -> new IllegalStateException("no keycloak-themes jar in " + lib));
                    try (ZipFile zip = new ZipFile(themes.toFile())) {
                        for (String name : List.of("theme/base/login/messages/messages_en.properties",
                                "theme/keycloak.v2/login/messages/messages_en.properties")) {
                            ZipEntry entry = zip.getEntry(name);
                            if (entry != null) {
                                try (InputStream in = zip.getInputStream(entry)) {
                                    props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                keycloak = props;
            }
            return keycloak;
        }
    }
}
