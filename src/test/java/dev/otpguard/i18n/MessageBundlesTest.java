package dev.otpguard.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ChoiceFormat;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the message bundles under {@code themes/theme-resources/messages}: every translation has exactly the keys
 * of the English bundle, the same MessageFormat arguments, formats without error or lost characters, and is not
 * left in English unless {@code src/test/resources/i18n/same-as-english.txt} says why.
 *
 * <p>Keycloak (26.x, {@code ClasspathThemeResourceProviderFactory}) reads a provider jar's bundle for a realm
 * locale {@code tag} from {@code theme-resources/messages/messages_<Locale.forLanguageTag(tag)>.properties}, so the
 * realm locale {@code pt-BR} reads {@code messages_pt_BR} and {@code zh-CN} reads {@code messages_zh_CN}.
 * (Keycloak's own themes name their Chinese bundle {@code zh_Hans}; that mapping exists only for theme folders and
 * jars, never for theme-resources, so a {@code messages_zh_Hans.properties} of ours would never be read.)
 */
class MessageBundlesTest {

    /** Realm "supported locales" codes we ship a translation for. */
    private static final List<String> REQUIRED_LOCALES =
            List.of("de", "fr", "es", "it", "nl", "pl", "pt-BR", "ja", "zh-CN", "sv", "da", "no", "fi", "cs", "hu", "tr",
                    "uk", "ko", "ar");

    private static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path MESSAGES = PROJECT.resolve("themes/theme-resources/messages");
    private static final String ALLOW_LIST = "/i18n/same-as-english.txt";
    private static final Pattern FILE_NAME = Pattern.compile("messages_(.+)\\.properties");

    /** Numbers a choice argument is formatted with: minutes 1–10, attempts 1–10, days 1–400, seconds up to 900. */
    private static final List<Integer> CHOICE_SAMPLES = List.of(1, 2, 3, 4, 5, 7, 10, 21, 22, 25, 30, 400, 900);

    // ---------------------------------------------------------------- the bundles on disk

    @Test
    void everyRequiredLocaleHasABundle() {
        List<String> missing = REQUIRED_LOCALES.stream()
                .filter(tag -> !Files.isRegularFile(MESSAGES.resolve(fileName(tag))))
                .map(tag -> tag + ": " + MESSAGES.resolve(fileName(tag)) + " is missing")
                .toList();
        assertThat(missing).as("bundles for the required realm locales").isEmpty();
    }

