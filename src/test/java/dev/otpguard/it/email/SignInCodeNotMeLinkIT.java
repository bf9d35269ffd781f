package dev.otpguard.it.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sign-in code mail's "I did not try to sign in" link (issue 17). A sign-in code is mailed only after the right
 * password, so a code nobody asked for means someone knows it: the link does what the new-device alert's "this
 * wasn't me" does (confirmation first, then all sessions ended, known devices forgotten, a new password required),
 * once. Codes that confirm an address or reset a password come after no password and carry no such link.
 */
@ExtendWith(TestEnvironment.class)
class SignInCodeNotMeLinkIT {

    private static final String LINK_TEXT = "I did not try to sign in: secure my account";

    /** New-device placement without alerts: known devices to forget, and only codes in the mailbox. */
    private static RealmSetup quietNewDeviceRealm(Env env) {
        return RealmSetup.realm(env).placement(Placement.NEW_DEVICE).deviceConfig("alert", "false");
    }

    private static TestUser user(Env env, String realm, String prefix) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return user;
    }

    /** The link of the mail's text part: the only line that is an address. */
    private static String textLink(MimeMessage mail) {
        List<String> links = Mailbox.textOf(mail).lines().map(String::trim).filter(l -> l.startsWith("http")).toList();
        assertThat(links).as(Mailbox.textOf(mail)).hasSize(1);
        return links.get(0);
    }

    private static JsonNode user(Env env, String realm, TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
    }

    private static int sessions(Env env, String realm, TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username())
                + "/sessions").size();
    }

    private static String credentials(Env env, String realm, TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username())
                + "/credentials").toString();
    }

    @Test
    void theSignInCodeMailCarriesTheLinkInHtmlAndTextWithoutTheCodeOrTheAddress(Env env) {
        String realm = quietNewDeviceRealm(env).create(env);
        TestUser user = user(env, realm, "link");
        Page codePage = new Login(env, realm).passwordStep(user.username());
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();

        MimeMessage mail = env.mailbox.awaitMessage(user.email(), 1);
        String code = env.mailbox.awaitCode(user.email(), 1);
        String link = textLink(mail);
        Element anchor = Jsoup.parse(Mailbox.htmlOf(mail)).selectFirst("a[href*=action-token]");

        assertThat(anchor).as(Mailbox.htmlOf(mail)).isNotNull();
        assertThat(anchor.text()).isEqualTo(LINK_TEXT);
        assertThat(anchor.attr("href")).isEqualTo(link);
        assertThat(link).contains("/realms/" + realm + "/login-actions/action-token?key=")
                .contains("client_id=" + RealmSetup.CLIENT_ID)
                .doesNotContain(code).doesNotContain(user.email()).doesNotContain(user.username())
                .doesNotContain(URLEncoder.encode(user.email(), StandardCharsets.UTF_8));
        assertThat(Mailbox.textOf(mail)).contains(LINK_TEXT).contains("The link works once, for 24 hours.");
        assertThat(Mailbox.htmlOf(mail)).contains("The link works once, for 24 hours.");
    }

    @Test
    void confirmationAndPasswordResetCodeMailsCarryNoSuchLink(Env env) throws Exception {
        String realm = quietNewDeviceRealm(env).resetByCode("otp-guard-email")
                .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false")).create(env);
        TestUser user = user(env, realm, "nolink");
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user.username());
        assertThat(login.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1)).isRedirectToApp()).isTrue();

        // a confirmation code: the new address is proven by a code sent to it
        String newAddress = "new-" + user.email();
        Page form = login.browser().get(Login.authUrl(env.baseUrl(), realm) + "&kc_action=otp-guard-update-email");
        if (form.document().getElementById("kc-form-login") != null) {
            form = login.browser().submit(form, "kc-form-login",
                    Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
        }
        Page confirmPage = login.browser().submit(form, "otp-guard-email-form", Map.of("email", newAddress));
        assertThat(confirmPage.isCodePage()).as(confirmPage.text()).isTrue();
        MimeMessage confirmation = env.mailbox.awaitMessage(newAddress, 1);
        assertThat(confirmation.getSubject()).startsWith("Your confirmation code");
        assertThat(login.enterCode(confirmPage, env.mailbox.awaitCode(newAddress, 1)).isRedirectToApp()).isTrue();

        // a password-reset code, to the address just confirmed
        Page resetPage = new PasswordReset(env.browser(), env.baseUrl(), realm).start(user.username());
        assertThat(resetPage.isCodePage()).as(resetPage.text()).isTrue();
        MimeMessage reset = env.mailbox.awaitMessage(newAddress, 2);
        assertThat(reset.getSubject()).startsWith("Your password reset code");

        for (MimeMessage mail : List.of(confirmation, reset)) {
            assertThat(Mailbox.textOf(mail)).doesNotContain("http").doesNotContain(LINK_TEXT);
            assertThat(Mailbox.htmlOf(mail)).doesNotContain("action-token").doesNotContain(LINK_TEXT);
        }
    }

    @Test
    void iDidNotTryToSignInSecuresTheAccountOnce(Env env) {
        String realm = quietNewDeviceRealm(env).create(env);
        TestUser user = user(env, realm, "notme");
        // the owner is signed in on their laptop, with a refresh token in their application
        Login laptop = new Login(env, realm);
        Page done = laptop.enterCode(laptop.passwordStep(user.username()), env.mailbox.awaitCode(user.email(), 1));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        String refreshToken = laptop.tokens(done).path("refresh_token").asText();
        assertThat(laptop.refresh(refreshToken).status()).as("the refresh token works before").isEqualTo(200);
        assertThat(credentials(env, realm, user)).contains("otp-guard-device");

        // someone who knows the password gets as far as the code page of a new browser; the code goes to the owner
        Page intruder = new Login(env, realm).passwordStep(user.username());
        assertThat(intruder.isCodePage()).as(intruder.text()).isTrue();
        String link = textLink(env.mailbox.awaitMessage(user.email(), 2));

        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.text()).contains("Secure your account?");
        assertThat(user(env, realm, user).get("requiredActions").toString()).as("following the link changes nothing")
                .doesNotContain("UPDATE_PASSWORD");
        String proceed = confirm.document().selectFirst("a[href*=action-token]").absUrl("href");
        Page secured = mailClient.get(proceed);
        assertThat(secured.text()).contains("Your account is secured");

        assertThat(laptop.refresh(refreshToken).status()).as("the refresh token is dead").isEqualTo(400);
        assertThat(sessions(env, realm, user)).isZero();
        assertThat(credentials(env, realm, user)).as("known devices forgotten").doesNotContain("otp-guard-device");
        JsonNode stored = user(env, realm, user);
        assertThat(stored.get("requiredActions").toString()).contains("UPDATE_PASSWORD")
                .doesNotContain("otp-guard-phone-setup");
        assertThat(stored.at("/attributes/phone_number_verified/0").asText()).as("no new second factor asked for")
                .isEqualTo("true");
        assertThat(UserEvents.of(env, realm, user.username()))
                .anySatisfy(e -> assertThat(e.at("/details/otp_guard_action").asText()).isEqualTo("not_me"));

        for (Page used : List.of(env.browser().get(link), mailClient.get(link), env.browser().get(proceed),
                mailClient.get(proceed))) {
            assertThat(used.status()).as(used.text()).isEqualTo(400);
            assertThat(used.text()).contains("This link was already used.").doesNotContain("Secure your account?");
            assertThat(used.document().selectFirst("a[href*=action-token]")).isNull();
        }
    }

    @Test
    void aTamperedLinkShowsAnErrorAndChangesNothing(Env env) {
        String realm = quietNewDeviceRealm(env).create(env);
        TestUser user = user(env, realm, "tamper");
        Login laptop = new Login(env, realm);
        Page done = laptop.enterCode(laptop.passwordStep(user.username()), env.mailbox.awaitCode(user.email(), 1));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        new Login(env, realm).passwordStep(user.username());
        String link = textLink(env.mailbox.awaitMessage(user.email(), 2));

        String key = link.replaceAll(".*[?&]key=([^&]+).*", "$1");
        String[] parts = key.split("\\.");
        String otherSignature = parts[2].substring(0, parts[2].length() - 4)
                + (parts[2].endsWith("AAAA") ? "BBBB" : "AAAA");
        String otherPayload = parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("AA") ? "BB" : "AA");
        for (String tampered : List.of(parts[0] + "." + parts[1] + "." + otherSignature,
                parts[0] + "." + otherPayload + "." + parts[2], parts[0] + "." + parts[1], "garbage")) {
            Page page = env.browser().get(link.replace(key, tampered));
            assertThat(page.status()).as(tampered + ": " + page.text()).isBetween(400, 499);
            assertThat(page.text()).doesNotContain("Secure your account?").doesNotContain("Your account is secured");
            assertThat(page.document().selectFirst("a[href*=action-token]")).isNull();
        }

        assertThat(sessions(env, realm, user)).isEqualTo(1);
        assertThat(credentials(env, realm, user)).contains("otp-guard-device");
        assertThat(user(env, realm, user).get("requiredActions").toString()).doesNotContain("UPDATE_PASSWORD");
        // and the genuine link still works: the tampering used nothing up
        assertThat(env.browser().get(link).text()).contains("Secure your account?");
    }
}
