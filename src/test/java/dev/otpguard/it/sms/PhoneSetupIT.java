package dev.otpguard.it.sms;

import static dev.otpguard.it.support.WrongCode.besides;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Set up phone number": a user without a verified phone meets the SMS step, enrols a number (checked,
 * normalized, proven by a code) and signs in with SMS codes from then on.
 */
@ExtendWith(TestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneSetupIT {

    private Env env;
    private String realm;

    @BeforeAll
    void setUp(Env env) {
        this.env = env;
        realm = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .config("resendCooldownSeconds", "1")
                .phoneSetup(Map.of("allowedCountries", "DE,AT", "resendCooldownSeconds", "1")).create(env);
    }

    /** A user with an email address but no phone; returns the login at the phone setup page. */
    private Login newUserAtPhoneSetup(TestUser user) {
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        return new Login(env, realm);
    }

    @Tag("smoke")
    @Test
    void aUserEnrolsANumberProvesItAndSignsInWithSmsFromThenOn() {
        TestUser user = ChannelUnderTest.newUser("enrol");
        Login login = newUserAtPhoneSetup(user);
        Page setup = login.passwordStep(user.username());
        assertThat(setup.document().getElementById("otp-guard-phone-form")).as(setup.text()).isNotNull();
        assertThat(setup.byId("otp-guard-phone-risk")).contains("less safe than an authenticator app");
        assertThat(setup.document().select("#country option").eachAttr("value")).containsExactly("DE", "AT");

        // typed the national way, with the country chosen in the selector
        String national = "0" + user.phone().substring(3);
        Page codePage = login.browser().submit(setup, "otp-guard-phone-form",
                Map.of("country", "DE", "phone", national.substring(0, 4) + " " + national.substring(4)));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        assertThat(codePage.byId("otp-guard-destination")).contains("…" + user.phone().substring(user.phone().length() - 2));
        String code = env.twilio.awaitCode(user.phone(), 1);

        Page wrong = login.enterCode(codePage, besides(code));
        assertThat(wrong.error()).isEqualTo("Wrong code. 4 tries left.");
        Page done = login.enterCode(wrong, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();

        JsonNode stored = env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
        assertThat(stored.at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
        assertThat(stored.at("/attributes/phone_number_verified/0").asText()).isEqualTo("true");

        Login next = new Login(env, realm);
        Page smsStep = next.passwordStep(user.username());
        assertThat(smsStep.isCodePage()).as(smsStep.text()).isTrue();
        assertThat(next.enterCode(smsStep, env.twilio.awaitCode(user.phone(), 2)).isRedirectToApp()).isTrue();
    }

    @Test
    void badNumbersAreRefusedBeforeAnySmsIsSent() {
        TestUser user = ChannelUnderTest.newUser("refuse");
        Login login = newUserAtPhoneSetup(user);
        Page page = login.passwordStep(user.username());

        page = submitNumber(login, page, "DE", "12345");
        assertThat(page.byId("input-error-phone")).isEqualTo("This is not a valid phone number. Check the number and the country.");
        page = submitNumber(login, page, "DE", "+33 6 12 34 56 78");
        assertThat(page.byId("input-error-phone")).isEqualTo(
                "Numbers from this country cannot be used here. Choose a number from one of the listed countries.");
        page = submitNumber(login, page, "DE", "+49 900 1234567");
        assertThat(page.byId("input-error-phone")).isEqualTo(
                "This kind of number cannot receive sign-in codes. Use a mobile number.");
        page = submitNumber(login, page, "DE", "");
        assertThat(page.byId("input-error-phone")).isEqualTo("Enter your mobile number.");
        page = submitNumber(login, page, "DE", "+49" + "1".repeat(5000));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.byId("input-error-phone")).isEqualTo("This is not a valid phone number. Check the number and the country.");

        assertThat(env.twilio.messagesTo("+33612345678")).isEmpty();
        assertThat(env.twilio.messagesTo("+499001234567")).isEmpty();
        // the form still works after all that: the session is intact
        Page codePage = submitNumber(login, page, "AT", user.phone());
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
    }

    @Test
    void aUserCanSwitchToAnotherNumberAndTheOldCodeDoesNotConfirmIt() throws Exception {
        TestUser user = ChannelUnderTest.newUser("switch");
        TestUser other = ChannelUnderTest.newUser("switch2");
        Login login = newUserAtPhoneSetup(user);
        Page codePage = submitNumber(login, login.passwordStep(user.username()), "DE", user.phone());
        String firstCode = env.twilio.awaitCode(user.phone(), 1);

        Page numberForm = login.browser().submit(codePage, "otp-guard-change-form", Map.of());
        assertThat(numberForm.document().getElementById("otp-guard-phone-form")).isNotNull();
        Thread.sleep(1100);
        Page secondCodePage = submitNumber(login, numberForm, "DE", other.phone());
        String secondCode = env.twilio.awaitCode(other.phone(), 1);
        if (!firstCode.equals(secondCode)) {
            Page refused = login.enterCode(secondCodePage, firstCode);
            assertThat(refused.isRedirectToApp()).isFalse();
            secondCodePage = refused;
        }
        assertThat(login.enterCode(secondCodePage, secondCode).isRedirectToApp()).isTrue();
        JsonNode stored = env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
        assertThat(stored.at("/attributes/phone_number/0").asText()).isEqualTo(other.phone());
    }

    @Test
    void usersCannotEditTheirPhoneAttributesThroughTheAccountApi() {
        JsonNode profile = env.admin.get("/admin/realms/" + realm + "/users/profile");
        for (JsonNode attribute : profile.get("attributes")) {
            String name = attribute.get("name").asText();
            if (name.startsWith("phone_number")) {
                assertThat(attribute.at("/permissions/edit").toString()).isEqualTo("[\"admin\"]");
            }
        }
    }

    @Test
    void anAdminCannotSaveAnUnknownCountry() {
        var response = env.admin.put("/admin/realms/" + realm + "/authentication/required-actions/otp-guard-phone-setup/config",
                Map.of("config", Map.of("allowedCountries", "DE,XX")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("XX");
    }

    @Test
    void withoutAllowedCountriesNoNumberIsAccepted() {
        String bare = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .phoneSetup(Map.of()).create(env);
        TestUser user = ChannelUnderTest.newUser("nocountry");
        env.admin.createUser(bare, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        Login login = new Login(env, bare);
        Page page = submitNumber(login, login.passwordStep(user.username()), null, user.phone());
        assertThat(page.byId("input-error-phone")).isEqualTo(
                "Sign-in codes by SMS are not available yet. Please contact your administrator.");
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();
    }

    @Test
    void aDifferentNumberInsideTheCooldownIsNotNamedAsWhereTheCodeWent() throws Exception {
        String slow = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .phoneSetup(Map.of("allowedCountries", "DE", "resendCooldownSeconds", "60")).create(env);
        TestUser user = ChannelUnderTest.newUser("coolsetup");
        TestUser other = ChannelUnderTest.newUser("coolsetup2");
        env.admin.createUser(slow, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        Login login = new Login(env, slow);
        Page codePage = submitNumber(login, login.passwordStep(user.username()), "DE", user.phone());
        String firstCode = env.twilio.awaitCode(user.phone(), 1);

        Page numberForm = login.browser().submit(codePage, "otp-guard-change-form", Map.of());
        Page secondPage = submitNumber(login, numberForm, "DE", other.phone());

        assertThat(secondPage.isCodePage()).as(secondPage.text()).isTrue();
        assertThat(secondPage.byId("otp-guard-destination")).startsWith("No code has been sent by SMS")
                .contains(tail(other.phone()) + " yet").contains("The last code went to")
                .contains(tail(user.phone())).doesNotContain("We sent");
        Page oldCode = login.enterCode(secondPage, firstCode);
        assertThat(oldCode.error()).isEqualTo("There is no valid code for this sign-in. Request a new code.");
        assertThat(oldCode.isRedirectToApp()).isFalse();
        Thread.sleep(700);
        assertThat(env.twilio.messagesTo(other.phone())).isEmpty();
        JsonNode stored = env.admin.get("/admin/realms/" + slow + "/users/" + env.admin.userId(slow, user.username()));
        assertThat(stored.at("/attributes/phone_number").isMissingNode()).as(stored.toString()).isTrue();
    }

    /** The last two digits, as the page shows a number (more only when two numbers on one page end alike). */
    private static String tail(String phone) {
        return phone.substring(phone.length() - 2);
    }

    private static Page submitNumber(Login login, Page page, String country, String number) {
        Map<String, String> fields = country == null ? Map.of("phone", number) : Map.of("country", country, "phone", number);
        return login.browser().submit(page, "otp-guard-phone-form", fields);
    }
}
