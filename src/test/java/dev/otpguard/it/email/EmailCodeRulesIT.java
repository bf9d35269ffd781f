package dev.otpguard.it.email;

import static dev.otpguard.it.support.WrongCode.besides;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Placements, limits and failure paths of the email code step, each in a realm of its own. */
@ExtendWith(TestEnvironment.class)
class EmailCodeRulesIT {

    private static final String USER = "alice";
    private static final String EMAIL = "@example.test";

    private static String mail(String realm) {
        return USER + "." + realm + EMAIL;
    }

    @Test
    void anExpiredCodeIsRefusedAndANewOneWorks(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).config("codeLifetimeSeconds", "10").config("resendCooldownSeconds", "1");
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(USER);
        String code = env.mailbox.awaitCode(mail(realm), 1);

        Thread.sleep(10_500);
        Page expired = login.enterCode(page, code);
        assertThat(expired.isRedirectToApp()).isFalse();
        assertThat(expired.error()).isEqualTo("This code has expired. Request a new code.");
        assertThat(UserEvents.has(UserEvents.of(env, realm, USER), "LOGIN_ERROR", "expired_code", "verify")).isTrue();

        Page resent = login.resend(expired);
        String fresh = env.mailbox.awaitCode(mail(realm), 2);
        assertThat(login.enterCode(resent, fresh).isRedirectToApp()).isTrue();
    }

    @Test
    void aWrongCodeOnAnAlternativeStepNeverSkipsTheFactor(Env env) {
        RealmSetup setup = RealmSetup.realm(env).withTotp().placement(Placement.ALTERNATIVE_WITH_TOTP);
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Login login = new Login(env, realm);
        // Keycloak offers the user's own credential (TOTP) first; the user switches with "try another way"
        Page totp = login.passwordStep(USER);
        assertThat(totp.document().getElementById("try-another-way")).as(totp.text()).isNotNull();
        Page choice = login.browser().submit(totp, "kc-select-try-another-way-form", Map.of());
        org.jsoup.nodes.Element emailChoice = choice.document().select("li").stream()
                .filter(li -> li.text().contains("Email code")).findFirst().orElseThrow(
                        () -> new AssertionError("email step not offered: " + choice.text()));
        Page page = login.browser().submit(emailChoice.selectFirst("form"), Map.of());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        String code = env.mailbox.awaitCode(mail(realm), 1);

        for (int i = 0; i < 5; i++) {
            page = login.enterCode(page, besides(code));
            assertThat(page.isRedirectToApp()).isFalse();
            assertThat(page.isCodePage()).as(page.text()).isTrue();
        }
        // coming back to the flow still demands a second factor: ours or the authenticator app
        Page afterReload = login.reload(page);
        assertThat(afterReload.isRedirectToApp()).isFalse();
        assertThat(afterReload.document().select("#otp-guard-code-form, #kc-otp-login-form"))
                .as(afterReload.text()).isNotEmpty();
    }

    @Test
    void theStepWorksInsideAConditionalSubflow(Env env) {
        RealmSetup setup = RealmSetup.realm(env).placement(Placement.CONDITIONAL_SUBFLOW);
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(USER);
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(login.enterCode(page, env.mailbox.awaitCode(mail(realm), 1)).isRedirectToApp()).isTrue();
    }

    @Test
    void wrongCodesFeedKeycloaksBruteForceLockout(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).bruteForce();
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(USER);
        String code = env.mailbox.awaitCode(mail(realm), 1);
        for (int i = 0; i < 3; i++) {
            page = login.enterCode(page, besides(code));
        }
        String userId = env.admin.userId(realm, USER);
        JsonNode status = awaitLocked(env, realm, userId);
        assertThat(status.get("disabled").asBoolean()).as(status.toString()).isTrue();

        Page locked = login.enterCode(page, code);
        assertThat(locked.isRedirectToApp()).isFalse();
        assertThat(locked.status()).isEqualTo(200);
        assertThat(locked.error()).isEqualTo("Too many failed attempts. Please try again later.");
    }

    private static JsonNode awaitLocked(Env env, String realm, String userId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode status;
        do {
            status = env.admin.get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId);
            if (status.path("disabled").asBoolean()) {
                return status;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        return status;
    }

    @Test
    void aUserWithoutEmailIsStoppedWithAClearMessageByDefault(Env env) {
        RealmSetup setup = RealmSetup.realm(env);
        String realm = setup.user(USER, null).create(env);
        Page page = new Login(env, realm).passwordStep(USER);
        assertThat(page.isRedirectToApp()).isFalse();
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.text()).contains("Your account has no email address to send a sign-in code to.");
    }

    @Test
    void aUserWithoutEmailPassesWhenTheAdminChoseSkip(Env env) {
        RealmSetup setup = RealmSetup.realm(env).config("missingEmail", "skip");
        String realm = setup.user(USER, null).create(env);
        // Keycloak's own profile check would otherwise ask this user for the email the profile requires
        env.admin.put("/admin/realms/" + realm + "/authentication/required-actions/VERIFY_PROFILE",
                Map.of("alias", "VERIFY_PROFILE", "name", "Verify Profile", "providerId", "VERIFY_PROFILE",
                        "enabled", false, "defaultAction", false, "priority", 90));
        assertThat(new Login(env, realm).passwordStep(USER).isRedirectToApp()).isTrue();
    }

    @Test
    void aUserWithoutEmailIsAskedForOneWhenTheAdminChoseVerifyEmail(Env env) {
        RealmSetup setup = RealmSetup.realm(env).config("missingEmail", "verify-email");
        String realm = setup.user(USER, null).create(env);
        Page page = new Login(env, realm).passwordStep(USER);
        assertThat(page.isRedirectToApp()).isFalse();
        assertThat(page.document().selectFirst("input[name=email]")).as(page.text()).isNotNull();
        JsonNode user = env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, USER));
        assertThat(user.get("requiredActions").toString()).contains("VERIFY_EMAIL");
    }

    @Test
    void anUnreachableMailServerIsShownAsFailedAndTheUserCanRetry(Env env) {
        RealmSetup setup = RealmSetup.realm(env).smtpPort(KeycloakServer.freePort());
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Login login = new Login(env, realm);
        Page failed = login.passwordStep(USER);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.isCodePage()).as(failed.text()).isTrue();
        assertThat(failed.error()).isEqualTo("We could not send the code. Please try again in a moment.");
        assertThat(failed.byId("otp-guard-destination")).doesNotContain("We sent");
        assertThat(UserEvents.has(UserEvents.of(env, realm, USER), "SEND_VERIFY_EMAIL_ERROR", "otp_send_failed", "send"))
                .isTrue();

        env.admin.put("/admin/realms/" + realm, Map.of("smtpServer", Map.of("host", "127.0.0.1",
                "port", Integer.toString(env.mailbox.port()), "from", "noreply@otpguard.test")));
        Page resent = login.resend(failed);
        assertThat(resent.info()).contains("A new code was sent");
        String code = env.mailbox.awaitCode(mail(realm), 1);
        assertThat(login.enterCode(resent, code).isRedirectToApp()).isTrue();
    }

    @Test
    void anInvalidConfigurationStopsTheStepWithAMessageAndSendsNothing(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).config("codeLength", "4");
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Page page = new Login(env, realm).passwordStep(USER);
        assertThat(page.isRedirectToApp()).isFalse();
        assertThat(page.text()).contains("This sign-in step is not set up correctly.");
        Thread.sleep(500);
        assertThat(env.mailbox.messagesTo(mail(realm))).isEmpty();
    }

    @Test
    void theSendLimitPerLoginHolds(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).config("maxSendsPerLogin", "2").config("resendCooldownSeconds", "1");
        String realm = setup.user(USER, USER + "." + setup.name() + EMAIL).create(env);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(USER);
        env.mailbox.awaitCode(mail(realm), 1);
        Thread.sleep(1100);
        page = login.resend(page);
        env.mailbox.awaitCode(mail(realm), 2);
        Thread.sleep(2100);
        Page refused = login.resend(page);
        assertThat(refused.error()).isEqualTo("You have requested too many codes. Restart the sign-in to try again.");
        assertThat(refused.document().getElementById("otp-guard-resend")).isNull();
        assertThat(UserEvents.has(UserEvents.of(env, realm, USER), "SEND_VERIFY_EMAIL_ERROR", "otp_send_limit_reached",
                "resend")).isTrue();
        Thread.sleep(300);
        assertThat(env.mailbox.messagesTo(mail(realm))).hasSize(2);
    }
}