    @Test
    void everyBundleHasAFileNameKeycloakLooksUp() {
        List<String> unreadable = new ArrayList<>();
        for (String tag : bundleLocales()) {
            String expected = fileName(tag);
            String actual = "messages_" + suffix(tag) + ".properties";
            if (!expected.equals(actual)) {
                unreadable.add(actual + " is never read by Keycloak: for the realm locale '" + tag + "' it reads "
                        + expected);
            }
        }
        assertThat(unreadable).as("bundle file names").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translatedLocales")
    void translationMatchesTheEnglishBundle(String tag) {
        Map<String, String> english = load("en");
        Map<String, String> translated = load(tag);
        assertThat(problems(tag, english, translated, allowList()))
                .as("problems in %s", MESSAGES.resolve(fileName(tag)))
                .isEmpty();
    }

    @Test
    void englishValuesAreValidPatterns() {
        Map<String, String> english = load("en");
        List<String> problems = new ArrayList<>();
        english.forEach((key, value) -> problems.addAll(valueProblems("en", Locale.ENGLISH, key, value, null)));
        assertThat(problems).as("problems in the English bundle").isEmpty();
    }

    @Test
    void allowListNamesOnlyValuesThatAreReallyTheEnglishText() {
        Map<String, String> english = load("en");
        List<String> problems = new ArrayList<>();
        Set<String> locales = new TreeSet<>(bundleLocales());
        for (Map.Entry<String, String> entry : allowListEntries().entrySet()) {
            String line = entry.getKey();
            String comment = entry.getValue();
            String[] parts = line.split(":", 2);
            if (parts.length != 2 || comment.isBlank()) {
                problems.add("'" + line + "': write it as locale:key # why it stays English");
                continue;
            }
            String tag = parts[0];
            String key = parts[1];
            if (!locales.contains(tag)) {
                problems.add(line + ": there is no bundle for the locale " + tag);
            } else if (!english.containsKey(key)) {
                problems.add(line + ": the English bundle has no key " + key);
            } else if (!english.get(key).equals(load(tag).get(key))) {
                problems.add(line + ": no longer equal to the English value; remove the entry");
            }
        }
        assertThat(problems).as("entries of src/test/resources" + ALLOW_LIST).isEmpty();
    }

    // ---------------------------------------------------------------- the checks can fail

    @Test
    void theChecksCatchBrokenTranslations() {
        Map<String, String> english = new LinkedHashMap<>();
        english.put("apostrophe", "You can request a new code in {0} seconds.");
        english.put("choice", "Valid for {0,choice,1#1 minute|1<{0} minutes}.");
        english.put("type", "Valid for {0,choice,1#1 minute|1<{0} minutes}.");
        english.put("index", "Sent to {1}.");
        english.put("untranslated", "Verify");
        english.put("allowed", "Code");
        english.put("blank", "Restart sign-in");
        english.put("broken", "Sent to {0}.");
        english.put("mojibake", "Country");
        english.put("nestedQuote", "Valid for {0,choice,1#1 minute|1<{0} minutes}.");
        english.put("missing", "Not now");
        english.put("fine", "Send code");

        Map<String, String> translated = new LinkedHashMap<>();
        translated.put("apostrophe", "Vous pourrez demander l'envoi d'un code dans {0} s.");
        translated.put("choice", "Valable {0} minutes.");
        translated.put("type", "Valable {0,number} minutes.");
        translated.put("index", "Envoyé à {0}.");
        translated.put("untranslated", "Verify");
        translated.put("allowed", "Code");
        translated.put("blank", "  ");
        translated.put("broken", "Envoyé à {0.");
        translated.put("mojibake", "Pa\uFFFDs");
        translated.put("nestedQuote", "Valable {0,choice,1#l''heure|1<{0} minutes}.");
        translated.put("extra", "Hors du fichier anglais");
        translated.put("fine", "Envoyer le code");

        List<String> problems = problems("fr", english, translated, Set.of("fr:allowed"));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / apostrophe:").contains("apostrophe"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / choice:").contains("[0,choice]"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / type:").contains("[0,number]"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / index:").contains("[1]"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / untranslated:").contains("English"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / blank:").contains("blank"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / broken:").contains("MessageFormat"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / mojibake:").contains("U+FFFD"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / nestedQuote:").contains("apostrophe"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / missing:").contains("missing"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fr / extra:").contains("not in the English"));
        assertThat(problems).noneSatisfy(p -> assertThat(p).startsWith("fr / allowed:"));
        assertThat(problems).noneSatisfy(p -> assertThat(p).startsWith("fr / fine:"));
    }

    @Test
    void aDoubledOrTypographicApostropheIsFine() {
        Map<String, String> english = Map.of("k", "You can request a new code in {0} seconds.");
        assertThat(problems("fr", english, Map.of("k", "Vous pourrez demander l''envoi d''un code dans {0} s."),
                Set.of())).isEmpty();
        assertThat(problems("fr", english, Map.of("k", "Vous pourrez demander l’envoi d’un code dans {0} s."),
                Set.of())).isEmpty();
        // what a lone apostrophe does, and why it is refused: the text after it vanishes from the output
        assertThat(new MessageFormat("l'envoi dans {0} s", Locale.FRENCH).format(new Object[] {"30"}))
                .isEqualTo("lenvoi dans {0} s");
    }

    // ---------------------------------------------------------------- checking one bundle

    static List<String> problems(String tag, Map<String, String> english, Map<String, String> translated,
                                 Set<String> allowedSameAsEnglish) {
        Locale locale = Locale.forLanguageTag(tag);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : english.entrySet()) {
            String key = entry.getKey();
            String value = translated.get(key);
            if (value == null) {
                problems.add(tag + " / " + key + ": missing (the English bundle has it)");
                continue;
            }
            problems.addAll(valueProblems(tag, locale, key, value, entry.getValue()));
            if (value.equals(entry.getValue()) && !value.isBlank()
                    && !allowedSameAsEnglish.contains(tag + ":" + key)) {
                problems.add(tag + " / " + key + ": still the English text \"" + value + "\"; translate it, or list "
                        + tag + ":" + key + " in src/test/resources" + ALLOW_LIST + " with the reason");
            }
        }
        for (String key : translated.keySet()) {
            if (!english.containsKey(key)) {
                problems.add(tag + " / " + key + ": not in the English bundle (renamed or removed there?)");
            }
        }
        return problems;
    }

