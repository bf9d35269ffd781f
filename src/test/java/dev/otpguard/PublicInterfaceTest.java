package dev.otpguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpguard.core.code.Challenge;
import dev.otpguard.contact.RevertContactActionToken;
import dev.otpguard.device.DeviceCookie;
import dev.otpguard.account.DeviceCredentialModel;
import dev.otpguard.device.DeviceToken;
import dev.otpguard.account.NotMeActionToken;
import dev.otpguard.exchange.BackgroundDelivery;
import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.EventError;
import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import dev.otpguard.sms.SmsSender;
import dev.otpguard.sms.log.LogSmsSenderFactory;
import dev.otpguard.sms.twilio.TwilioSmsSenderFactory;
import dev.otpguard.sms.twilio.TwilioVerifySenderFactory;
import dev.otpguard.core.limits.QuotaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.actiontoken.ActionTokenHandlerFactory;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.vault.VaultStringSecret;
import org.keycloak.vault.VaultTranscriber;

/**
 * Pins every name that realms, realm exports, themes, event filters, deployments and SMS-sender plugins out there
 * depend on (issue 16, ARCHITECTURE.md §6.5). Each value is read back from the code (the factories as Keycloak
 * finds them, the parsers with a map that records what they ask for, the compiled classes) and compared with a
 * literal. A failure means a change would break someone's installation: keep the old name, or make the change
 * on purpose, with a CHANGELOG line, and update the literal here.
 */
class PublicInterfaceTest {

    private static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path SERVICES = PROJECT.resolve("src/main/resources/META-INF/services");
    private static final Path THEME_RESOURCES = PROJECT.resolve("themes/theme-resources");

    private static final List<String> CODE_OPTIONS = List.of("codeLength", "codeLifetimeSeconds", "maxAttempts",
            "resendCooldownSeconds", "maxSendsPerLogin");
    private static final List<String> RESET_OPTIONS = List.of("resetChannels", "logoutOtherSessions",
            "notifyOtherChannel");

    /** Providers whose options leak the reset options today (issue 16 §5.1); pinned in their own test below. */
    private static final Set<String> LEAKING_REQUIRED_ACTIONS = Set.of("otp-guard-phone-setup",
            "otp-guard-update-email", "otp-guard-update-phone");

    // ---------------------------------------------------------------- providers and their options

    @Test
    void everyProviderIdIsPinned() {
        Map<String, Set<String>> ids = new TreeMap<>();
        providers().forEach((file, instances) -> ids.put(file, instances.stream()
                .map(PublicInterfaceTest::idOf).collect(Collectors.toCollection(TreeSet::new))));

        assertThat(ids).isEqualTo(Map.ofEntries(
                Map.entry(AuthenticatorFactory.class.getName(), Set.of("otp-guard-email", "otp-guard-sms",
                        "otp-guard-condition-new-device", "otp-guard-device-remember", "otp-guard-condition-network")),
                Map.entry(RequiredActionFactory.class.getName(), Set.of("otp-guard-phone-setup",
                        "otp-guard-update-email", "otp-guard-update-phone", "otp-guard-verify-email",
                        "otp-guard-passkey-nudge")),
                Map.entry("org.keycloak.authentication.FormActionFactory", Set.of("otp-guard-registration-phone")),
                Map.entry("org.keycloak.validate.ValidatorFactory", Set.of("otp-guard-phone-edit")),
                Map.entry(EventListenerProviderFactory.class.getName(), Set.of("otp-guard-contact-change",
                        "otp-guard-settings-view")),
                Map.entry("org.keycloak.services.ui.extend.UiTabProviderFactory", Set.of("otp-guard-settings")),
                Map.entry(CredentialProviderFactory.class.getName(), Set.of("otp-guard-device")),
                Map.entry(ActionTokenHandlerFactory.class.getName(), Set.of("otp-guard-not-me",
                        "otp-guard-revert-contact")),
                Map.entry("dev.otpguard.sms.SmsSenderFactory", Set.of("twilio", "twilio-verify", "http", "log")),
                Map.entry("org.keycloak.services.resource.RealmResourceProviderFactory", Set.of("otp-guard")),
                Map.entry("dev.otpguard.exchange.DeliveryQueueFactory", Set.of("default")),
                Map.entry(Spi.class.getName(), Set.of("otp-guard-sms-sender", "otp-guard-delivery-queue"))));
    }

