package dev.otpguard.it.registration;

import static dev.otpguard.it.support.EventMatch.event;
import static dev.otpguard.it.support.WrongCode.besides;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Events;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RegistrationRealm;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Codes at registration (issue 19): "Verify email with a code" as the realm's default action, and the registration
 * form's "Phone number", stored unverified and proven right after by phone setup with the number filled in.
 */
@ExtendWith(TestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationCodesIT {

    private static final String VERIFY_EMAIL = RegistrationRealm.VERIFY_EMAIL;

    private Env env;
    /** Phone required, verify email as default action. */
    private String realm;
    /** Phone optional. */
    private String optionalRealm;

    @BeforeAll
    void setUp(Env env) {
        this.env = env;
        realm = registrationRealm(Map.of("phoneRequired", "true"));
        optionalRealm = registrationRealm(Map.of());
    }

    /** A realm with registration on (password-only sign-in: required actions follow the password at once). */
    private String registrationRealm(Map<String, String> phoneConfig) {
        return RegistrationRealm.create(env, RealmSetup.realm(env).placement(RealmSetup.Placement.PASSWORD_ONLY),
                phoneConfig);
    }

    private Page registrationForm(Login login, String realm) {
        return login.browser().get(RegistrationRealm.url(env.baseUrl(), realm));
    }

    private static Map<String, String> registration(TestUser user, String phone) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", user.username());
        fields.put("email", user.email());
        fields.put("firstName", "Reg");
        fields.put("lastName", "User");
        fields.put("password", RealmSetup.PASSWORD);
        fields.put("password-confirm", RealmSetup.PASSWORD);
        if (phone != null) {
            fields.put("phone_number", phone);
        }
        return fields;
    }

    private JsonNode stored(String realm, TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
    }

    /** Proves the address on the "Verify your email address" code page; returns the page after it. */
    private Page verifyEmail(Login login, Page codePage, TestUser user) {
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        assertThat(codePage.text()).contains("Verify your email address");
        return login.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1));
    }

    /** Phone setup with the registered number filled in: confirm it, prove it; returns the page after it. */
    private Page provePhone(Login login, Page setup, TestUser user) {
        assertThat(setup.document().getElementById("otp-guard-phone-form")).as(setup.text()).isNotNull();
        assertThat(setup.document().select("#phone").attr("value")).isEqualTo(user.phone());
        Page codePage = login.browser().submit(setup, "otp-guard-phone-form",
                Map.of("country", "DE", "phone", user.phone()));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        return login.enterCode(codePage, env.twilio.awaitCode(user.phone(), 1));
    }

    @Tag("smoke")
    @Test
    void aNewUserProvesTheirAddressAndTheirNumberWithCodesRightAfterRegistering() {
        TestUser user = ChannelUnderTest.newUser("reg");
        Login login = new Login(env, realm);
        Page form = registrationForm(login, realm);
        assertThat(form.document().select("#kc-register-form input[name=phone_number]")).as(form.text()).hasSize(1);
        assertThat(form.text()).contains("Include the country code");

        // typed with spaces: stored in E.164 form
        String typed = user.phone().substring(0, 3) + " " + user.phone().substring(3, 6) + " "
                + user.phone().substring(6);
        Page next = login.browser().submit(form, "kc-register-form", registration(user, typed));
        JsonNode registered = stored(realm, user);
        assertThat(registered.at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
        assertThat(registered.at("/attributes/phone_number_verified/0").asText()).isEqualTo("false");
        assertThat(registered.get("emailVerified").asBoolean()).isFalse();
        // nothing reached the number before the user asked for a code on the phone setup page
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();

        // the realm orders the two actions; each is proven once, whichever comes first
        for (int step = 0; step < 2 && !next.isRedirectToApp(); step++) {
            next = next.isCodePage() ? verifyEmail(login, next, user) : provePhone(login, next, user);
        }
        assertThat(next.isRedirectToApp()).as(next.text()).isTrue();

        JsonNode done = stored(realm, user);
        assertThat(done.get("emailVerified").asBoolean()).isTrue();
        assertThat(done.at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
        assertThat(done.at("/attributes/phone_number_verified/0").asText()).isEqualTo("true");
        Events.of(env, realm, user.username()).assertHas(event("VERIFY_EMAIL").success()
                .detail("otp_guard_action", "verify_email").detail("otp_guard_channel", "email"));
        for (JsonNode e : env.admin.events(realm)) {
            // the address is masked in our details, never written out
            if ("VERIFY_EMAIL".equals(e.path("type").asText())) {
                assertThat(e.path("details").toString()).doesNotContain(user.email());
            }
        }
    }

    @Test
    void wrongEmptyHugeAndForeignDigitCodesAreRefusedAndTheSessionLives() {
        TestUser user = ChannelUnderTest.newUser("regbad");
        env.admin.createUser(optionalRealm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        setRequiredAction(optionalRealm, user, VERIFY_EMAIL);
        Login login = new Login(env, optionalRealm);
        Page codePage = login.passwordStep(user.username());
        assertThat(codePage.text()).contains("Verify your email address");
        String code = env.mailbox.awaitCode(user.email(), 1);

        Page wrong = login.enterCode(codePage, besides(code));
        assertThat(wrong.error()).isEqualTo("Wrong code. 4 tries left.");
        for (String bad : new String[] {"", "9".repeat(10_000), "١٢٣٤٥٦", "12 34 5x"}) {
            Page refused = login.enterCode(wrong, bad);
            assertThat(refused.status()).as(bad.length() + " chars").isEqualTo(200);
            assertThat(refused.isCodePage()).as(refused.text()).isTrue();
            assertThat(refused.error()).as(bad.length() + " chars: " + refused.text()).isNotBlank();
            // each page's form carries a fresh session code: the next post goes from the page just shown
            wrong = refused;
        }
        assertThat(stored(optionalRealm, user).get("emailVerified").asBoolean()).isFalse();
        Page done = login.enterCode(wrong, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(stored(optionalRealm, user).get("emailVerified").asBoolean()).isTrue();

        // the next login: the address is verified, the action is done
        assertThat(new Login(env, optionalRealm).passwordStep(user.username()).isRedirectToApp()).isTrue();
    }

    @Test
    void aCodeMailedToTheOldAddressDoesNotVerifyTheNewOne() {
        TestUser user = ChannelUnderTest.newUser("regmove");
        env.admin.createUser(optionalRealm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        setRequiredAction(optionalRealm, user, VERIFY_EMAIL);
        Login login = new Login(env, optionalRealm);
        Page codePage = login.passwordStep(user.username());
        String oldCode = env.mailbox.awaitCode(user.email(), 1);

        String moved = "moved-" + user.email();
        ObjectNode rep = (ObjectNode) stored(optionalRealm, user);
        rep.put("email", moved).put("emailVerified", false);
        assertThat(env.admin.put("/admin/realms/" + optionalRealm + "/users/" + rep.get("id").asText(), rep)
                .statusCode()).isEqualTo(204);

        Page refused = login.enterCode(codePage, oldCode);
        assertThat(refused.isRedirectToApp()).isFalse();
        assertThat(stored(optionalRealm, user).get("emailVerified").asBoolean()).isFalse();
        // a fresh code goes to the new address and verifies it (after the resend cooldown of 1 s)
        sleep(1100);
        Page fresh = login.resend(refused);
        assertThat(fresh.isCodePage()).as(fresh.text()).isTrue();
        Page done = login.enterCode(fresh, env.mailbox.awaitCode(moved, 1));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(stored(optionalRealm, user).get("emailVerified").asBoolean()).isTrue();
    }

    @Test
    void aVerifiedAddressEndsTheActionAtOnceAndAUserWithoutOneSignsIn() {
        TestUser verified = ChannelUnderTest.newUser("regok");
        env.admin.createUser(optionalRealm, verified.username(), verified.email(), null, null, RealmSetup.PASSWORD);
        ObjectNode rep = (ObjectNode) stored(optionalRealm, verified);
        rep.put("emailVerified", true);
        rep.putArray("requiredActions").add(VERIFY_EMAIL);
        env.admin.put("/admin/realms/" + optionalRealm + "/users/" + rep.get("id").asText(), rep);
        Page page = new Login(env, optionalRealm).passwordStep(verified.username());
        assertThat(page.isRedirectToApp()).as(page.text()).isTrue();
        assertThat(env.mailbox.messagesTo(verified.email())).isEmpty();

        TestUser noAddress = ChannelUnderTest.newUser("regnone");
        env.admin.createUser(optionalRealm, noAddress.username(), null, null, null, RealmSetup.PASSWORD);
        setRequiredAction(optionalRealm, noAddress, VERIFY_EMAIL);
        Page without = new Login(env, optionalRealm).passwordStep(noAddress.username());
        // nothing to verify: the action stays for later; Keycloak's own profile check asks for the address first
        assertThat(without.status()).isEqualTo(200);
        assertThat(without.text()).doesNotContain("Verify your email address");
        assertThat(stored(optionalRealm, noAddress).get("requiredActions").toString()).contains(VERIFY_EMAIL);
    }

    @Test
    void badNumbersAreRefusedOnTheRegistrationFormAndNothingIsCreated() {
        TestUser user = ChannelUnderTest.newUser("regnum");
        Login login = new Login(env, realm);
        Page form = registrationForm(login, realm);
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("+49 900 1234567", "This kind of number cannot receive sign-in codes. Use a mobile number.");
        refusals.put("+33 6 12 34 56 78",
                "Numbers from this country cannot be used here. Choose a number from one of the listed countries.");
        refusals.put("12345", "This is not a valid phone number. Check the number and the country.");
        // Keycloak's own length check of the attribute answers first for this one
        refusals.put("+49" + "1".repeat(5000), "Length must be between 0 and 2,048.");
        refusals.put("+٤٩١٥١٢٣٤٥٦٧٨", "This is not a valid phone number. Check the number and the country.");
        refusals.put("", "Enter your mobile number.");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Page refused = login.browser().submit(form, "kc-register-form", registration(user, refusal.getKey()));
            assertThat(refused.status()).as(refusal.getKey()).isEqualTo(200);
            assertThat(refused.byId("input-error-phone_number")).as(refused.text()).contains(refusal.getValue());
            // what the user typed elsewhere stays
            assertThat(refused.document().select("input[name=email]").attr("value")).isEqualTo(user.email());
            form = refused;
        }
        assertThat(env.admin.get("/admin/realms/" + realm + "/users?exact=true&username=" + user.username()))
                .isEmpty();
        assertThat(env.twilio.messagesTo("+499001234567")).isEmpty();
    }

    @Test
    void aForgedVerifiedFlagIsIgnoredAndAnOptionalNumberMayBeLeftOut() {
        TestUser user = ChannelUnderTest.newUser("regforge");
        Login login = new Login(env, optionalRealm);
        Map<String, String> fields = registration(user, user.phone());
        fields.put("phone_number_verified", "true");
        fields.put("otp_guard_phone_verified_for", "forged");
        Page next = login.browser().submit(registrationForm(login, optionalRealm), "kc-register-form", fields);
        assertThat(next.status()).isEqualTo(200);
        JsonNode stored = stored(optionalRealm, user);
        assertThat(stored.at("/attributes/phone_number_verified/0").asText()).isEqualTo("false");
        assertThat(stored.at("/attributes/otp_guard_phone_verified_for").isMissingNode()).isTrue();
        assertThat(stored.get("requiredActions").toString()).contains("otp-guard-phone-setup");

        TestUser without = ChannelUnderTest.newUser("regnophone");
        Login other = new Login(env, optionalRealm);
        Page after = other.browser().submit(registrationForm(other, optionalRealm), "kc-register-form",
                registration(without, ""));
        assertThat(after.text()).contains("Verify your email address");
        JsonNode none = stored(optionalRealm, without);
        assertThat(none.at("/attributes/phone_number").isMissingNode()).isTrue();
        assertThat(none.get("requiredActions").toString()).doesNotContain("otp-guard-phone-setup");
    }

    @Test
    void aRegisteredNumberCannotBeChangedInTheAccountConsoleOnlyByAnAdmin() {
        TestUser user = ChannelUnderTest.newUser("regedit");
        Login login = new Login(env, optionalRealm);
        Page next = login.browser().submit(registrationForm(login, optionalRealm), "kc-register-form",
                registration(user, user.phone()));
        for (int step = 0; step < 2 && !next.isRedirectToApp(); step++) {
            next = next.isCodePage() ? verifyEmail(login, next, user) : provePhone(login, next, user);
        }
        assertThat(next.isRedirectToApp()).as(next.text()).isTrue();

        String token = env.admin.userToken(optionalRealm, user.username(), RealmSetup.PASSWORD);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", user.username());
        account.put("email", user.email());
        account.put("firstName", "Reg");
        account.put("lastName", "Changed");
        account.put("attributes", Map.of("phone_number", java.util.List.of("+4915199999999")));
        HttpResponse<String> refused = env.admin.asUser(token).post("/realms/" + optionalRealm + "/account",
                account);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("otpGuardPhoneEditRefused");
        assertThat(stored(optionalRealm, user).at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());

        // the same save without touching the number goes through
        account.put("attributes", Map.of("phone_number", java.util.List.of(user.phone())));
        HttpResponse<String> saved = env.admin.asUser(token).post("/realms/" + optionalRealm + "/account", account);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(204);
        assertThat(stored(optionalRealm, user).get("lastName").asText()).isEqualTo("Changed");
        assertThat(stored(optionalRealm, user).at("/attributes/phone_number_verified/0").asText()).isEqualTo("true");

        // an admin may still set a number; OTP Guard treats it as unverified
        ObjectNode rep = (ObjectNode) stored(optionalRealm, user);
        ((ObjectNode) rep.get("attributes")).putArray("phone_number").add("+4915188888888");
        assertThat(env.admin.put("/admin/realms/" + optionalRealm + "/users/" + rep.get("id").asText(), rep)
                .statusCode()).isEqualTo(204);
        assertThat(stored(optionalRealm, user).at("/attributes/phone_number/0").asText()).isEqualTo("+4915188888888");
    }

    /** The action on the user, whose address is not verified (the test users are created verified). */
    private void setRequiredAction(String realm, TestUser user, String action) {
        ObjectNode rep = (ObjectNode) stored(realm, user);
        rep.putArray("requiredActions").add(action);
        rep.put("emailVerified", false);
        assertThat(env.admin.put("/admin/realms/" + realm + "/users/" + rep.get("id").asText(), rep).statusCode())
                .isEqualTo(204);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
