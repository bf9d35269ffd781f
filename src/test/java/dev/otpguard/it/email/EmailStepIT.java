package dev.otpguard.it.email;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What is special to the email step: users without an address, and a mail server that fails. */
@ExtendWith(TestEnvironment.class)
class EmailStepIT {

    private static final String USER = "alice";
    private static final String EMAIL = "@example.test";

    private static String mail(String realm) {
        return USER + "." + realm + EMAIL;
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
        Page failed = login.awaitSend(login.passwordStep(USER));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.isCodePage()).as(failed.text()).isTrue();
        assertThat(failed.error()).isEqualTo("We could not send the code. Please try again in a moment.");
        assertThat(failed.byId("otp-guard-destination")).doesNotContain("We sent").doesNotContain("goes to");
        Events.of(env, realm, USER).assertHas(event("SEND_VERIFY_EMAIL_ERROR").error("otp_send_failed").action("send"));

        env.admin.put("/admin/realms/" + realm, Map.of("smtpServer", Map.of("host", "127.0.0.1",
                "port", Integer.toString(env.mailbox.port()), "from", "noreply@otpguard.test")));
        Page resent = login.resend(failed);
        assertThat(resent.info()).contains("A new code goes to");
        String code = env.mailbox.awaitCode(mail(realm), 1);
        assertThat(login.enterCode(resent, code).isRedirectToApp()).isTrue();
    }

}