    /**
     * Problems of one value; with {@code english} given, also whether it takes the same arguments as the English
     * value.
     */
    static List<String> valueProblems(String tag, Locale locale, String key, String value, String english) {
        String where = tag + " / " + key + ": ";
        List<String> problems = new ArrayList<>();
        if (value.isBlank()) {
            problems.add(where + "blank value");
            return problems;
        }
        if (value.indexOf('\uFFFD') >= 0) {
            problems.add(where + "contains U+FFFD (text that was not valid UTF-8 at some point): " + value);
        }
        String apostrophe = apostropheProblem(value);
        if (apostrophe != null) {
            problems.add(where + apostrophe + ": " + value);
        }
        MessageFormat format;
        List<Argument> arguments;
        try {
            format = new MessageFormat(value, locale);
            arguments = arguments(value);
        } catch (IllegalArgumentException e) {
            problems.add(where + "not a valid MessageFormat pattern (" + e.getMessage() + "): " + value);
            return problems;
        }
        if (english != null) {
            Set<String> expected = signature(arguments(english));
            Set<String> actual = signature(arguments);
            if (!expected.equals(actual)) {
                problems.add(where + "arguments " + actual + " but the English value has " + expected + ": " + value);
            }
        }
        if (apostrophe == null) {
            problems.addAll(formattingProblems(where, locale, value, format, arguments));
        }
        return problems;
    }

