package dev.otpguard.it.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The "this wasn't me" link of a new-device alert, the "I did not try to sign in" link of a sign-in code mail and the
 * undo link of a contact change die when they expire. Their lifetimes are hours (24, fixed) or days, so the links
 * are opened on a second Keycloak whose clock runs 8 days ahead (libfaketime, Debian's {@code faketime} package,
 * which {@code .ci/run} installs) and which imported the same realm with the same signing key, user id and issuer:
 * 7-day and 24-hour links are refused there as expired, a 30-day link issued at the same time is still accepted,
 * so the refusal is the expiry and nothing else.
 */
@ExtendWith(TestEnvironment.class)
class LinkExpiryIT {

    private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    @Test
    void sevenDayLinksAreDeadEightDaysLaterAndThirtyDayLinksAreNot(Env env) throws Exception {
        assumeTrue(Files.exists(FAKETIME), "libfaketime is not installed (Debian: apt-get install faketime); "
                + ".ci/run installs it. Without it the link expiry cannot be observed from outside.");
        RealmSetup setup = RealmSetup.realm(env).placement(Placement.NEW_DEVICE).fixedSigningKey().contactListener()
                .deviceConfig("alertFirstLogin", "true").deviceConfig("notMeLinkDays", "7")
                .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false", "revertLinkDays", "7"));
        String realm = setup.create(env);
        TestUser user = ChannelUnderTest.newUser("expiry");
        String userId = env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);

        Login login = new Login(env.browser(), env.baseUrl(), realm);
        Page codePage = login.passwordStep(user.username());
        assertThat(login.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1)).isRedirectToApp()).isTrue();
        String codeMailNotMe = link(env.mailbox.awaitMessage(user.email(), 1));
        String notMe = link(env.mailbox.awaitMessage(user.email(), 2));

        String second = "second-" + user.email();
        String undoSevenDays = changeEmail(env, login, user.username(), user.email(), second, 3);
        env.admin.put("/admin/realms/" + realm + "/authentication/required-actions/otp-guard-update-email/config",
                Map.of("config", Map.of("confirmCurrent", "false", "revertLinkDays", "30")));
        String undoThirtyDays = changeEmail(env, login, user.username(), second, "third-" + user.email(), 2);

        assertThat(env.browser().get(undoSevenDays).text()).as("valid on today's clock")
                .contains("Undo the change of your email address");

        Path log = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "keycloak-faketime.log");
        Files.deleteIfExists(log);
        try (KeycloakServer later = new KeycloakServer(Path.of(System.getProperty("keycloak.spare.home")),
                KeycloakServer.freePort(), log)) {
            later.installProvider(KeycloakServer.providerJarFromSystemProperty());
            // a monotonic clock left real: faking it too makes the JVM's timed waits spin
            later.environment("LD_PRELOAD", FAKETIME.toString()).environment("FAKETIME", "+8d");
            later.start(List.of("--hostname=" + env.baseUrl()));
            Admin laterAdmin = new Admin(later.baseUrl());
            ObjectNode copy = setup.toJson();
            ObjectNode sameUser = copy.withArray("users").addObject();
            sameUser.put("id", userId).put("username", user.username()).put("enabled", true)
                    .put("email", "third-" + user.email()).put("emailVerified", true);
            laterAdmin.createRealm(copy);

            Browser browser = new Browser(later.baseUrl());
            Page expiredNotMe = browser.get(onServer(notMe, env, later));
            Page expiredCodeMailNotMe = browser.get(onServer(codeMailNotMe, env, later));
            Page expiredUndo = browser.get(onServer(undoSevenDays, env, later));
            Page liveUndo = browser.get(onServer(undoThirtyDays, env, later));

            assertThat(expiredNotMe.status()).as(expiredNotMe.text()).isEqualTo(400);
            assertThat(expiredNotMe.text()).containsIgnoringCase("expired");
            assertThat(expiredCodeMailNotMe.status()).as(expiredCodeMailNotMe.text()).isEqualTo(400);
            assertThat(expiredCodeMailNotMe.text()).containsIgnoringCase("expired");
            assertThat(expiredUndo.status()).as(expiredUndo.text()).isEqualTo(400);
            assertThat(expiredUndo.text()).containsIgnoringCase("expired");
            assertThat(liveUndo.status()).as(liveUndo.text()).isEqualTo(200);
            assertThat(liveUndo.text()).contains("Undo the change of your email address");
        }
        JsonNode stored = env.admin.get("/admin/realms/" + realm + "/users/" + userId);
        assertThat(stored.get("requiredActions").toString()).as("nothing happened to the account")
                .doesNotContain("UPDATE_PASSWORD");
    }

    /** Runs the confirmed email change and returns the undo link from the notice to the old address. */
    private static String changeEmail(Env env, Login login, String username, String from, String to,
                                      int noticeNumber) {
        Page form = login.browser().get(Login.authUrl(env.baseUrl(), login.realm())
                + "&kc_action=otp-guard-update-email");
        if (form.document().getElementById("kc-form-login") != null) {
            // this realm's flow has no SSO cookie step: the password again, then the known device needs no code
            form = login.browser().submit(form, "kc-form-login",
                    Map.of("username", username, "password", RealmSetup.PASSWORD));
        }
        Page codePage = login.browser().submit(form, "otp-guard-email-form", Map.of("email", to));
        assertThat(login.enterCode(codePage, env.mailbox.awaitCode(to, 1)).isRedirectToApp()).isTrue();
        return link(env.mailbox.awaitMessage(from, noticeNumber));
    }

    private static String link(jakarta.mail.internet.MimeMessage message) {
        return Mailbox.textOf(message).lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
    }

    private static String onServer(String link, Env env, KeycloakServer server) {
        return link.replace(env.baseUrl(), server.baseUrl());
    }
}
