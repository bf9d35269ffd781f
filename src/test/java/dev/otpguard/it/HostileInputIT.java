package dev.otpguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Text that users, browsers or admins control and that reaches a mail, an SMS or a page (checklist G3): a
 * User-Agent, first and last names, a realm's display name, what was typed on "Choose user". Markup must arrive
 * escaped, line breaks must never make a mail header, bidi overrides and zero-width characters must be gone, and
 * very long values must be cut.
 */
@ExtendWith(TestEnvironment.class)
class HostileInputIT {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String BIDI_OVERRIDE = "\u202E";
    private static final String ZERO_WIDTH = "\u200B";
    private static final String HEADER_INJECTION = "\r\nBcc: evil@example.test\r\nX-Injected: yes\r\n";
    private static final String EVIL = "evil@example.test";

    private static TestUser user(Env env, String realm, String prefix) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return user;
    }

    /** Signs in on a browser, entering the code if one is asked for. */
    private static void signIn(Env env, ChannelUnderTest channel, String realm, Browser browser, TestUser user,
                               int codesSoFar) {
        Login login = new Login(browser, env.baseUrl(), realm);
        Page page = login.passwordStep(user.username());
        if (!page.isRedirectToApp()) {
            assertThat(page.isCodePage()).as(page.text()).isTrue();
            assertThat(login.enterCode(page, channel.awaitCode(env, user, codesSoFar + 1)).isRedirectToApp()).isTrue();
        }
    }

    private static void assertCleanMail(MimeMessage mail) throws Exception {
        List<String> headerLines = Collections.list(mail.getAllHeaderLines());
        assertThat(headerLines).as("raw headers").noneMatch(l -> l.regionMatches(true, 0, "Bcc", 0, 3))
                .noneMatch(l -> l.regionMatches(true, 0, "X-Injected", 0, 10));
        String subject = mail.getSubject();
        assertThat(subject).doesNotContain("\r").doesNotContain("\n").doesNotContain(BIDI_OVERRIDE)
                .doesNotContain(ZERO_WIDTH);
        assertThat(subject.length()).as(subject).isLessThan(200);
        String html = Mailbox.htmlOf(mail);
        String text = Mailbox.textOf(mail);
        assertThat(html).doesNotContain("<script").doesNotContain(BIDI_OVERRIDE).doesNotContain(ZERO_WIDTH);
        assertThat(text).doesNotContain(BIDI_OVERRIDE).doesNotContain(ZERO_WIDTH).doesNotContain("\nBcc:");
        assertThat(html.length()).isLessThan(20_000);
        assertThat(text.length()).isLessThan(10_000);
    }

    private static void note(String line) throws IOException {
        Files.writeString(Path.of("target", "hostile-input-facts.txt"), line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aHostileUserAgentReachesTheNewDeviceAlertEscapedAndCut(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").placement(Placement.NEW_DEVICE).create(env);
        TestUser user = user(env, realm, "hua");
        signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 0);
        // Java's HTTP client (like browsers) refuses CR, LF and characters above U+00FF in a header value, and
        // Keycloak ignores a User-Agent above 512 characters: this is the worst a request can carry
        String agent = SCRIPT + "/99.0 (" + SCRIPT + "; \u00e2\u0080\u00ae) " + "Agent".repeat(95);
        signIn(env, ChannelUnderTest.SMS, realm, env.browser().userAgent(agent.substring(0, 500)), user, 1);

        MimeMessage alert = env.mailbox.awaitMessage(user.email(), 1);
        assertCleanMail(alert);
        String device = Mailbox.textOf(alert).lines().filter(l -> l.startsWith("Device:")).findFirst().orElseThrow();
        assertThat(device.length()).as(device).isLessThanOrEqualTo("Device: ".length() + 100);
        note("new-device alert for a hostile User-Agent, device line: " + device);
    }

    @Test
    void aHostileRealmDisplayNameNeverMakesAHeaderAndIsCutInEveryNotice(Env env) throws Exception {
        String hostile = "Evil" + HEADER_INJECTION + BIDI_OVERRIDE + ZERO_WIDTH + SCRIPT + "${loginAccountTitle}"
                + "\u2066\uFEFF\u0007" + "long".repeat(30);
        RealmSetup emailSetup = RealmSetup.realm(env).placement(Placement.NEW_DEVICE).displayName(hostile);
        String realm = emailSetup.create(env);
        String measured = RealmSetup.realm(env).create(env);
        HttpResponse<String> tooLong = env.admin.put("/admin/realms/" + measured,
                Map.of("displayName", "x".repeat(10_000)));
        HttpResponse<String> longest = env.admin.put("/admin/realms/" + measured, Map.of("displayName",
                "x".repeat(255)));
        note("realm display name of 10 000 characters: HTTP " + tooLong.statusCode() + "; of 255: HTTP "
                + longest.statusCode() + "; of " + hostile.length() + " hostile characters: accepted at import");
        TestUser user = user(env, realm, "hrealm");

        signIn(env, ChannelUnderTest.EMAIL, realm, env.browser(), user, 0);
        signIn(env, ChannelUnderTest.EMAIL, realm, env.browser(), user, 1);

        MimeMessage code = env.mailbox.awaitMessage(user.email(), 1);
        MimeMessage alert = env.mailbox.awaitMessage(user.email(), 3);
        for (MimeMessage mail : List.of(code, alert)) {
            assertCleanMail(mail);
            assertThat(mail.getSubject()).contains("Evil Bcc: evil@example.test X-Injected: yes");
            // what the admin typed is shown as typed, never read as a message key
            assertThat(Mailbox.textOf(mail)).contains("${loginAccountTitle}").contains("…");
        }
        assertThat(env.mailbox.messagesTo(EVIL)).isEmpty();

        String smsRealm = RealmSetup.realm(env).step("otp-guard-sms").displayName(hostile).create(env);
        TestUser texted = user(env, smsRealm, "hsms");
        new Login(env.browser(), env.baseUrl(), smsRealm).passwordStep(texted.username());
        String sms = Poll.nth(() -> env.twilio.messagesTo(texted.phone()), 1, "code SMS").get("Body");
        assertThat(sms).doesNotContain("\r").doesNotContain("\n").doesNotContain(BIDI_OVERRIDE)
                .doesNotContain(ZERO_WIDTH).contains("${loginAccountTitle}");
        assertThat(sms.length()).as(sms).isLessThan(300);
    }

    @Test
    void hostileNamesNeverReachANoticeRaw(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.NEW_DEVICE).create(env);
        TestUser user = user(env, realm, "hname");
        String path = "/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username());
        Map<String, Object> marked = Map.of("username", user.username(), "email", user.email(),
                "firstName", SCRIPT + BIDI_OVERRIDE, "lastName", "Lee" + HEADER_INJECTION);
        HttpResponse<String> withMarkup = env.admin.put(path, marked);
        note("first/last name with markup and CR/LF: HTTP " + withMarkup.statusCode());
        if (withMarkup.statusCode() != 204) {
            // Keycloak's person-name validator refuses markup; bidi, zero-width and length get through
            Map<String, Object> sneaky = Map.of("username", user.username(), "email", user.email(),
                    "firstName", BIDI_OVERRIDE + "Ann" + ZERO_WIDTH, "lastName", "n".repeat(250));
            HttpResponse<String> response = env.admin.put(path, sneaky);
            note("first/last name with bidi override, zero-width and 250 characters: HTTP " + response.statusCode());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        }

        signIn(env, ChannelUnderTest.EMAIL, realm, env.browser(), user, 0);
        signIn(env, ChannelUnderTest.EMAIL, realm, env.browser(), user, 1);

        for (MimeMessage mail : List.of(env.mailbox.awaitMessage(user.email(), 1),
                env.mailbox.awaitMessage(user.email(), 3))) {
            assertCleanMail(mail);
        }
        assertThat(env.mailbox.messagesTo(EVIL)).isEmpty();
    }

    @Test
    void aHostileTypedResetUsernameIsShownEscapedCleanAndCut(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser user = user(env, realm, "hreset");
        String typed = SCRIPT + BIDI_OVERRIDE + ZERO_WIDTH + "${7*7}" + "z".repeat(10_000);

        Page page = new PasswordReset(env.browser(), env.baseUrl(), realm).start(typed);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(page.body()).doesNotContain(SCRIPT).doesNotContain(BIDI_OVERRIDE).doesNotContain(ZERO_WIDTH);
        String destination = page.byId("otp-guard-destination");
        assertThat(destination).startsWith("If " + SCRIPT + "${7*7}zzz").contains("…");
        assertThat(destination.length()).as(destination).isLessThan(300);

        // the real account's reset still works, and its notice carries none of it
        PasswordReset reset = new PasswordReset(env.browser(), env.baseUrl(), realm);
        Page codePage = reset.start(user.username());
        Page newPassword = reset.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1));
        assertThat(PasswordReset.isNewPasswordPage(newPassword)).as(newPassword.text()).isTrue();
        assertCleanMail(env.mailbox.awaitMessage(user.email(), 1));
    }
}
