package dev.otpguard.it.throttle;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HourWindow;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import dev.otpguard.it.support.WrongCode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup.Placement;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hourly limits across logins (checklist B3, C2, C3, C8): each test gets its own realm, whose attributes set
 * the limits low, so the counters of one test never touch another's.
 */
@ExtendWith(TestEnvironment.class)
class HourlyLimitsIT {

    private static final String TOO_MANY = "Too many codes were requested. Try again in";
    private static final String PAUSED = "Too many wrong codes were entered for this account recently. Code checks "
            + "are paused; try again later.";
    private static final String FAILED_CODES = "otpGuard.failedCodesPerUserPerHour";

    private static TestUser user(Env env, String realm, String prefix, String phone) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        String number = phone == null ? user.phone() : phone;
        env.admin.createUser(realm, user.username(), user.email(), number, null, RealmSetup.PASSWORD);
        return new TestUser(user.username(), user.email(), number);
    }

    private static Page signIn(Env env, String realm, TestUser user) {
        return new Login(env.browser(), env.baseUrl(), realm).passwordStep(user.username());
    }

    @Test
    void sendsPerUserStopAcrossLoginsAndSayWhenToRetry(Env env) throws Exception {
        // fixed hours: in the hour's last minute the refusal says "1 minute", and at its turn the count resets
        HourWindow.atLeastSecondsLeft(90);
        String realm = RealmSetup.realm(env).realmAttribute("otpGuard.sendsPerUserPerHour", "2").create(env);
        TestUser user = user(env, realm, "quota", null);
        signIn(env, realm, user);
        signIn(env, realm, user);
        env.mailbox.awaitMessage(user.email(), 2);

        Page third = signIn(env, realm, user);

        assertThat(third.isCodePage()).isTrue();
        assertThat(third.error()).startsWith(TOO_MANY).endsWith("minutes.");
        Thread.sleep(500);
        assertThat(env.mailbox.messagesTo(user.email())).hasSize(2);
        assertThat(UserEvents.of(env, realm, user.username())).anySatisfy(e -> {
            assertThat(e.path("error").asText()).isEqualTo("otp_send_quota_reached");
            assertThat(e.at("/details/reason").asText()).isEqualTo("quota_user");
            // the third login's first code was refused: a first send, not a resend
            assertThat(e.at("/details/otp_guard_action").asText()).isEqualTo("send");
        });
    }

    @Test
    void sendsPerNumberCountEveryUserOfThatNumber(Env env) {
        String realm = RealmSetup.realm(env).step("otp-guard-sms")
                .realmAttribute("otpGuard.sendsPerDestinationPerHour", "2").create(env);
        String shared = ChannelUnderTest.newUser("shared").phone();
        TestUser first = user(env, realm, "first", shared);
        TestUser second = user(env, realm, "second", shared);
        signIn(env, realm, first);
        signIn(env, realm, second);
        env.twilio.awaitCode(shared, 2);

        Page refused = signIn(env, realm, first);

        assertThat(refused.error()).startsWith(TOO_MANY);
        assertThat(env.twilio.messagesTo(shared)).hasSize(2);
    }

    @Test
    void sendsPerClientAddressCountEveryAccount(Env env) {
        String realm = RealmSetup.realm(env).realmAttribute("otpGuard.sendsPerIpPerHour", "2").create(env);
        TestUser a = user(env, realm, "ipa", null);
        TestUser b = user(env, realm, "ipb", null);
        TestUser c = user(env, realm, "ipc", null);
        signIn(env, realm, a);
        signIn(env, realm, b);

        Page refused = signIn(env, realm, c);

        assertThat(refused.error()).startsWith(TOO_MANY);
        assertThat(env.mailbox.messagesTo(c.email())).isEmpty();
    }

    @Test
    void theSmsBudgetStopsSmsButNotEmail(Env env) {
        String realm = RealmSetup.realm(env).step("otp-guard-sms")
                .realmAttribute("otpGuard.smsPerRealmPerHour", "1").create(env);
        TestUser a = user(env, realm, "budgeta", null);
        TestUser b = user(env, realm, "budgetb", null);
        signIn(env, realm, a);
        env.twilio.awaitCode(a.phone(), 1);

        Page refused = signIn(env, realm, b);

        assertThat(refused.error()).isEqualTo(
                "Codes by SMS are not available right now. Try another way to sign in, or try again later.");
        assertThat(env.twilio.messagesTo(b.phone())).isEmpty();
        assertThat(UserEvents.of(env, realm, b.username()))
                .anySatisfy(e -> assertThat(e.at("/details/reason").asText()).isEqualTo("quota_sms_budget"));
    }

    @Test
    void wrongCodesAcrossLoginsStopCodeChecksEvenForTheRightCode(Env env) {
        String realm = RealmSetup.realm(env).realmAttribute("otpGuard.failedCodesPerUserPerHour", "3")
                .phoneSetup(Map.of("allowedCountries", "DE")).create(env);
        TestUser user = user(env, realm, "guess", null);
        Login first = new Login(env.browser(), env.baseUrl(), realm);
        Page page = first.passwordStep(user.username());
        String code = env.mailbox.awaitCode(user.email(), 1);
        page = first.enterCode(page, WrongCode.besides(code));
        first.enterCode(page, WrongCode.besides(code));

        Login second = new Login(env.browser(), env.baseUrl(), realm);
        Page again = second.passwordStep(user.username());
        String code2 = env.mailbox.awaitCode(user.email(), 2);
        Page third = second.enterCode(again, WrongCode.besides(code2));
        assertThat(third.error()).startsWith("Wrong code.");

        Page right = second.enterCode(third, code2);

        assertThat(right.isRedirectToApp()).isFalse();
        assertThat(right.error()).isEqualTo("Too many failed attempts. Please try again later.");
        Events.of(env, realm, user.username())
                .assertHas(event("LOGIN_ERROR").error("user_temporarily_disabled").action("verify"));
    }

    /** Types {@code n} wrong codes on a code page whose right code is {@code code}; returns the last page. */
    private static Page wrongCodes(Login login, Page page, String code, int n) {
        for (int i = 0; i < n; i++) {
            page = login.enterCode(page, WrongCode.besides(code));
            assertThat(page.error()).startsWith("Wrong code.");
        }
        return page;
    }

    private static void assertPausedEvent(Env env, String realm, String username) {
        assertThat(UserEvents.of(env, realm, username)).as("a paused send is reported with a fixed error")
                .anySatisfy(e -> {
                    assertThat(e.path("error").asText()).isEqualTo("otp_code_checks_paused");
                    assertThat(e.at("/details/reason").asText()).isEqualTo("guessing_stopped");
                });
    }

    private static void quietPeriod() throws InterruptedException {
        // reset codes leave on a worker thread after the answer; give a send that must not happen time to show
        Thread.sleep(1500);
    }

    @Test
    void anEmailSignInAfterCodeChecksStoppedSendsNoCodeAndSaysWhy(Env env) throws Exception {
        String realm = RealmSetup.realm(env).realmAttribute(FAILED_CODES, "3").create(env);
        TestUser user = user(env, realm, "pausedmail", null);
        Login first = new Login(env.browser(), env.baseUrl(), realm);
        wrongCodes(first, first.passwordStep(user.username()), env.mailbox.awaitCode(user.email(), 1), 3);

        Page next = signIn(env, realm, user);

        assertThat(next.error()).isEqualTo(PAUSED);
        assertThat(next.isCodePage()).as("no code to type: none was sent").isFalse();
        quietPeriod();
        assertThat(env.mailbox.messagesTo(user.email())).hasSize(1);
        assertPausedEvent(env, realm, user.username());
    }

    @Test
    void anSmsSignInAfterCodeChecksStoppedSendsNoSmsAndSaysWhy(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").realmAttribute(FAILED_CODES, "3").create(env);
        TestUser user = user(env, realm, "pausedsms", null);
        Login first = new Login(env.browser(), env.baseUrl(), realm);
        Page page = first.passwordStep(user.username());
        wrongCodes(first, page, env.twilio.awaitCode(user.phone(), 1), 3);

        Login second = new Login(env.browser(), env.baseUrl(), realm);
        Page next = second.passwordStep(user.username());
        // a reload of the paused page must not send either
        Page resent = second.reload(next);

        assertThat(next.error()).isEqualTo(PAUSED);
        assertThat(resent.error()).isEqualTo(PAUSED);
        quietPeriod();
        assertThat(env.twilio.messagesTo(user.phone())).as("Twilio got one request, from the first sign-in").hasSize(1);
        assertPausedEvent(env, realm, user.username());
    }

    /** The page as a person reads it, with what they typed taken out (as in PasswordResetIT). */
    private static String seen(Page page, String typed) {
        StringBuilder ids = new StringBuilder();
        for (Element e : page.document().body().select("[id], input[name], button[name]")) {
            ids.append(e.tagName()).append('#').append(e.id()).append('/').append(e.attr("name")).append(' ');
        }
        return (page.text() + " | " + ids).replace(typed, "<typed>").replaceAll("\\d+ seconds", "N seconds");
    }

    @Test
    void aResetAfterCodeChecksStoppedAnswersRealAndUnknownAccountsAlike(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .realmAttribute(FAILED_CODES, "3").create(env);
        TestUser real = user(env, realm, "pausedreset", null);
        String ghost = "ghost-" + real.username();
        PasswordReset realReset = new PasswordReset(env.browser(), env.baseUrl(), realm);
        PasswordReset ghostReset = new PasswordReset(env.browser(), env.baseUrl(), realm);
        Page realPage = realReset.start(real.username());
        Page ghostPage = ghostReset.start(ghost);
        String code = env.mailbox.awaitCode(real.email(), 1);
        for (int i = 0; i < 3; i++) {
            realPage = realReset.enterCode(realPage, WrongCode.besides(code));
            ghostPage = ghostReset.enterCode(ghostPage, WrongCode.besides(code));
        }
        assertThat(seen(ghostPage, ghost)).isEqualTo(seen(realPage, real.username()));

        Page realAgain = new PasswordReset(env.browser(), env.baseUrl(), realm).start(real.username());
        Page ghostAgain = new PasswordReset(env.browser(), env.baseUrl(), realm).start(ghost);

        assertThat(realAgain.error()).isEqualTo(PAUSED);
        assertThat(seen(ghostAgain, ghost)).isEqualTo(seen(realAgain, real.username()));
        quietPeriod();
        assertThat(env.mailbox.messagesTo(real.email())).as("no second code for a paused account").hasSize(1);
        List<JsonNode> events = UserEvents.of(env, realm, real.username());
        assertThat(events).anySatisfy(e -> assertThat(e.path("error").asText()).isEqualTo("otp_code_checks_paused"));
    }

    @Test
    void aPausedUsersPhoneSetupSendsNothingAndSaysWhy(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .realmAttribute(FAILED_CODES, "3").phoneSetup(Map.of("allowedCountries", "DE")).create(env);
        TestUser user = ChannelUnderTest.newUser("pausedsetup");
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        String other = ChannelUnderTest.newUser("pausedsetup2").phone();
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        Page codePage = login.browser().submit(login.passwordStep(user.username()), "otp-guard-phone-form",
                Map.of("country", "DE", "phone", user.phone()));
        wrongCodes(login, codePage, env.twilio.awaitCode(user.phone(), 1), 3);

        Login again = new Login(env.browser(), env.baseUrl(), realm);
        Page paused = again.browser().submit(again.passwordStep(user.username()), "otp-guard-phone-form",
                Map.of("country", "DE", "phone", other));

        assertThat(paused.error()).isEqualTo(PAUSED);
        quietPeriod();
        assertThat(env.twilio.messagesTo(other)).isEmpty();
        assertThat(env.twilio.messagesTo(user.phone())).hasSize(1);
        assertPausedEvent(env, realm, user.username());
    }

    @Test
    void aPausedUsersContactChangesSendNothingAndSayWhy(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).realmAttribute(FAILED_CODES, "3")
                .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false"))
                .requiredAction("otp-guard-update-phone", Map.of("allowedCountries", "DE", "confirmCurrent", "false"))
                .create(env);
        TestUser user = user(env, realm, "pausedchange", null);
        String firstAddress = "first-" + user.email();
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(login.passwordStep(user.username()).isRedirectToApp()).isTrue();
        String base = Login.authUrl(env.baseUrl(), realm);
        Page entry = login.browser().get(base + "&kc_action=otp-guard-update-email");
        Page codePage = login.browser().submit(entry, "otp-guard-email-form", Map.of("email", firstAddress));
        wrongCodes(login, codePage, env.mailbox.awaitCode(firstAddress, 1), 3);

        Login again = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(again.passwordStep(user.username()).isRedirectToApp()).isTrue();
        String secondAddress = "second-" + user.email();
        Page emailPaused = again.browser().submit(again.browser().get(base + "&kc_action=otp-guard-update-email"),
                "otp-guard-email-form", Map.of("email", secondAddress));
        String number = ChannelUnderTest.newUser("pausednum").phone();
        Login third = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(third.passwordStep(user.username()).isRedirectToApp()).isTrue();
        Page phonePaused = third.browser().submit(third.browser().get(base + "&kc_action=otp-guard-update-phone"),
                "otp-guard-phone-form", Map.of("country", "DE", "phone", number));

        assertThat(emailPaused.error()).isEqualTo(PAUSED);
        assertThat(phonePaused.error()).isEqualTo(PAUSED);
        quietPeriod();
        assertThat(env.mailbox.messagesTo(secondAddress)).isEmpty();
        assertThat(env.twilio.messagesTo(number)).isEmpty();
        assertPausedEvent(env, realm, user.username());
    }
}
