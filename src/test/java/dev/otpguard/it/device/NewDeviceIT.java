package dev.otpguard.it.device;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.FakeSmtpServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Condition - new device" with "Remember device and alert": a code only where the browser is not a known
 * device of the user. Each login here is a browser with its own cookie jar.
 */
@ExtendWith(TestEnvironment.class)
class NewDeviceIT {

    private static final String COOKIE = "OTP_GUARD_DEVICE";
    /** The test realm's SMTP timeouts with a mail server that never answers: what a held request would wait. */
    private static final Duration STALLED_RELAY_TIMEOUT = Duration.ofSeconds(8);

    private static String realm(Env env, ChannelUnderTest channel, RealmSetup setup) {
        return setup.step(channel.stepId()).placement(Placement.NEW_DEVICE).create(env);
    }

    /** A realm for recognition tests: no alert mails, so the mailbox holds only codes. */
    private static String quietRealm(Env env, ChannelUnderTest channel, RealmSetup setup) {
        return realm(env, channel, setup.deviceConfig("alert", "false"));
    }

    private static TestUser user(Env env, String realm, String prefix) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return user;
    }

    /** Signs in on this browser, entering the code if one is asked for; returns whether one was asked for. */
    private static boolean signIn(Env env, ChannelUnderTest channel, String realm, Browser browser, TestUser user,
                                  int codesSoFar) {
        Login login = new Login(browser, env.baseUrl(), realm);
        Page page = login.passwordStep(user.username());
        if (page.isRedirectToApp()) {
            return false;
        }
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        Page done = login.enterCode(page, channel.awaitCode(env, user, codesSoFar + 1));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        return true;
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aCodeOnlyOnANewBrowser(ChannelUnderTest channel, Env env) {
        String realm = quietRealm(env, channel, RealmSetup.realm(env));
        TestUser user = user(env, realm, "dev");
        Browser laptop = env.browser();
        assertThat(signIn(env, channel, realm, laptop, user, 0)).as("first login: new device").isTrue();
        assertThat(laptop.cookies()).containsKey(COOKIE);
        assertThat(signIn(env, channel, realm, laptop, user, 1)).as("same browser again: known").isFalse();
        assertThat(signIn(env, channel, realm, env.browser(), user, 1)).as("another browser: new").isTrue();
        assertThat(channel.sent(env, user)).isEqualTo(2);
    }

    @Test
    void theCookieIsHttpOnlyLaxAndLimitedToTheRealm(Env env) {
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env));
        TestUser user = user(env, realm, "flags");
        Browser browser = env.browser();
        List<String> setCookies = new ArrayList<>();
        browser.onSetCookie(setCookies::add);
        signIn(env, ChannelUnderTest.EMAIL, realm, browser, user, 0);
        String header = setCookies.stream().filter(h -> h.startsWith(COOKIE + "=")).findFirst().orElseThrow();
        assertThat(header).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .contains("Path=/realms/" + realm + "/");
        String value = header.substring(COOKIE.length() + 1, header.indexOf(';'));
        assertThat(value).doesNotContain(user.username()).doesNotContain(user.email());
    }

    @Test
    void aCookieCopiedFromAnotherUserCountsAsNew(Env env) {
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env));
        TestUser alice = user(env, realm, "alice");
        TestUser bob = user(env, realm, "bob");
        Browser alices = env.browser();
        signIn(env, ChannelUnderTest.EMAIL, realm, alices, alice, 0);

        Browser bobs = env.browser();
        bobs.cookies().put(COOKIE, alices.cookies().get(COOKIE));
        assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, bobs, bob, 0)).isTrue();
    }

    @Test
    void forgedGarbageAndOversizedCookiesCountAsNewWithoutError(Env env) {
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env));
        TestUser user = user(env, realm, "forged");
        Browser real = env.browser();
        signIn(env, ChannelUnderTest.EMAIL, realm, real, user, 0);
        String genuine = real.cookies().get(COOKIE);
        String[] parts = genuine.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        int codes = 1;
        for (String cookie : List.of("garbage", tampered, "x".repeat(5000), genuine + "x")) {
            Browser browser = env.browser();
            browser.cookies().put(COOKIE, cookie);
            assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, browser, user, codes)).as(cookie).isTrue();
            codes++;
        }
    }

    @Test
    void aDeviceRemovedByAnAdminIsNewAgain(Env env) {
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env));
        TestUser user = user(env, realm, "revoke");
        Browser browser = env.browser();
        signIn(env, ChannelUnderTest.EMAIL, realm, browser, user, 0);
        String userId = env.admin.userId(realm, user.username());
        JsonNode credentials = env.admin.get("/admin/realms/" + realm + "/users/" + userId + "/credentials");
        JsonNode device = null;
        for (JsonNode credential : credentials) {
            if ("otp-guard-device".equals(credential.get("type").asText())) {
                device = credential;
            }
        }
        assertThat(device).as(credentials.toString()).isNotNull();
        assertThat(device.toString()).doesNotContain(browser.cookies().get(COOKIE));
        env.admin.delete("/admin/realms/" + realm + "/users/" + userId + "/credentials/" + device.get("id").asText());

        assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, browser, user, 1)).isTrue();
    }

    @Test
    void theOldestDeviceIsForgottenAboveTheCap(Env env) {
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env).deviceConfig("maxDevices", "2"));
        TestUser user = user(env, realm, "cap");
        Browser first = env.browser();
        Browser second = env.browser();
        Browser third = env.browser();
        signIn(env, ChannelUnderTest.EMAIL, realm, first, user, 0);
        signIn(env, ChannelUnderTest.EMAIL, realm, second, user, 1);
        signIn(env, ChannelUnderTest.EMAIL, realm, third, user, 2);
        assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, second, user, 3)).as("second still known").isFalse();
        assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, first, user, 3)).as("first was evicted").isTrue();
    }

    @Tag("smoke")
    @Test
    void aSecondDeviceIsReportedByEmailAndThisWasntMeSecuresTheAccountOnce(Env env) throws Exception {
        // codes by SMS, so the mailbox holds only the alerts
        String realm = realm(env, ChannelUnderTest.SMS, RealmSetup.realm(env));
        TestUser user = user(env, realm, "alert");
        Browser laptop = env.browser();
        signIn(env, ChannelUnderTest.SMS, realm, laptop, user, 0);
        Thread.sleep(500);
        assertThat(env.mailbox.messagesTo(user.email())).as("no alert for the first device").isEmpty();

        Browser phone = env.browser().userAgent("Mozilla/5.0 <b>bold</b> (X11; Linux x86_64) Chrome/130.0 Safari/537.36");
        signIn(env, ChannelUnderTest.SMS, realm, phone, user, 1);
        jakarta.mail.internet.MimeMessage alert = env.mailbox.awaitMessage(user.email(), 1);
        assertThat(alert.getSubject()).isEqualTo("New sign-in to " + realm);
        String text = dev.otpguard.it.support.Mailbox.textOf(alert);
        String html = dev.otpguard.it.support.Mailbox.htmlOf(alert);
        assertThat(text).contains("IP address: 127.0.0.1").contains("Device:");
        assertThat(html).doesNotContain("<b>bold</b>");
        String link = text.lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        assertThat(html).contains(link.replace("&", "&amp;"));

        String userId = env.admin.userId(realm, user.username());
        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + userId + "/sessions").size()).isEqualTo(2);

        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        assertThat(confirm.text()).contains("Secure your account?");
        String proceed = confirm.document().selectFirst("a[href*=action-token]").absUrl("href");
        Page done = mailClient.get(proceed);
        assertThat(done.text()).contains("Your account is secured");

        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + userId + "/sessions").size()).isZero();
        JsonNode credentials = env.admin.get("/admin/realms/" + realm + "/users/" + userId + "/credentials");
        assertThat(credentials.toString()).doesNotContain("otp-guard-device");
        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + userId).get("requiredActions").toString())
                .contains("UPDATE_PASSWORD");

        Page again = env.browser().get(proceed);
        assertThat(again.text()).doesNotContain("Your account is secured");
        assertThat(again.status()).isLessThan(500);
    }

    @Test
    void aUsedThisWasntMeLinkSaysPlainlyThatItWasAlreadyUsed(Env env) throws Exception {
        String realm = realm(env, ChannelUnderTest.SMS, RealmSetup.realm(env));
        TestUser user = user(env, realm, "used");
        signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 0);
        signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 1);
        String text = dev.otpguard.it.support.Mailbox.textOf(env.mailbox.awaitMessage(user.email(), 1));
        String link = text.lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        Browser mailClient = env.browser();
        String proceed = mailClient.get(link).document().selectFirst("a[href*=action-token]").absUrl("href");
        assertThat(mailClient.get(proceed).text()).contains("Your account is secured");

        for (Page used : List.of(env.browser().get(link), mailClient.get(link), env.browser().get(proceed),
                mailClient.get(proceed))) {
            assertThat(used.status()).isEqualTo(400);
            assertThat(used.text()).contains("This link was already used.")
                    .doesNotContain("Secure your account?");
            assertThat(used.document().selectFirst("a[href*=action-token]")).isNull();
        }
    }

    @Test
    void aFailingMailServerNeverBlocksTheLogin(Env env) {
        String realm = realm(env, ChannelUnderTest.SMS,
                RealmSetup.realm(env).smtpPort(dev.otpguard.it.support.KeycloakServer.freePort()));
        TestUser user = user(env, realm, "nosmtp");
        signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 0);
        // the second device triggers the alert; the mail server is down; the login still completes
        assertThat(signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 1)).isTrue();
        // the login's event knows only that an alert was queued; the alert's own event tells it failed
        dev.otpguard.it.support.Events.of(env, realm, user.username())
                .assertHas(event("LOGIN").detail("otp_guard_alert", "queued"))
                .assertHas(event("SEND_VERIFY_EMAIL_ERROR").action("new_device_alert").error("otp_send_failed")
                        .detail("otp_guard_alert", "failed").detail("otp_guard_channel", "email"));
    }

    /**
     * The alert leaves after the login: a mail server that takes the connection and never answers cannot hold the
     * sign-in. The code POST answers before the relay's timeout could have cut the alert off, and the alert's
     * failure is an event of its own once the timeout did.
     */
    @Test
    void aStalledMailServerDoesNotHoldTheSignInItsAlertFailsLater(Env env) {
        try (FakeSmtpServer relay = new FakeSmtpServer(FakeSmtpServer.Behaviour.SILENT)) {
            String realm = realm(env, ChannelUnderTest.SMS, RealmSetup.realm(env).smtpPort(relay.port())
                    .smtpSetting("timeout", Long.toString(STALLED_RELAY_TIMEOUT.toMillis()))
                    .smtpSetting("connectionTimeout", Long.toString(STALLED_RELAY_TIMEOUT.toMillis())));
            TestUser user = user(env, realm, "stalledalert");
            signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 0);

            Login login = new Login(env.browser(), env.baseUrl(), realm);
            Page page = login.passwordStep(user.username());
            String code = ChannelUnderTest.SMS.awaitCode(env, user, 2);
            long started = System.nanoTime();
            Page done = login.enterCode(page, code);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
            assertThat(took).as("the sign-in waited for the stalled mail server").isLessThan(STALLED_RELAY_TIMEOUT);
            dev.otpguard.it.support.Events.of(env, realm, user.username())
                    .assertHas(event("LOGIN").detail("otp_guard_alert", "queued"))
                    .assertHasNo(event("SEND_VERIFY_EMAIL_ERROR").action("new_device_alert"))
                    .assertHas(event("SEND_VERIFY_EMAIL_ERROR").action("new_device_alert").error("otp_send_failed"),
                            STALLED_RELAY_TIMEOUT.plusSeconds(10));
            assertThat(relay.connections()).as("the alert was tried").isPositive();
        }
    }

    @Tag("smoke")
    @Test
    void aUserRemovesADeviceInTheAccountApiAndItIsNewAgain(Env env) throws Exception {
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env));
        TestUser user = user(env, realm, "account");
        Browser browser = env.browser();
        signIn(env, ChannelUnderTest.EMAIL, realm, browser, user, 0);

        String token = env.admin.userToken(realm, user.username(), RealmSetup.PASSWORD);
        JsonNode types = env.admin.asUser(token).get("/realms/" + realm + "/account/credentials");
        JsonNode devices = null;
        for (JsonNode type : types) {
            if ("otp-guard-device".equals(type.get("type").asText())) {
                devices = type;
            }
        }
        assertThat(devices).as(types.toString()).isNotNull();
        assertThat(devices.get("displayName").asText()).isEqualTo("otpGuardDevicesTitle");
        JsonNode credential = devices.at("/userCredentialMetadatas/0/credential");
        assertThat(credential.get("userLabel").asText()).contains(" · ");
        env.admin.asUser(token).delete("/realms/" + realm + "/account/credentials/" + credential.get("id").asText());

        assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, browser, user, 1)).isTrue();
    }

    @Test
    void theDeviceCheckIsMeasuredWithOneAndWithTwentyKnownDevices(Env env) {
        // twenty new devices of one user within minutes: above the default hourly send limits on purpose
        String realm = quietRealm(env, ChannelUnderTest.EMAIL, RealmSetup.realm(env)
                .realmAttribute("otpGuard.sendsPerUserPerHour", "100")
                .realmAttribute("otpGuard.sendsPerDestinationPerHour", "100"));
        TestUser user = user(env, realm, "many");
        Browser first = env.browser();
        signIn(env, ChannelUnderTest.EMAIL, realm, first, user, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, first, user, 1)).isFalse();
        }
        for (int i = 1; i < 20; i++) {
            signIn(env, ChannelUnderTest.EMAIL, realm, env.browser(), user, i);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(env, ChannelUnderTest.EMAIL, realm, first, user, 20)).isFalse();
        }
        // ServerLogIT reports the timings of both cases from the server's DEBUG lines
    }

    @Test
    void thisWasntMeCanAlsoDemandANewSecondFactor(Env env) throws Exception {
        String realm = realm(env, ChannelUnderTest.SMS, RealmSetup.realm(env)
                .deviceConfig("notMeNewSecondFactor", "true").phoneSetup(java.util.Map.of("allowedCountries", "DE")));
        TestUser user = user(env, realm, "factor");
        signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 0);
        signIn(env, ChannelUnderTest.SMS, realm, env.browser(), user, 1);
        String text = dev.otpguard.it.support.Mailbox.textOf(env.mailbox.awaitMessage(user.email(), 1));
        String link = text.lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        mailClient.get(confirm.document().selectFirst("a[href*=action-token]").absUrl("href"));

        JsonNode stored = env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
        assertThat(stored.get("requiredActions").toString()).contains("UPDATE_PASSWORD").contains("otp-guard-phone-setup");
        assertThat(stored.at("/attributes/phone_number_verified/0").asText()).isEqualTo("false");
    }

    @Test
    void theFirstDeviceAlertsWhenConfiguredAndTheIpIgnoresAForgedForwardedHeader(Env env) throws Exception {
        String realm = realm(env, ChannelUnderTest.SMS, RealmSetup.realm(env).deviceConfig("alertFirstLogin", "true"));
        TestUser user = user(env, realm, "first");
        // no proxy is configured, so Keycloak must not believe this header (checklist E6)
        Browser browser = env.browser().header("X-Forwarded-For", "203.0.113.77");
        signIn(env, ChannelUnderTest.SMS, realm, browser, user, 0);
        String text = dev.otpguard.it.support.Mailbox.textOf(env.mailbox.awaitMessage(user.email(), 1));
        assertThat(text).contains("IP address: 127.0.0.1").doesNotContain("203.0.113.77");

        assertThat(signIn(env, ChannelUnderTest.SMS, realm, browser, user, 1)).as("known now").isFalse();
        Thread.sleep(500);
        assertThat(env.mailbox.messagesTo(user.email())).as("no alert for a known device").hasSize(1);
    }
}