    @Test
    void optionNamesOfEveryProviderButTheLeakingOnesArePinned() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("otp-guard-email", concat(CODE_OPTIONS, List.of("missingEmail"), RESET_OPTIONS,
                List.of("codeInSubject", "webOtp", "smsSender")));
        expected.put("otp-guard-sms", concat(CODE_OPTIONS, List.of("missingPhone"), RESET_OPTIONS,
                List.of("webOtp", "smsSender", "smsAlternatives", "unverifiedPhone")));
        expected.put("otp-guard-condition-new-device", List.of());
        expected.put("otp-guard-condition-network", List.of("networks", "negate"));
        expected.put("otp-guard-device-remember", List.of("maxAgeDays", "maxDevices", "alert", "alertFirstLogin",
                "notMeLinkDays", "notMeNewSecondFactor"));
        expected.put("otp-guard-contact-change", List.of());
        expected.put("otp-guard-verify-email", CODE_OPTIONS);
        expected.put("otp-guard-registration-phone", List.of("phoneRequired"));
        expected.put("otp-guard-phone-edit", List.of());
        expected.put("otp-guard-passkey-nudge", List.of("notNowDays"));
        expected.put("otp-guard-device", List.of());
        expected.put("otp-guard-not-me", List.of());
        expected.put("otp-guard-revert-contact", List.of());
        expected.put("twilio", List.of());
        expected.put("http", List.of());
        expected.put("twilio-verify", List.of());
        expected.put("log", List.of());
        expected.put("otp-guard", List.of());
        expected.put("otp-guard-settings-view", List.of());
        // the admin console's OTP Guard tab: the realm attributes below and the listener switch
        // (fields without the attributes' prefix: the console cannot save a dotted name), and which realm it shows
        expected.put("otp-guard-settings", List.of("realm", "sendsPerUserPerHour", "sendsPerDestinationPerHour",
                "sendsPerIpPerHour", "sendsPerRealmPerHour", "smsPerRealmPerHour", "failedCodesPerUserPerHour",
                "contactChangeListener"));
        // the delivery queue's server option, as Keycloak's `show-config` lists it
        expected.put("default", List.of("max-pending"));

