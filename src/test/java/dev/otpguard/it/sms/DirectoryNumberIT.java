package dev.otpguard.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.LdapDirectory;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Phone numbers that come from a directory (issue 19): a real LDAP directory in the test JVM, a Keycloak LDAP user
 * federation with a {@code telephoneNumber} → {@code phone_number} mapper, users imported at their first sign-in,
 * and the SMS step's {@code unverifiedPhone} option: refuse, verify-on-first-use, setup.
 */
@ExtendWith(TestEnvironment.class)
class DirectoryNumberIT {

    private static LdapDirectory directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = new LdapDirectory();
        Path facts = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "ldap-directory-setup.txt");
        Files.createDirectories(facts.getParent());
        Files.writeString(facts, "In-memory LDAP directory (UnboundID, standard schema) up in "
                + directory.setupTime().toMillis() + " ms\n");
    }

    @AfterAll
    static void stopDirectory() {
        if (directory != null) {
            directory.close();
        }
    }

    /** A realm whose users come from the directory, with the SMS step configured as given, and DE numbers allowed. */
    private static String realm(Env env, String unverifiedPhone, String allowedCountries) {
        return realm(env, unverifiedPhone, allowedCountries, "UNSYNCED");
    }

    private static String realm(Env env, String unverifiedPhone, String allowedCountries, String editMode) {
        return realm(RealmSetup.realm(env), env, unverifiedPhone, allowedCountries, editMode);
    }

    private static String realm(RealmSetup base, Env env, String unverifiedPhone, String allowedCountries,
                                String editMode) {
        RealmSetup setup = base.step("otp-guard-sms").components(directory.federationComponents(editMode))
                .phoneSetup(Map.of("allowedCountries", allowedCountries));
        if (unverifiedPhone != null) {
            setup.config("unverifiedPhone", unverifiedPhone);
        }
        return setup.create(env);
    }

    private static TestUser person(String prefix, String phone) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        directory.addPerson(user.username(), user.email(), phone == null ? null : phone, RealmSetup.PASSWORD);
        return user;
    }

    private static JsonNode attributes(Env env, String realm, String username) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, username))
                .path("attributes");
    }

    @Test
    void aDirectoryNumberIsRefusedByDefaultAsIfThereWereNone(Env env) {
        String realm = realm(env, null, "DE");
        TestUser user = person("ldap-refuse", null);
        directory.changePhone(user.username(), user.phone());
        Page page = new Login(env, realm).passwordStep(user.username());
        assertThat(page.isCodePage()).isFalse();
        assertThat(page.text()).contains("no verified phone number");
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();
        JsonNode attributes = attributes(env, realm, user.username());
        assertThat(attributes.path("phone_number").get(0).asText()).as("imported from the directory")
                .isEqualTo(user.phone());
        assertThat(attributes.has("phone_number_verified")).isFalse();
    }

    @Test
    void verifyOnFirstUseSendsTheCodeAndTheRightCodeMarksTheNumberVerified(Env env) throws Exception {
        String realm = realm(env, "verify-on-first-use", "DE");
        TestUser user = person("ldap-first-use", null);
        directory.changePhone(user.username(), user.phone());
        Login login = new Login(env, realm);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.isCodePage()).isTrue();
        Page wrong = login.enterCode(page, "000000".equals(env.twilio.awaitCode(user.phone(), 1)) ? "111111"
                : "000000");
        assertThat(attributes(env, realm, user.username()).has("phone_number_verified"))
                .as("a wrong code proves nothing").isFalse();
        assertThat(login.enterCode(wrong, env.twilio.awaitCode(user.phone(), 1)).isRedirectToApp()).isTrue();

        JsonNode attributes = attributes(env, realm, user.username());
        assertThat(attributes.path("phone_number_verified").get(0).asText()).isEqualTo("true");
        assertThat(attributes.path("phone_number").get(0).asText()).isEqualTo(user.phone());
        JsonNode events = env.admin.events(realm);
        boolean verifiedEvent = false;
        for (JsonNode event : events) {
            if ("UPDATE_PROFILE".equals(event.path("type").asText())
                    && "phone_verified_on_first_use".equals(event.path("details").path("otp_guard_action").asText())) {
                verifiedEvent = true;
                assertThat(event.path("details").toString()).doesNotContain(user.phone());
            }
        }
        assertThat(verifiedEvent).as("an UPDATE_PROFILE event says the number was verified").isTrue();

        // the next sign-in uses it as any verified number
        Login again = new Login(env, realm);
        assertThat(again.awaitSend(again.passwordStep(user.username())).isCodePage()).isTrue();
    }

    /**
     * A READ_ONLY federation lets Keycloak store no attribute on its users: the right code still signs the user in,
     * the number stays unverified, and a WARN line tells the admin why (UNSYNCED or WRITABLE would keep the flag).
     */
    @Test
    void withAReadOnlyFederationTheRightCodeSignsInAndAWarnLineSaysTheFlagCannotBeStored(Env env) throws Exception {
        long logStart = Files.size(env.server.logFile());
        String realm = realm(env, "verify-on-first-use", "DE", "READ_ONLY");
        TestUser user = person("ldap-read-only", null);
        directory.changePhone(user.username(), user.phone());
        Login login = new Login(env, realm);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(login.enterCode(page, env.twilio.awaitCode(user.phone(), 1)).isRedirectToApp()).isTrue();
        assertThat(attributes(env, realm, user.username()).has("phone_number_verified")).isFalse();
        byte[] log = Files.readAllBytes(env.server.logFile());
        String added = new String(log, (int) logStart, log.length - (int) logStart,
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(added).contains("was proven but cannot be marked verified").contains("READ_ONLY")
                .doesNotContain(user.phone());
    }

    /**
     * The directory changes the number after OTP Guard verified the old one: the old flag does not cover the new
     * number (it was given for the old one), the new number is proven on its own first use, and the contact-change
     * listener tells the old number at that sign-in, a change it could not see as it happened. With
     * {@code refuse}, the changed number gets nothing.
     */
    @Test
    void aNumberChangedInTheDirectoryIsNotCoveredByTheOldVerificationAndTheOldNumberIsTold(Env env)
            throws Exception {
        String realm = realm(RealmSetup.realm(env).contactListener(), env, "verify-on-first-use", "DE", "UNSYNCED");
        TestUser user = person("ldap-changed", null);
        String oldNumber = user.phone();
        String newNumber = "+4915199" + oldNumber.substring(oldNumber.length() - 6);
        directory.changePhone(user.username(), oldNumber);
        Login first = new Login(env, realm);
        Page page = first.awaitSend(first.passwordStep(user.username()));
        assertThat(first.enterCode(page, env.twilio.awaitCode(oldNumber, 1)).isRedirectToApp()).isTrue();
        assertThat(env.twilio.messagesTo(oldNumber)).hasSize(1);

        directory.changePhone(user.username(), newNumber);
        Login second = new Login(env, realm);
        Page again = second.awaitSend(second.passwordStep(user.username()));
        assertThat(again.isCodePage()).isTrue();
        assertThat(second.enterCode(again, env.twilio.awaitCode(newNumber, 1)).isRedirectToApp()).isTrue();
        long proofs = 0;
        for (JsonNode event : env.admin.events(realm)) {
            if ("phone_verified_on_first_use".equals(event.path("details").path("otp_guard_action").asText())) {
                proofs++;
            }
        }
        assertThat(proofs).as("each number proven on its own first use").isEqualTo(2);
        // the listener's notice goes to the old number (and the address) after the sign-in
        long deadline = System.currentTimeMillis() + 10_000;
        while (env.twilio.messagesTo(oldNumber).size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(env.twilio.messagesTo(oldNumber)).as("code, then the notice of the change").hasSize(2);
        assertThat(env.twilio.messagesTo(oldNumber).get(1).get("Body")).doesNotContain(newNumber);

        // the same change under refuse: nothing goes to a number nobody proved
        String refusing = realm(env, "verify-on-first-use", "DE");
        TestUser other = person("ldap-changed-refuse", null);
        directory.changePhone(other.username(), other.phone());
        Login proving = new Login(env, refusing);
        Page code = proving.awaitSend(proving.passwordStep(other.username()));
        assertThat(proving.enterCode(code, env.twilio.awaitCode(other.phone(), 1)).isRedirectToApp()).isTrue();
        setStepOption(env, refusing, "unverifiedPhone", "refuse");
        String otherNew = "+4915198" + other.phone().substring(other.phone().length() - 6);
        directory.changePhone(other.username(), otherNew);
        Page refused = new Login(env, refusing).passwordStep(other.username());
        assertThat(refused.isCodePage()).isFalse();
        assertThat(refused.text()).contains("no verified phone number");
        Thread.sleep(300);
        assertThat(env.twilio.messagesTo(otherNew)).isEmpty();
    }

    /** Changes one option of the realm's SMS step, as an admin does in the flow editor. */
    private static void setStepOption(Env env, String realm, String option, String value) {
        for (JsonNode execution : env.admin.get("/admin/realms/" + realm
                + "/authentication/flows/otp-browser/executions")) {
            if ("otp-guard-sms".equals(execution.path("providerId").asText())) {
                String configId = execution.path("authenticationConfig").asText();
                com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                        env.admin.get("/admin/realms/" + realm + "/authentication/config/" + configId);
                ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("config")).put(option, value);
                assertThat(env.admin.put("/admin/realms/" + realm + "/authentication/config/" + configId, config)
                        .statusCode()).isEqualTo(204);
                return;
            }
        }
        throw new AssertionError("no SMS step in the browser flow of " + realm);
    }

    /** The realm's number rules still hold: a number from a country phone setup does not allow gets no code. */
    @Test
    void verifyOnFirstUseRefusesANumberTheRealmsRulesRefuse(Env env) throws Exception {
        String realm = realm(env, "verify-on-first-use", "AT");
        TestUser german = person("ldap-country", null);
        directory.changePhone(german.username(), german.phone());
        Page page = new Login(env, realm).passwordStep(german.username());
        assertThat(page.isCodePage()).isFalse();
        assertThat(page.text()).contains("no verified phone number");

        String deRealm = realm(env, "verify-on-first-use", "DE");
        TestUser premium = person("ldap-premium", "+49 900 1234567");
        Page premiumPage = new Login(env, deRealm).passwordStep(premium.username());
        assertThat(premiumPage.isCodePage()).as("a premium-rate number from the directory").isFalse();
        Thread.sleep(300);
        assertThat(env.twilio.messagesTo("+499001234567")).isEmpty();
        assertThat(env.twilio.messagesTo(german.phone())).isEmpty();
    }

    /** OTP Guard's own "false" (after a lockdown or an undo) is never verified on first use. */
    @Test
    void aNumberMarkedUnverifiedByOtpGuardIsNeverVerifiedOnFirstUse(Env env) {
        String realm = realm(env, "verify-on-first-use", "DE");
        TestUser user = person("ldap-revoked", null);
        directory.changePhone(user.username(), user.phone());
        // import the user, then mark the number as OTP Guard's lockdown does
        env.admin.get("/admin/realms/" + realm + "/users?exact=true&username=" + user.username());
        String id = env.admin.userId(realm, user.username());
        JsonNode representation = env.admin.get("/admin/realms/" + realm + "/users/" + id);
        com.fasterxml.jackson.databind.node.ObjectNode changed = representation.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("attributes"))
                .putArray("phone_number_verified").add("false");
        assertThat(env.admin.put("/admin/realms/" + realm + "/users/" + id, changed).statusCode()).isEqualTo(204);

        Page page = new Login(env, realm).passwordStep(user.username());
        assertThat(page.isCodePage()).isFalse();
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();
    }

    @Test
    void setupSendsTheUserThroughPhoneSetupWithTheNumberFilledIn(Env env) throws Exception {
        String realm = realm(env, "setup", "DE");
        TestUser user = person("ldap-setup", null);
        directory.changePhone(user.username(), user.phone());
        Login login = new Login(env, realm);
        Page setup = login.passwordStep(user.username());
        assertThat(setup.document()).isNotNull();
        assertThat(setup.document().getElementById("otp-guard-phone-form")).as(setup.text()).isNotNull();
        assertThat(setup.document().getElementById("phone").attr("value")).isEqualTo(user.phone());
        assertThat(setup.document().select("#country option[selected]").attr("value")).isEqualTo("DE");

        Page code = login.browser().submit(setup, "otp-guard-phone-form",
                Map.of("phone", user.phone(), "country", "DE"));
        assertThat(code.isCodePage()).as(code.text()).isTrue();
        Page done = login.enterCode(code, env.twilio.awaitCode(user.phone(), 1));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(attributes(env, realm, user.username()).path("phone_number_verified").get(0).asText())
                .isEqualTo("true");
    }

    /** An option value the step does not know stops it like every other bad option. */
    @Test
    void anUnknownValueIsAMisconfiguration(Env env) {
        String realm = realm(env, "trust-it", "DE");
        TestUser user = person("ldap-bad-option", null);
        directory.changePhone(user.username(), user.phone());
        Page page = new Login(env, realm).passwordStep(user.username());
        assertThat(page.text()).contains("This sign-in step is not set up correctly.");
    }
}
