package dev.otpguard.it.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otpguard.it.keys.recorder.RecordingSingleUseObjectStoreFactory;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TestProviderJar;
import dev.otpguard.it.support.WrongCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, pattern 4: the single-use-object store is one flat key space for every realm and every Keycloak
 * feature, so every key OTP Guard writes or reads starts with {@code otp-guard:} and names the realm it belongs
 * to. A server of its own runs Keycloak's store behind a test-only recorder that notes each call made by a
 * product class; a sign-in with a wrong code, a spent SMS budget, a password reset, a confirmed email change with
 * its undo link and a new-device alert with its "this wasn't me" link then cover every kind of key.
 */
class StoreKeysIT {

    private static final Path KEYS = Path.of(System.getProperty("otpguard.project.dir", "."), "target",
            "store-keys.tsv");
    private static Env env;
    private static final Map<String, String> REALM_IDS = new LinkedHashMap<>();

    @BeforeAll
    static void startServerWithRecorder() throws Exception {
        Path jar = TestProviderJar.build("otp-guard-test-store-recorder", RecordingSingleUseObjectStoreFactory.class,
                Map.of("org.keycloak.models.SingleUseObjectProviderFactory",
                        List.of(RecordingSingleUseObjectStoreFactory.class.getName())));
        Files.deleteIfExists(KEYS);
        env = Env.start(Path.of(System.getProperty("keycloak.spare.home")), "keycloak-store-keys.log",
                List.of("--spi-single-use-object--provider-default=" + RecordingSingleUseObjectStoreFactory.ID,
                        "--spi-single-use-object--" + RecordingSingleUseObjectStoreFactory.ID + "--file="
                                + KEYS.toAbsolutePath()),
                List.of(jar));
        runEveryFeatureOnce();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static TestUser user(String realm, String prefix) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return user;
    }

    private static String remember(String realm) {
        REALM_IDS.put(realm, env.admin.get("/admin/realms/" + realm).path("id").asText());
        return realm;
    }

    private static String linkIn(jakarta.mail.internet.MimeMessage message) {
        return Mailbox.textOf(message).lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
    }

    private static void followConfirmedLink(String link) {
        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        mailClient.get(confirm.document().selectFirst("a[href*=action-token]").absUrl("href"));
    }

    private static void runEveryFeatureOnce() throws Exception {
        // sign-in by email with one wrong code first, and a reset by email code, in one realm
        String mailRealm = remember(RealmSetup.realm(env).resetByCode("otp-guard-email").create(env));
        TestUser anna = user(mailRealm, "keys");
        Login login = new Login(env, mailRealm);
        Page code = login.passwordStep(anna.username());
        String right = env.mailbox.awaitCode(anna.email(), 1);
        Page wrong = login.enterCode(code, WrongCode.besides(right));
        assertThat(wrong.isCodePage()).as(wrong.text()).isTrue();
        assertThat(login.enterCode(wrong, right).isRedirectToApp()).isTrue();
        PasswordReset reset = new PasswordReset(env.browser(), env.baseUrl(), mailRealm);
        Page resetCode = reset.start(anna.username());
        assertThat(resetCode.isCodePage()).as(resetCode.text()).isTrue();
        assertThat(reset.enterCode(resetCode, env.mailbox.awaitCode(anna.email(), 2)).isCodePage()).isFalse();

        // SMS sign-ins past a budget of one an hour: the second is refused and reported once
        String smsRealm = remember(RealmSetup.realm(env).step("otp-guard-sms")
                .realmAttribute("otpGuard.smsPerRealmPerHour", "1").create(env));
        TestUser ben = user(smsRealm, "keys");
        new Login(env, smsRealm).passwordStep(ben.username());
        env.twilio.awaitCode(ben.phone(), 1);
        new Login(env, smsRealm).passwordStep(user(smsRealm, "keys").username());

        // a confirmed email change, and its undo link followed
        String contactRealm = remember(RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).contactListener()
                .requiredAction("otp-guard-update-email", Map.of()).create(env));
        TestUser cleo = user(contactRealm, "keys");
        Login signedIn = new Login(env, contactRealm);
        assertThat(signedIn.passwordStep(cleo.username()).isRedirectToApp()).isTrue();
        Page current = signedIn.browser().get(Login.authUrl(env.baseUrl(), contactRealm)
                + "&kc_action=otp-guard-update-email");
        Page entry = signedIn.enterCode(current, env.mailbox.awaitCode(cleo.email(), 1));
        String newEmail = "new-" + cleo.email();
        Page next = signedIn.browser().submit(entry, "otp-guard-email-form", Map.of("email", newEmail));
        assertThat(signedIn.enterCode(next, env.mailbox.awaitCode(newEmail, 1)).isRedirectToApp()).isTrue();
        followConfirmedLink(linkIn(env.mailbox.awaitMessage(cleo.email(), 2)));