        Map<String, List<String>> actual = optionNamesByProvider();
        assertThat(actual.keySet()).as("every provider has its options pinned here or in the leak test")
                .containsExactlyInAnyOrderElementsOf(concat(List.copyOf(expected.keySet()),
                        List.copyOf(LEAKING_REQUIRED_ACTIONS)));
        expected.forEach((id, names) -> assertThat(actual.get(id)).as("options of %s", id)
                .containsExactlyInAnyOrderElementsOf(names));
    }

    /** The correct lists: the reset options are not theirs, and each name comes once. */
    @Test
    void optionNamesOfTheRequiredActionsArePinned() {
        List<String> phone = List.of("allowedCountries", "allowedNumberTypes", "smsSender");
        Map<String, List<String>> expected = Map.of(
                "otp-guard-phone-setup", concat(phone, List.of("allowSkip"), CODE_OPTIONS),
                "otp-guard-update-email", concat(List.of("max_auth_age", "confirmCurrent", "revertLinkDays",
                        "logoutOtherSessions"), CODE_OPTIONS),
                "otp-guard-update-phone", concat(List.of("max_auth_age", "confirmCurrent", "revertLinkDays",
                        "logoutOtherSessions", "refuseSharedNumbers"), phone, CODE_OPTIONS));

        Map<String, List<String>> actual = optionNamesByProvider();
        expected.forEach((id, names) -> assertThat(actual.get(id)).as("options of %s", id)
                .containsExactlyInAnyOrderElementsOf(names));
    }

    /** Two fields of one name in the admin console: which one is saved is up to the console (issue 16 §5.1). */
    @Test
    void noProviderDeclaresAnOptionTwice() {
        Map<String, List<String>> twice = new TreeMap<>();
        optionNamesByProvider().forEach((id, names) -> {
            List<String> repeated = names.stream().filter(name -> names.indexOf(name) != names.lastIndexOf(name))
                    .distinct().toList();
            if (!repeated.isEmpty()) {
                twice.put(id, repeated);
            }
        });
        assertThat(twice).as("option names declared more than once, per provider").isEmpty();
    }

    // ---------------------------------------------------------------- realm attributes and server options

    @Test
    void realmAttributesArePinned() {
        RecordingMap attributes = new RecordingMap(Map.of());
        QuotaSettings.from(attributes);

        assertThat(attributes.askedKeys()).containsExactlyInAnyOrder("otpGuard.sendsPerUserPerHour",
                "otpGuard.sendsPerDestinationPerHour", "otpGuard.sendsPerIpPerHour", "otpGuard.sendsPerRealmPerHour",
                "otpGuard.smsPerRealmPerHour", "otpGuard.failedCodesPerUserPerHour");
    }

    /** {@code --spi-otp-guard-sms-sender--twilio--<name>}, {@code --spi-otp-guard-sms-sender--twilio-verify--<name>}. */
    @Test
    void twilioServerOptionsArePinned() {
        List<String> expected = List.of("account-sid", "api-key", "api-secret", "auth-token", "from",
                "messaging-service-sid", "verify-service-sid", "api-base-url", "connect-timeout-millis",
                "read-timeout-millis");

        // status callbacks: only Programmable Messaging has them
        assertThat(serverOptionsReadBy(new TwilioSmsSenderFactory())).containsExactlyInAnyOrderElementsOf(
                concat(expected, List.of("status-callback-enabled", "status-callback-base-url")));
        assertThat(serverOptionsReadBy(new TwilioVerifySenderFactory())).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** {@code --spi-otp-guard-delivery-queue--default--max-pending}: the bound of background sends per node. */
    @Test
    void deliveryQueueServerOptionIsPinned() {
        assertThat(dev.otpguard.exchange.DeliveryQueueSpi.NAME).isEqualTo("otp-guard-delivery-queue");
        assertThat(new dev.otpguard.exchange.BoundedDeliveryQueue().getId()).isEqualTo("default");
        Set<String> read = new HashSet<>();
        new dev.otpguard.exchange.BoundedDeliveryQueue().init(recordingScope(Map.of(), read));
        assertThat(read).containsExactly("max-pending");
    }

    /** {@code --spi-otp-guard-sms-sender--http--<name>}: docs/deploy/http-sms-sender.md and operators' configs. */
    @Test
    void httpSenderServerOptionsArePinned() {
        assertThat(serverOptionsReadBy(new dev.otpguard.sms.http.HttpSmsSenderFactory()))
                .containsExactlyInAnyOrder("url", "method", "body-format", "body", "from", "header-1", "header-2",
                        "header-3", "header-4", "header-5", "basic-user", "basic-password", "success-pointer",
                        "success-value", "message-id-pointer", "connect-timeout-millis", "answer-timeout-millis");
    }

    @Test
    void logSenderServerOptionIsPinned() {
        assertThat(serverOptionsReadBy(new LogSmsSenderFactory())).containsExactly("enabled");
    }

    /** A realm's own Twilio account: {@code ${vault.<key>}} entries, looked up when the realm sends an SMS. */
    @Test
    void twilioVaultKeysArePinned() {
        TwilioSmsSenderFactory factory = new TwilioSmsSenderFactory();
        factory.init(recordingScope(Map.of(), new HashSet<>()));
        Set<String> keys = new HashSet<>();
        // the two ways to authenticate are read in different runs: auth token, or API key and secret
        for (Set<String> present : List.of(Set.of("twilio_account_sid"), Set.of("twilio_account_sid",
                "twilio_api_key"))) {
            SmsSender sender = factory.create(sessionWithVault(present, keys));
            assertThatThrownBy(() -> sender.send(new SmsMessage("+4915112345678", "text")))
                    .isInstanceOf(SmsException.class);
        }

        assertThat(keys).containsExactlyInAnyOrder("twilio_account_sid", "twilio_auth_token", "twilio_api_key",
                "twilio_api_secret", "twilio_from", "twilio_messaging_service_sid", "twilio_verify_service_sid");
    }

    // ---------------------------------------------------------------- user data, cookie, tokens, notes

    @Test
    void userAttributesArePinned() {
        assertThat(PhoneAttributes.PHONE_NUMBER).isEqualTo("phone_number");
        assertThat(PhoneAttributes.PHONE_NUMBER_VERIFIED).isEqualTo("phone_number_verified");
        assertThat(PhoneAttributes.VERIFIED_FOR).as("which number the verified flag was given for")
                .isEqualTo("otp_guard_phone_verified_for");
        assertThat(CompiledStrings.MAIN).as("the last proven contacts, kept for the 'this wasn't me' links")
                .contains("otp_guard_known_email", "otp_guard_known_phone");
        assertThat(CompiledStrings.MAIN).as("until when a user's 'Not now' keeps the passkey nudge away")
                .contains("otp_guard_passkey_not_now_until");
    }

    @Test
    void deviceCookieAndItsClaimArePinned() throws IOException {
        assertThat(DeviceCookie.NAME).isEqualTo("OTP_GUARD_DEVICE");
        DeviceToken token = new DeviceToken();
        token.setDeviceId("d-1");
        // serialized as Keycloak does it: cookies issued before an upgrade must still be read after it
        assertThat(JsonSerialization.writeValueAsString(token)).contains("\"deviceId\":\"d-1\"");
    }

    @Test
    void tokenAndCredentialTypesArePinned() {
        assertThat(NotMeActionToken.TOKEN_TYPE).isEqualTo("otp-guard-not-me");
        assertThat(RevertContactActionToken.TOKEN_TYPE).isEqualTo("otp-guard-revert-contact");
        assertThat(DeviceCredentialModel.TYPE).isEqualTo("otp-guard-device");
        assertThat(DeviceToken.TYPE).isEqualTo("otp-guard-device");
    }

    @Test
    void deliveryExecutorIsPinned() {
        // deployers size and watch the pool of background sends by this name
        assertThat(BackgroundDelivery.EXECUTOR).isEqualTo("otp-guard-delivery");
    }

    /** Dashboards and alert rules query these names; a rename breaks them silently. */
    @Test
    void meterNamesArePinned() {
        assertThat(List.of(dev.otpguard.kernel.CodeMetrics.CODES_SENT, dev.otpguard.kernel.CodeMetrics.SEND_FAILURES,
                dev.otpguard.kernel.CodeMetrics.SENDS_REFUSED, dev.otpguard.kernel.CodeMetrics.CODE_CHECKS,
                dev.otpguard.kernel.CodeMetrics.DELIVERY, dev.otpguard.kernel.CodeMetrics.SMS_DELIVERY_STATUS))
                .containsExactly("otp_guard.codes.sent", "otp_guard.send.failures", "otp_guard.sends.refused",
                        "otp_guard.code.checks", "otp_guard.delivery", "otp_guard.sms.delivery.status");
    }

    /** Notes of a login in flight: a rolling upgrade mid-login must find them under the same names. */
    @Test
    void authenticationNoteNamesArePinned() {
        Set<String> read = new HashSet<>();
        ChallengeStore store = new ChallengeStore(recordingAuthSession(read), "login-email");
        store.load();
        store.sentTo();
        assertThat(read).containsExactlyInAnyOrder("otp-guard.login-email.salt", "otp-guard.login-email.hash",
                "otp-guard.login-email.exp", "otp-guard.login-email.left", "otp-guard.login-email.sends",
                "otp-guard.login-email.sent", "otp-guard.login-email.to");
        assertThat(Challenge.fieldNames()).containsExactlyInAnyOrder("salt", "hash", "exp", "left", "sends", "sent");

        assertThat(CompiledStrings.MAIN).as("fixed note names").contains("otp-guard.reset.user",
                "otp-guard.reset.typed", "otp-guard.reset.route", "otp-guard.enrol-sms.number",
                "otp-guard.device.new-for");
        // names built at run time: otp-guard.<purpose>.<field> for the purposes login-<channel>,
        // reset-<channel>, enrol-sms, change-<kind>-current, change-<kind>-new, and otp-guard.change-<kind>.{pending,
        // proven}; the compiled code holds their fixed parts
        assertThat(CompiledStrings.MAIN).as("parts of built note names").contains("otp-guard.", "login-",
                "reset-", "enrol-sms", "-current", "-new", "otp-guard.change-", "pending", "proven");
    }

    // ---------------------------------------------------------------- events

    @Test
    void eventDetailNamesArePinned() {
        assertThat(List.of(CodeEvents.ACTION, CodeEvents.CHANNEL, CodeEvents.DESTINATION))
                .containsExactly("otp_guard_action", "otp_guard_channel", "otp_guard_destination");
        assertThat(List.of(CodeEvents.DELIVERY, CodeEvents.DELIVERY_ERROR, CodeEvents.VIA))
                .containsExactly("otp_guard_delivery", "otp_guard_delivery_error", "otp_guard_via");
        assertThat(CompiledStrings.MAIN).as("other detail names").contains("otp_guard_previous", "otp_guard_updated",
                "otp_guard_restored", "otp_guard_device", "otp_guard_alert", "retry_after_seconds", "attempts_left");
    }

    @Test
    void eventErrorNamesArePinned() {
        assertThat(EventError.wireValues()).containsExactlyInAnyOrder("otp_send_failed", "otp_send_throttled",
                "otp_send_limit_reached", "otp_send_quota_reached", "otp_code_attempts_exhausted",
                "otp_missing_contact", "otp_code_checks_paused", "otp_reset_no_recipient", "otp_contact_unavailable",
                "otp_delivery_failed", "invalid_user_credentials", "expired_code", "user_temporarily_disabled", "not_allowed",
                "invalid_token");
    }

    // ---------------------------------------------------------------- theme

    /** Themes override templates by file name. */
    @Test
    void templateNamesArePinned() throws IOException {
        Path templates = THEME_RESOURCES.resolve("templates");
        Set<String> files;
        try (Stream<Path> walk = Files.walk(templates)) {
            files = walk.filter(Files::isRegularFile).map(p -> templates.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }
        List<String> mails = List.of("otp-guard-contact-changed.ftl", "otp-guard-email-code.ftl",
                "otp-guard-new-device.ftl", "otp-guard-password-reset.ftl");
        List<String> pages = List.of("otp-guard-code.ftl", "otp-guard-phone-setup.ftl", "otp-guard-reset-choice.ftl",
                "otp-guard-update-email.ftl", "otp-guard-passkey-nudge.ftl");
        // included by a page template, never rendered by the code: themes override it by name all the same
        List<String> included = List.of("otp-guard-code-help.ftl");
        assertThat(files).containsExactlyInAnyOrderElementsOf(concat(pages, included,
                mails.stream().map(m -> "html/" + m).toList(), mails.stream().map(m -> "text/" + m).toList()));
        assertThat(CompiledStrings.MAIN).as("templates the code renders").contains(concat(pages, mails)
                .toArray(String[]::new));
    }

    @Test
    void namedThemeIsPinned() throws IOException {
        assertThat(Files.readString(PROJECT.resolve("src/main/resources/META-INF/keycloak-themes.json")))
                .containsPattern("\"name\"\\s*:\\s*\"otp-guard\"");
    }

    /**
     * Custom themes and translations override messages by key. The list is in
     * {@code src/test/resources/public-interface/message-keys.txt}: a new key needs its line there, a removed or
     * renamed one fails here.
     */
    @Test
    void messageKeysArePinned() throws IOException {
        Properties english = new Properties();
        try (InputStream in = Files.newInputStream(THEME_RESOURCES.resolve("messages/messages_en.properties"))) {
            english.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<String> pinned;
        try (InputStream in = PublicInterfaceTest.class.getResourceAsStream("/public-interface/message-keys.txt")) {
            pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
        Set<String> keys = english.stringPropertyNames();

        assertThat(pinned).as("message-keys.txt lists each key once").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(pinned)).as("keys removed from messages_en.properties")
                .isSubsetOf(keys);
        assertThat(new TreeSet<>(keys)).as("keys of messages_en.properties not yet in message-keys.txt")
                .isSubsetOf(pinned);
    }

    // ---------------------------------------------------------------- the SMS sender SPI

    /** Third parties compile against these names: a move or rename breaks their senders. */
    @Test
    void smsSenderSpiClassNamesArePinned() throws ReflectiveOperationException {
        for (String name : List.of("dev.otpguard.sms.SmsSender", "dev.otpguard.sms.SmsSenderFactory",
                "dev.otpguard.sms.SmsSenderSpi", "dev.otpguard.sms.SmsMessage", "dev.otpguard.sms.SmsException",
                "dev.otpguard.sms.SmsException$Reason")) {
            assertThat(Modifier.isPublic(Class.forName(name).getModifiers())).as("%s is public", name).isTrue();
        }
        assertThat(Class.forName("dev.otpguard.sms.SmsException$Reason").getEnumConstants())
                .extracting(Object::toString)
                .containsExactly("INVALID_NUMBER", "NOT_CONFIGURED", "RATE_LIMITED", "UNAVAILABLE");
        Class<?> sender = Class.forName("dev.otpguard.sms.SmsSender");
        Class<?> message = Class.forName("dev.otpguard.sms.SmsMessage");
        sender.getMethod("send", message);
        sender.getMethod("generatesCodes");
        sender.getMethod("startVerification", String.class, String.class);
        sender.getMethod("checkVerification", String.class, String.class);
        sender.getMethod("sendTracked", message);
        Class.forName("dev.otpguard.sms.SmsSenderFactory").getMethod("statusCallbackUrl", KeycloakSession.class);
        assertThat(Arrays.stream(message.getRecordComponents()).map(c -> c.getName()).toList())
                .containsExactly("to", "text", "validity", "statusCallback");
        message.getConstructor(String.class, String.class);
        Class.forName("dev.otpguard.sms.SmsException").getConstructor(
                Class.forName("dev.otpguard.sms.SmsException$Reason"), String.class);
    }

    // ---------------------------------------------------------------- reading the code

    /** The instances behind each services file, created as Keycloak's service loader creates them. */
    private static Map<String, List<Object>> providers() {
        Map<String, List<Object>> providers = new TreeMap<>();
        try (Stream<Path> files = Files.list(SERVICES)) {
            for (Path file : files.sorted().toList()) {
                List<Object> instances = Files.readAllLines(file).stream().map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(PublicInterfaceTest::instantiate).toList();
                providers.put(file.getFileName().toString(), instances);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return providers;
    }

    private static Object instantiate(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + " cannot be created with its no-argument constructor", e);
        }
    }

    private static String idOf(Object provider) {
        if (provider instanceof Spi spi) {
            return spi.getName();
        }
        return ((ProviderFactory<?>) provider).getId();
    }

    /**
     * Option names per provider: the admin console's for steps (configured providers), otherwise what the factory
     * declares as its metadata, which Keycloak 26 uses for a required action's options and for server options.
     */
    static Map<String, List<String>> optionNamesByProvider() {
        Map<String, List<String>> names = new TreeMap<>();
        providers().values().stream().flatMap(List::stream).filter(p -> p instanceof ProviderFactory<?>)
                .forEach(p -> names.put(idOf(p), optionNames((ProviderFactory<?>) p)));
        return names;
    }

    private static List<String> optionNames(ProviderFactory<?> factory) {
        List<ProviderConfigProperty> properties = factory instanceof ConfiguredProvider configured
                ? configured.getConfigProperties() : factory.getConfigMetadata();
        return properties == null ? List.of() : properties.stream().map(ProviderConfigProperty::getName).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    /** What the factory reads at start-up, with nothing set and (a second way to sign in) with an API key set. */
    private static Set<String> serverOptionsReadBy(ProviderFactory<?> factory) {
        Set<String> read = new HashSet<>();
        factory.init(recordingScope(Map.of(), read));
        factory.init(recordingScope(Map.of("api-key", "SK-test"), read));
        return read;
    }

    /** A server configuration holding {@code values}, which records every option name asked for. */
    private static Config.Scope recordingScope(Map<String, String> values, Set<String> read) {
        return proxy(Config.Scope.class, (method, args) -> {
            switch (method.getName()) {
                case "get" -> {
                    read.add((String) args[0]);
                    return values.getOrDefault((String) args[0], args.length > 1 ? (String) args[1] : null);
                }
                case "getArray", "getInt", "getLong", "getBoolean" -> {
                    read.add((String) args[0]);
                    return args.length > 1 ? args[1] : null;
                }
                case "getPropertyNames" -> {
                    return Set.of();
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    /** A session of some realm whose vault holds {@code present} (blank values for everything else). */
    private static KeycloakSession sessionWithVault(Set<String> present, Set<String> asked) {
        RealmModel realm = proxy(RealmModel.class, (method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        });
        KeycloakContext context = proxy(KeycloakContext.class, (method, args) -> {
            if (method.getName().equals("getRealm")) {
                return realm;
            }
            throw new UnsupportedOperationException(method.getName());
        });
        VaultTranscriber vault = proxy(VaultTranscriber.class, (method, args) -> {
            String key = ((String) args[0]).replaceAll("^\\$\\{vault\\.(.*)}$", "$1");
            asked.add(key);
            Optional<String> value = present.contains(key) ? Optional.of("AC-" + key) : Optional.empty();
            return proxy(VaultStringSecret.class, (m, a) -> m.getName().equals("get") ? value : null);
        });
        return proxy(KeycloakSession.class, (method, args) -> switch (method.getName()) {
            case "getContext" -> context;
            case "vault" -> vault;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** An authentication session without notes that records the note names asked for. */
    private static AuthenticationSessionModel recordingAuthSession(Set<String> read) {
        return proxy(AuthenticationSessionModel.class, (method, args) -> {
            if (method.getName().equals("getAuthNote")) {
                read.add((String) args[0]);
                return null;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    interface Handler {
        Object handle(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(PublicInterfaceTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> type.getSimpleName() + " stand-in";
                    default -> handler.handle(method, args == null ? new Object[0] : args);
                }));
    }

    /**
     * The string constants of the compiled main classes, for names that live in package-private constants or are
     * built by concatenation (javac keeps their fixed parts in the class file, whatever the class is called).
     */
    static final class CompiledStrings {

        static final String MAIN = read();

        private CompiledStrings() {
        }

        private static String read() {
            try {
                Path classes = Path.of(BackgroundDelivery.class.getProtectionDomain().getCodeSource().getLocation()
                        .toURI());
                Function<Path, String> latin1 = p -> {
                    try {
                        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                try (Stream<Path> walk = Files.walk(classes.resolve("dev/otpguard"))) {
                    return walk.filter(p -> p.toString().endsWith(".class"))
                            .filter(p -> !p.toString().contains("/shaded/"))
                            .map(latin1).collect(Collectors.joining("\n"));
                }
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("cannot read the compiled main classes", e);
            }
        }
    }
}
