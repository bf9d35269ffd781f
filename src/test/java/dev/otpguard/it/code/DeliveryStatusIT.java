package dev.otpguard.it.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.net.URI;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The code page says where its code is (issue 17): a status line under the destination, texts for every status in
 * the page's language for its script, and a "Check again" button that works without JavaScript. Password-reset
 * pages follow no delivery: a status would tell whether the account exists.
 */
@ExtendWith(TestEnvironment.class)
class DeliveryStatusIT {

    @Test
    void anEmailCodePageSaysTheMailServerHasTheCodeAndChecksAgainWithoutJavaScript(Env env) {
        TestUser user = ChannelUnderTest.newUser("status-mail");
        Login login = login(env, RealmSetup.realm(env), user);
        Page sending = login.passwordStep(user.username());
        // the code leaves after the page was sent: the page says so first, then learns the rest
        Element first = sending.document().getElementById("otp-guard-delivery");
        assertThat(first).as(sending.text()).isNotNull();
        assertThat(first.attr("data-status")).isEqualTo("sending");
        assertThat(sending.byId("otp-guard-delivery-status")).isEqualTo("Sending the code…");
        assertThat(sending.document().getElementById("otp-guard-check-form")).isNotNull();
        Page page = login.awaitSend(sending);

        Element box = page.document().getElementById("otp-guard-delivery");
        assertThat(box).as(page.text()).isNotNull();
        assertThat(box.attr("data-status")).isEqualTo("sent");
        assertThat(page.byId("otp-guard-delivery-status"))
                .isEqualTo("Sent: your mail server has it. Codes can take a minute to arrive.");
        assertThat(page.document().getElementById("otp-guard-delivery-status").attr("aria-live")).isEqualTo("polite");
        // the script asks the realm's own resource, on the page's host, by an opaque ticket
        URI status = URI.create(box.attr("data-status-url"));
        assertThat(status.getHost()).isEqualTo(URI.create(page.url()).getHost());
        assertThat(status.getPath()).matches("/realms/" + login.realm() + "/otp-guard/delivery/[A-Za-z0-9_-]{22}");
        assertThat(box.attr("data-status-url")).doesNotContain(user.email());
        assertThat(box.attr("data-text-delivered")).isEqualTo("Delivered to your phone.");
        assertThat(box.attr("data-text-not-sent")).startsWith("The code could not be sent.");
        assertThat(box.attr("data-last-statuses").split(" "))
                .containsExactlyInAnyOrder("delivered", "not-sent", "unreachable", "carrier-blocked", "undelivered");
        assertThat(page.document().select("script[src$=otp-guard-delivery.js]")).hasSize(1);

        Page again = login.checkAgain(page);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.isCodePage()).as(again.text()).isTrue();
        assertThat(again.error()).isEmpty();
        assertThat(again.byId("otp-guard-delivery-status")).isEqualTo(page.byId("otp-guard-delivery-status"));
        // checking again sends nothing and guesses nothing: the one code still signs in
        String code = env.mailbox.awaitCode(user.email(), 1);
        assertThat(env.mailbox.messagesTo(user.email())).hasSize(1);
        assertThat(login.enterCode(again, code).isRedirectToApp()).isTrue();
    }

    @Test
    void anSmsCodePageSaysTheGatewayAcceptedIt(Env env) {
        TestUser user = ChannelUnderTest.newUser("status-sms");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.byId("otp-guard-delivery-status")).isEqualTo("Sent: the SMS is on its way to your phone.");
        assertThat(page.document().getElementById("otp-guard-delivery").attr("data-text-carrier-blocked"))
                .isEqualTo("Your mobile carrier blocked the message. Try again later, or sign in by email.");
        assertThat(page.body()).doesNotContain(user.phone());
    }

    @Test
    void theStatusLineSpeaksThePagesLanguage(Env env) {
        TestUser user = ChannelUnderTest.newUser("status-de");
        Login login = login(env, RealmSetup.realm(env), user, "de");
        Page sending = login.passwordStep(user.username());
        assertThat(sending.byId("otp-guard-delivery-status")).isEqualTo("Der Code wird gesendet…");
        Page page = login.awaitSend(sending);
        assertThat(page.byId("otp-guard-delivery-status")).startsWith("Gesendet: Ihr Mailserver hat die Nachricht.");
        assertThat(page.byId("otp-guard-check")).isEqualTo("Erneut prüfen");
    }

    /** A failed send already says so in the page's error; a status line would say it twice, and no code is live. */
    @Test
    void aFailedSendShowsTheErrorAndNoStatusLine(Env env) {
        TestUser user = ChannelUnderTest.newUser("status-fail");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        StubMapping failure = env.twilio.failFor(user.phone(), 503, 20429);
        Page failed = login.awaitSend(login.passwordStep(user.username()));
        assertThat(failed.error()).isNotEmpty();
        assertThat(failed.document().getElementById("otp-guard-delivery")).isNull();
        assertThat(failed.document().getElementById("otp-guard-check-form")).isNull();
        env.twilio.remove(failure);
        Page resent = login.awaitSend(login.resend(failed));
        assertThat(resent.byId("otp-guard-delivery-status")).isEqualTo("Sent: the SMS is on its way to your phone.");
    }

    @Test
    void aPasswordResetPageFollowsNoDelivery(Env env) {
        TestUser user = ChannelUnderTest.newUser("status-reset");
        String realm = RealmSetup.realm(env).resetByCode("otp-guard-email").create(env);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        Page page = new PasswordReset(env.browser(), env.baseUrl(), realm).start(user.username());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(page.document().getElementById("otp-guard-delivery")).isNull();
        assertThat(page.document().getElementById("otp-guard-check-form")).isNull();
    }

    private static Login login(Env env, RealmSetup setup, TestUser user) {
        return login(env, setup, user, null);
    }

    private static Login login(Env env, RealmSetup setup, TestUser user, String locale) {
        String realm = setup.create(env);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), locale, RealmSetup.PASSWORD);
        return new Login(env, realm);
    }
}