        // a second device of a user, and the alert's "this wasn't me" link followed
        String deviceRealm = remember(RealmSetup.realm(env).step("otp-guard-sms").placement(Placement.NEW_DEVICE)
                .create(env));
        TestUser dora = user(deviceRealm, "keys");
        for (int device = 1; device <= 2; device++) {
            Login onDevice = new Login(env.browser(), env.baseUrl(), deviceRealm);
            Page page = onDevice.passwordStep(dora.username());
            assertThat(onDevice.enterCode(page, env.twilio.awaitCode(dora.phone(), device)).isRedirectToApp()).isTrue();
        }
        followConfirmedLink(linkIn(env.mailbox.awaitMessage(dora.email(), 1)));
    }

    /** Every recorded store call, as {@code operation, realmId, caller, key}. */
    private static List<JsonNode> recorded() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(KEYS)) {
            String[] field = line.split("\t", 4);
            entries.add(json.createObjectNode().put("operation", field[0]).put("realmId", field[1])
                    .put("caller", field[2]).put("key", field[3]));
        }
        return entries;
    }

    /** The kind of a key: its words up to the realm id, e.g. {@code otp-guard:count:user}. */
    private static String kind(JsonNode entry) {
        String key = entry.path("key").asText();
        int realm = key.indexOf(":" + entry.path("realmId").asText() + ":");
        return realm < 0 ? key : key.substring(0, realm);
    }

    @Test
    void everyKeyStartsWithThePrefixAndNamesTheRealmOfItsRequest() throws Exception {
        List<JsonNode> entries = recorded();

        assertThat(entries).as("the recorder saw OTP Guard's store calls").isNotEmpty();
        for (JsonNode entry : entries) {
            String key = entry.path("key").asText();
            String realmId = entry.path("realmId").asText();
            assertThat(REALM_IDS.values()).as("%s by %s", key, entry.path("caller").asText()).contains(realmId);
            assertThat(key).as("written by %s", entry.path("caller").asText())
                    .startsWith("otp-guard:").contains(":" + realmId + ":");
        }
    }

    @Test
    void theScenarioCoveredEveryKindOfKey() throws Exception {
        Set<String> kinds = new TreeSet<>();
        recorded().forEach(entry -> kinds.add(kind(entry)));

        assertThat(kinds).contains("otp-guard:count:user", "otp-guard:count:dest", "otp-guard:count:ip",
                "otp-guard:count:realm", "otp-guard:count:sms", "otp-guard:count:fail",
                "otp-guard:sms-budget-reported", "otp-guard:link-used");
    }

    @Test
    void noKeyHoldsAnAddressANumberOrAUsername() throws Exception {
        for (JsonNode entry : recorded()) {
            String key = entry.path("key").asText();
            assertThat(key).doesNotContain("@").doesNotContain("+49").doesNotContain("keys");
        }
    }

    @Test
    void keysOfTwoRealmsNeverMeet() throws Exception {
        Map<String, String> realmOfKey = new LinkedHashMap<>();
        for (JsonNode entry : recorded()) {
            String previous = realmOfKey.putIfAbsent(entry.path("key").asText(), entry.path("realmId").asText());
            assertThat(previous == null || previous.equals(entry.path("realmId").asText()))
                    .as("key %s used for two realms", entry.path("key").asText()).isTrue();
        }
    }
}
