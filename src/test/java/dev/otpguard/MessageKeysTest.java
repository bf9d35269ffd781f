package dev.otpguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message key the Java code names exists in the English bundle (MessageBundlesTest then checks the other
 * languages have it). A key the code builds from a prefix and a contact kind ("otpGuardRevertDone." + "email") is
 * checked for both kinds. A misspelt key would otherwise show its raw name on a page only when that page is met.
 */
class MessageKeysTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path ENGLISH = Path.of("themes/theme-resources/messages/messages_en.properties");
    private static final Pattern LITERAL = Pattern.compile("\"(otpGuard[A-Za-z0-9_.-]*)\"");

    /** The contact kinds whose ids complete a prefix key (ContactKind.id()). */
    private static final List<String> CONTACT_KINDS = List.of("email", "phone");

    /**
     * Names that share the prefix but are no message keys: FreeMarker attributes the pages read, and realm
     * attributes ({@code otpGuard.*}). An addition here is a deliberate, reviewed line.
     */
    private static final Set<String> NOT_MESSAGES = Set.of("otpGuard", "otpGuard.", "otpGuard.sendsPerUserPerHour",
            "otpGuardChoices", "otpGuardPhone", "otpGuardRealmName", "otpGuardTitleKey", "otpGuardChangeContact",
            "otpGuardContactChange", "otpGuardCurrentEmail", "otpGuardCurrentPhone");

    @Test
    void everyKeyTheCodeNamesIsInTheEnglishBundle() throws IOException {
        Properties english = new Properties();
        try (Reader in = Files.newBufferedReader(ENGLISH, StandardCharsets.UTF_8)) {
            english.load(in);
        }
        Set<String> missing = new TreeSet<>();
        for (String key : literals()) {
            if (NOT_MESSAGES.contains(key)) {
                continue;
            }
            List<String> wanted = key.endsWith(".")
                    ? CONTACT_KINDS.stream().map(kind -> key + kind).toList() : List.of(key);
            wanted.stream().filter(k -> !english.containsKey(k)).forEach(missing::add);
        }
        assertThat(missing).as("keys named in src/main/java but not in " + ENGLISH).isEmpty();
    }

    @Test
    void theCheckSeesTheKeysOfTheCodePage() throws IOException {
        assertThat(literals()).contains("otpGuardWrongCode", "otpGuardCodeExpired", "otpGuardRevertDone.");
    }

    private static Set<String> literals() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }
}
