package dev.otpguard.it.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.WrongCode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hourly limits across logins (checklist B3, C2, C3, C8): each test gets its own realm, whose attributes set
 * the limits low, so the counters of one test never touch another's.
 */
@ExtendWith(TestEnvironment.class)
class HourlyLimitsIT {

    private static final String TOO_MANY = "Too many codes were requested. Try again in";

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
        assertThat(UserEvents.has(UserEvents.of(env, realm, user.username()), "LOGIN_ERROR",
                "user_temporarily_disabled", "verify")).isTrue();
    }
}
