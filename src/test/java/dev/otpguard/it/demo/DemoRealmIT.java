package dev.otpguard.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docker/realm-demo.json is imported as it is by both demos (the admin API in {@code mvn -Pdemo verify},
 * {@code --import-realm} in docker compose, the same import code in Keycloak), so it alone must set the realm up:
 * OTP Guard's required actions with their configuration, the user profile with the phone attributes and an
 * admin-only email, and the flow that leads the two demo users where the README says.
 */
@ExtendWith(TestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("smoke")
class DemoRealmIT {

    private static final String REALM = "demo-file";
    private static final String DEMO_PASSWORD = "demo";

    private Env env;

    @BeforeAll
    void importTheDemoRealm(Env env) throws IOException {
        this.env = env;
        Path file = Path.of(System.getProperty("otpguard.project.dir", "."), "docker", "realm-demo.json");
        ObjectNode realm = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        realm.put("realm", REALM);
        ((ObjectNode) realm.get("smtpServer")).put("host", "127.0.0.1").put("port", Integer.toString(env.mailbox.port()));
        env.admin.createRealm(realm);
    }

    private JsonNode requiredAction(String alias) {
        return env.admin.get("/admin/realms/" + REALM + "/authentication/required-actions/" + alias);
    }

    @Test
    void ourRequiredActionsAreEnabledWithTheirConfiguration() {
        JsonNode phoneSetup = requiredAction("otp-guard-phone-setup");
        assertThat(phoneSetup.path("enabled").asBoolean()).isTrue();
        assertThat(env.admin.get("/admin/realms/" + REALM + "/authentication/required-actions/otp-guard-phone-setup/config")
                .path("config").path("allowedCountries").asText()).isEqualTo("DE,AT,CH,FR,NL,GB,US");
        assertThat(requiredAction("otp-guard-update-email").path("enabled").asBoolean()).isTrue();
        assertThat(requiredAction("otp-guard-update-phone").path("enabled").asBoolean()).isTrue();
        assertThat(env.admin.get("/admin/realms/" + REALM + "/authentication/required-actions/otp-guard-update-phone/config")
                .path("config").path("allowedCountries").asText()).isEqualTo("DE,AT,CH,FR,NL,GB,US");
        // "this wasn't me" and the undo link require a new password; "a new second factor" requires OTP setup
        assertThat(requiredAction("UPDATE_PASSWORD").path("enabled").asBoolean()).isTrue();
        assertThat(requiredAction("CONFIGURE_TOTP").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void usersSeeButCannotEditTheirPhoneOrEmail() {
        JsonNode attributes = env.admin.get("/admin/realms/" + REALM + "/users/profile").path("attributes");
        for (String name : new String[] {"email", "phone_number", "phone_number_verified"}) {
            JsonNode attribute = StreamSupport.stream(attributes.spliterator(), false)
                    .filter(a -> a.path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " not in the user profile: " + attributes));
            assertThat(attribute.path("permissions").path("view").toString()).as(name).contains("\"user\"");
            assertThat(attribute.path("permissions").path("edit").toString()).as(name).isEqualTo("[\"admin\"]");
        }
    }

    @Test
    void demoGetsAnSmsCodeAndAnnaIsAskedForHerPhoneNumberInGerman() {
        Page demo = passwordStep("demo");
        assertThat(demo.isCodePage()).as(demo.text()).isTrue();
        assertThat(demo.byId("otp-guard-destination")).endsWith("…89.");

        Page anna = passwordStep("anna");
        assertThat(anna.document().getElementById("otp-guard-phone-form")).as(anna.text()).isNotNull();
        assertThat(anna.document().select("#country option").eachAttr("value")).contains("DE", "AT", "CH", "FR",
                "NL", "GB", "US");
        assertThat(anna.document().select("html").attr("lang")).isEqualTo("de");
    }

    @Test
    void forgottenPasswordsTakeAnSmsCodeOrAnEmailCodeForAccountsWithoutPhone() {
        int smsBefore = env.twilio.messagesTo("+4915123456789").size();
        int mailBefore = env.mailbox.messagesTo("anna@otpguard.demo").size();

        Page demo = forgotPassword("demo");
        Page anna = forgotPassword("anna");

        assertThat(demo.isCodePage()).as(demo.text()).isTrue();
        assertThat(demo.byId("otp-guard-destination")).isEqualTo(
                "If demo belongs to an account, we sent a 6-digit code to its email address or phone number.");
        assertThat(anna.byId("otp-guard-destination")).isEqualTo(
                "If anna belongs to an account, we sent a 6-digit code to its email address or phone number.");
        env.twilio.awaitCode("+4915123456789", smsBefore + 1);
        env.mailbox.awaitCode("anna@otpguard.demo", mailBefore + 1);
    }

    private Page forgotPassword(String username) {
        Browser browser = env.browser();
        Page login = browser.get(env.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth"
                + "?client_id=demo-app&redirect_uri=http%3A%2F%2Flocalhost%3A1%2Fcallback&response_type=code&scope=openid");
        org.jsoup.nodes.Element link = login.document().selectFirst("a[href*=reset-credentials]");
        assertThat(link).as("'Forgot password?' on the demo login page").isNotNull();
        Page choose = browser.get(link.absUrl("href"));
        return browser.submit(choose, "kc-reset-password-form", Map.of("username", username));
    }

    private Page passwordStep(String username) {
        Browser browser = env.browser();
        Page login = browser.get(env.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth"
                + "?client_id=demo-app&redirect_uri=http%3A%2F%2Flocalhost%3A1%2Fcallback&response_type=code&scope=openid");
        return browser.submit(login, "kc-form-login", Map.of("username", username, "password", DEMO_PASSWORD));
    }
}