    /**
     * A lone ASCII apostrophe starts a quoted section in MessageFormat: it disappears from the output and quotes
     * whatever follows, placeholders included. Only a doubled one outside {@code {...}} is a literal apostrophe.
     */
    static String apostropheProblem(String value) {
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == '\'') {
                if (depth > 0) {
                    return "ASCII apostrophe inside {...} (MessageFormat and ChoiceFormat both treat it as a quote;"
                            + " use ’ U+2019)";
                }
                if (i + 1 < value.length() && value.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return "lone ASCII apostrophe at index " + i + " (MessageFormat swallows it and quotes the rest;"
                            + " write '' or use ’ U+2019)";
                }
            }
        }
        return null;
    }

    private static List<String> formattingProblems(String where, Locale locale, String value, MessageFormat format,
                                                   List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        int size = arguments.stream().mapToInt(Argument::index).max().orElse(-1) + 1;
        boolean plainOnly = arguments.stream().allMatch(a -> a.type().isEmpty());
        if (plainOnly) {
            // with text markers for the arguments, the output must be the value itself: nothing lost or quoted
            Object[] markers = new Object[size];
            for (int i = 0; i < size; i++) {
                markers[i] = marker(i);
            }
            String expected = literal(value);
            String actual = format(format, markers, where, problems);
            if (actual != null && !actual.equals(expected)) {
                problems.add(where + "formats to \"" + actual + "\" instead of \"" + expected + "\"");
            }
            Object[] numbers = new Object[size];
            for (int i = 0; i < size; i++) {
                numbers[i] = 600L;
            }
            format(format, numbers, where, problems);
            return problems;
        }
        NumberFormat numberFormat = NumberFormat.getIntegerInstance(locale);
        for (int n : CHOICE_SAMPLES) {
            Object[] args = new Object[size];
            for (Argument a : arguments) {
                args[a.index()] = a.type().isEmpty() ? marker(a.index()) : (Object) Long.valueOf(n);
            }
            String actual = format(format, args, where, problems);
            if (actual == null) {
                break;
            }
            if (actual.contains("{") || actual.contains("}")) {
                problems.add(where + "with " + n + " formats to \"" + actual + "\": a placeholder was left unformatted");
            }
            if (n > 1 && !actual.contains(numberFormat.format(n))) {
                problems.add(where + "with " + n + " formats to \"" + actual + "\", which does not show the number");
            }
            for (Argument a : arguments) {
                if (a.type().isEmpty() && !actual.contains(marker(a.index()))) {
                    problems.add(where + "with " + n + " formats to \"" + actual + "\", which lost {" + a.index() + "}");
                }
            }
        }
        return problems;
    }

    private static String format(MessageFormat format, Object[] args, String where, List<String> problems) {
        try {
            return format.format(args);
        } catch (IllegalArgumentException e) {
            problems.add(where + "does not format with " + Arrays.toString(args) + ": " + e.getMessage());
            return null;
        }
    }

    private static String marker(int index) {
        return "[#" + index + "]";
    }

    /** The output MessageFormat should give for a value without quoting and with plain arguments only. */
    private static String literal(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' && i + 1 < value.length() && value.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else if (c == '{') {
                int end = value.indexOf('}', i);
                out.append(marker(Integer.parseInt(value.substring(i + 1, end).trim())));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** One {@code {index[,type[,style]]}} of a pattern; type is lower case, empty for a plain argument. */
    record Argument(int index, String type, String style) {
        String signature() {
            return type.isEmpty() ? Integer.toString(index) : index + "," + type;
        }
    }

    private static Set<String> signature(List<Argument> arguments) {
        Set<String> signature = new TreeSet<>();
        for (Argument a : arguments) {
            signature.add(a.signature());
        }
        return signature;
    }

    /** The arguments of a pattern, including those referenced inside choice branches (as plain arguments). */
    static List<Argument> arguments(String pattern) {
        List<Argument> found = new ArrayList<>();
        boolean quoted = false;
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (depth == 0) {
                if (c == '\'') {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                        i++;
                    } else {
                        quoted = !quoted;
                    }
                } else if (c == '{' && !quoted) {
                    depth = 1;
                    current.setLength(0);
                }
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                found.addAll(argument(current.toString()));
                continue;
            }
            current.append(c);
        }
        if (depth > 0) {
            throw new IllegalArgumentException("unmatched '{'");
        }
        return found;
    }

    private static List<Argument> argument(String content) {
        String[] parts = content.split(",", 3);
        int index = Integer.parseInt(parts[0].trim());
        String type = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "";
        String style = parts.length > 2 ? parts[2] : "";
        List<Argument> found = new ArrayList<>();
        found.add(new Argument(index, type, style));
        if (type.equals("choice")) {
            for (Object branch : new ChoiceFormat(style).getFormats()) {
                for (Argument nested : arguments((String) branch)) {
                    // a branch's {0} is the same argument as the choice itself: only other indexes add to it
                    if (nested.index() != index || !nested.type().isEmpty()) {
                        found.add(nested);
                    }
                }
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- reading files

    static Stream<String> translatedLocales() {
        return bundleLocales().stream().filter(tag -> !tag.equals("en"));
    }

    /** Locale tags of all bundles present, e.g. "de", "pt-BR", "zh-CN". */
    static List<String> bundleLocales() {
        try (Stream<Path> files = Files.list(MESSAGES)) {
            return files.map(p -> FILE_NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '-'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + MESSAGES, e);
        }
    }

    /** Keycloak's file name for a realm locale: messages_ + Locale.toString() of the locale. */
    static String fileName(String tag) {
        return "messages_" + Locale.forLanguageTag(tag) + ".properties";
    }

    private static String suffix(String tag) {
        return tag.replace('-', '_');
    }

    /** A bundle read as strict UTF-8, keys in file order; duplicate keys fail. */
    static Map<String, String> load(String tag) {
        Path file = MESSAGES.resolve("messages_" + suffix(tag) + ".properties");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(tag + ": " + file + " is not valid UTF-8 (Keycloak would then read it as "
                    + "ISO-8859-1 and show garbled text)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(tag + ": cannot read " + file, e);
        }
        OrderedProperties properties = new OrderedProperties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError(tag + ": " + file + " is not a valid properties file", e);
        }
        assertThat(properties.duplicates).as("%s: keys defined twice in %s", tag, file).isEmpty();
        return properties.entries;
    }

    private static Set<String> allowList() {
        return allowListEntries().keySet();
    }

    /** "locale:key" to its comment. */
    private static Map<String, String> allowListEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        InputStream in = MessageBundlesTest.class.getResourceAsStream(ALLOW_LIST);
        if (in == null) {
            return entries;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int hash = trimmed.indexOf('#');
                String entry = (hash < 0 ? trimmed : trimmed.substring(0, hash)).strip();
                String comment = hash < 0 ? "" : trimmed.substring(hash + 1).strip();
                entries.put(entry, comment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Properties that remember the order of keys and any key defined twice. */
    private static final class OrderedProperties extends Properties {
        private final Map<String, String> entries = new LinkedHashMap<>();
        private final Set<String> duplicates = new LinkedHashSet<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            if (entries.put((String) key, (String) value) != null) {
                duplicates.add((String) key);
            }
            return super.put(key, value);
        }
    }
}
