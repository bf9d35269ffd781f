package dev.otpguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.contact.UpdateEmailActionFactory;
import dev.otpguard.contact.UpdatePhoneActionFactory;
import dev.otpguard.device.NewDeviceConditionFactory;
import dev.otpguard.device.RememberDeviceAuthenticatorFactory;
import dev.otpguard.network.NetworkConditionFactory;
import dev.otpguard.passkey.PasskeyNudgeActionFactory;
import dev.otpguard.registration.RegistrationPhoneFormActionFactory;
import dev.otpguard.registration.VerifyEmailRequiredActionFactory;
import dev.otpguard.phone.PhoneSetupRequiredActionFactory;
import dev.otpguard.settings.RealmSettingsTab;
import dev.otpguard.step.EmailOtpAuthenticatorFactory;
import dev.otpguard.step.SmsOtpAuthenticatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The options table on each admin page (docs/admin) says what the factory declares: every option, in order, with
 * its label, default, offered values and help. An option added, renamed or re-defaulted in code without the page
 * fails here, so the pages cannot drift.
 */
class AdminDocsOptionsTest {

    private static final Path ADMIN_DOCS = Path.of("docs/admin");
    private static final Pattern HEADING = Pattern.compile("^\\*\\*Options of `([a-z-]+)`");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");

    private static final Map<String, List<ProviderConfigProperty>> DECLARED = Map.ofEntries(
            Map.entry("otp-guard-email", new EmailOtpAuthenticatorFactory().getConfigProperties()),
            Map.entry("otp-guard-sms", new SmsOtpAuthenticatorFactory().getConfigProperties()),
            Map.entry("otp-guard-condition-new-device", new NewDeviceConditionFactory().getConfigProperties()),
            Map.entry("otp-guard-device-remember", new RememberDeviceAuthenticatorFactory().getConfigProperties()),
            Map.entry("otp-guard-phone-setup", new PhoneSetupRequiredActionFactory().getConfigMetadata()),
            Map.entry("otp-guard-update-email", new UpdateEmailActionFactory().getConfigMetadata()),
            Map.entry("otp-guard-update-phone", new UpdatePhoneActionFactory().getConfigMetadata()),
            Map.entry("otp-guard-settings", new RealmSettingsTab().getConfigProperties()),
            Map.entry("otp-guard-condition-network", new NetworkConditionFactory().getConfigProperties()),
            Map.entry("otp-guard-verify-email", new VerifyEmailRequiredActionFactory().getConfigMetadata()),
            Map.entry("otp-guard-registration-phone", new RegistrationPhoneFormActionFactory().getConfigProperties()),
            Map.entry("otp-guard-passkey-nudge", new PasskeyNudgeActionFactory().getConfigMetadata()));

    @Test
    void everyConfigurableProviderHasAnOptionsTable() throws IOException {
        assertThat(tables().keySet()).containsExactlyInAnyOrderElementsOf(DECLARED.keySet());
    }

    @Test
    void eachTableListsTheDeclaredOptionsWithTheirLabelsDefaultsValuesAndHelp() throws IOException {
        for (Map.Entry<String, List<List<String>>> table : tables().entrySet()) {
            List<ProviderConfigProperty> declared = DECLARED.get(table.getKey());
            assertThat(table.getValue().stream().map(row -> unquote(row.get(0))).toList())
                    .as("options of %s in docs/admin", table.getKey())
                    .containsExactlyElementsOf(declared.stream().map(ProviderConfigProperty::getName).toList());
            for (int i = 0; i < declared.size(); i++) {
                ProviderConfigProperty property = declared.get(i);
                List<String> row = table.getValue().get(i);
                String where = table.getKey() + " option " + property.getName();
                assertThat(row.get(1)).as("label of " + where).isEqualTo(property.getLabel());
                assertThat(defaultCell(row.get(2))).as("default of " + where)
                        .isEqualTo(property.getDefaultValue() == null ? null : property.getDefaultValue().toString());
                if (property.getOptions() != null && !property.getOptions().isEmpty()) {
                    assertThat(valuesCell(row.get(3))).as("values of " + where)
                            .containsExactlyElementsOf(property.getOptions());
                }
                assertThat(row.get(4).replace("\\|", "|")).as("help of " + where).isEqualTo(property.getHelpText());
            }
        }
    }

    /** Provider id → the rows of the table under its "Options of" line (cells trimmed, header and rule skipped). */
    private static Map<String, List<List<String>>> tables() throws IOException {
        Map<String, List<List<String>>> tables = new LinkedHashMap<>();
        List<Path> pages;
        try (Stream<Path> files = Files.list(ADMIN_DOCS)) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher heading = HEADING.matcher(lines.get(i));
                if (!heading.find()) {
                    continue;
                }
                List<List<String>> rows = new ArrayList<>();
                int j = i + 1;
                while (j < lines.size() && lines.get(j).isBlank()) {
                    j++;
                }
                if (j < lines.size() && lines.get(j).startsWith("| Option | Label | Default | Values | Help |")) {
                    for (j += 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                        rows.add(cells(lines.get(j)));
                    }
                }
                tables.put(heading.group(1), rows);
            }
        }
        return tables;
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.length() - 1);
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private static String unquote(String cell) {
        Matcher m = BACKTICKED.matcher(cell);
        return m.matches() ? m.group(1) : cell;
    }

    /** A backticked literal, "empty" for the empty string, "none" for no declared default. */
    private static String defaultCell(String cell) {
        if (cell.equals("none")) {
            return null;
        }
        if (cell.equals("empty")) {
            return "";
        }
        Matcher m = BACKTICKED.matcher(cell);
        return m.find() ? m.group(1) : cell;
    }

    /** The offered values: backticked literals, "empty" for the empty string, in order. */
    private static List<String> valuesCell(String cell) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]*)`|\\bempty\\b").matcher(cell);
        while (m.find()) {
            values.add(m.group(1) == null ? "" : m.group(1));
        }
        return values;
    }
}
