package dev.otpguard.it.sms;

import static dev.otpguard.it.support.EventMatch.event;
import static dev.otpguard.it.support.WrongCode.besides;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What goes to Twilio, and what the user sees when Twilio fails, through the real twilio-java client. */
@ExtendWith(TestEnvironment.class)
class SmsDeliveryIT {

    private static Login login(Env env, RealmSetup setup, TestUser user) {
        String realm = setup.create(env);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return new Login(env, realm);
    }

    @Test
    void twilioGetsTheNumberTheSenderAndALocalizedTextWithTheCode(Env env) {
        TestUser user = ChannelUnderTest.newUser("wire");
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms");
        Login login = login(env, setup, user);
        Page page = login.passwordStep(user.username());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        String code = env.twilio.awaitCode(user.phone(), 1);

        Map<String, String> sms = env.twilio.messagesTo(user.phone()).get(0);
        assertThat(sms.get("To")).isEqualTo(user.phone());
        assertThat(sms.get("From")).isEqualTo(TwilioStandIn.FROM);
        assertThat(sms.get("Body")).isEqualTo(code + " is your " + setup.name()
                + " sign-in code. It expires in 5 minutes. Never share it: we will never ask you for it.");
        assertThat(env.twilio.allRequests()).anySatisfy(r -> {
            assertThat(r.getUrl()).contains(TwilioStandIn.ACCOUNT_SID);
            assertThat(r.getHeader("Authorization")).startsWith("Basic ");
        });
        assertThat(login.enterCode(page, code).isRedirectToApp()).isTrue();
    }

    @Test
    void aRealmWithItsOwnTwilioAccountInTheVaultSendsThroughThatAccount(Env env) {
        TestUser user = ChannelUnderTest.newUser("vault");
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms");
        String realmSid = "AC" + "f".repeat(32);
        env.vaultSecret(setup.name(), "twilio_account_sid", realmSid);
        env.vaultSecret(setup.name(), "twilio_auth_token", "realm-own-token");
        env.vaultSecret(setup.name(), "twilio_from", "OTPGuard");
        Login login = login(env, setup, user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.isCodePage()).as(page.text()).isTrue();

        String expectedAuth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (realmSid + ":realm-own-token").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(env.twilio.allRequests()).anySatisfy(r -> {
            assertThat(r.getUrl()).isEqualTo("/2010-04-01/Accounts/" + realmSid + "/Messages.json");
            assertThat(r.getHeader("Authorization")).isEqualTo(expectedAuth);
            assertThat(r.getBodyAsString()).contains("From=OTPGuard");
        });
    }

    @Test
    void theWebOtpLineLetsPhonesOfferTheCodeForThisSite(Env env) {
        TestUser user = ChannelUnderTest.newUser("webotp");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms").config("webOtp", "true"), user);
        login.passwordStep(user.username());
        String code = env.twilio.awaitCode(user.phone(), 1);
        assertThat(env.twilio.messagesTo(user.phone()).get(0).get("Body")).endsWith("\n\n@localhost #" + code);
    }

    @ParameterizedTest(name = "Twilio HTTP {0} error {1}")
    @CsvSource({
        "400, 21211, 'Your phone number cannot receive our SMS. Try another way to sign in, or contact your administrator.'",
        "401, 20003, 'Sending SMS is not set up on this server. Try another way to sign in, or contact your administrator.'",
        "429, 20429, 'We could not send the SMS. Please try again in a moment, or try another way to sign in.'",
        "500, 20500, 'We could not send the SMS. Please try again in a moment, or try another way to sign in.'"
    })
    void aTwilioErrorIsShownClearlyAndTheUserCanRetry(int status, int twilioCode, String message, Env env) {
        TestUser user = ChannelUnderTest.newUser("err" + status);
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        StubMapping failure = env.twilio.failFor(user.phone(), status, twilioCode);
        Page failed = login.awaitSend(login.passwordStep(user.username()));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.isCodePage()).as(failed.text()).isTrue();
        assertThat(failed.error()).isEqualTo(message);
        assertThat(failed.byId("otp-guard-destination")).doesNotContain("We sent").doesNotContain("goes to");
        // one request, no automatic retry: a retried POST could send a second, paid SMS
        assertThat(env.twilio.messagesTo(user.phone())).hasSize(1);
        assertThat(failed.body()).doesNotContain("twilio.com/docs").doesNotContain(user.phone());

        env.twilio.remove(failure);
        Page resent = login.resend(failed);
        assertThat(resent.info()).contains("A new code goes to");
        String code = env.twilio.awaitCode(user.phone(), 2);
        assertThat(login.enterCode(resent, code).isRedirectToApp()).isTrue();
    }

    @Test
    void aStalledTwilioIsCutOffAtTheReadTimeoutAndTheUserCanRetry(Env env) {
        TestUser user = ChannelUnderTest.newUser("stall");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        StubMapping stall = env.twilio.stallFor(user.phone(), Duration.ofSeconds(10));
        Instant start = Instant.now();
        Page sending = login.passwordStep(user.username());
        // the code leaves after the request: the stall holds no login thread at all
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        Page failed = login.awaitSend(sending);
        Duration waited = Duration.between(start, Instant.now());
        // the stand-in would answer after 10 s; the 4 s read timeout released the worker long before
        assertThat(waited).isLessThan(Duration.ofSeconds(9));
        assertThat(failed.error()).isEqualTo(
                "We could not send the SMS. Please try again in a moment, or try another way to sign in.");
        Events.of(env, login.realm(), user.username())
                .assertHas(event("SEND_VERIFY_EMAIL_ERROR").error("otp_send_failed").action("send"));

        env.twilio.remove(stall);
        Page resent = login.resend(failed);
        assertThat(login.enterCode(resent, env.twilio.awaitCode(user.phone(), 2)).isRedirectToApp()).isTrue();
    }

    @Tag("smoke")
    @Test
    void twilioVerifyMakesAndChecksTheCodeWhileOurLimitsStay(Env env) {
        TestUser user = ChannelUnderTest.newUser("verify");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms").config("smsSender", "twilio-verify"),
                user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        List<Map<String, String>> verifications = env.twilio.verificationsTo(user.phone());
        assertThat(verifications).hasSize(1);
        assertThat(verifications.get(0).get("Channel")).isEqualTo("sms");
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();

        Page wrong = login.enterCode(page, besides(TwilioStandIn.VERIFY_CODE));
        assertThat(wrong.error()).isEqualTo("Wrong code. 4 tries left.");
        Page done = login.enterCode(wrong, TwilioStandIn.VERIFY_CODE);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @Tag("smoke")
    @Test
    void theDevelopmentLogSenderRefusesToSendUnlessEnabled(Env env) {
        TestUser user = ChannelUnderTest.newUser("log");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms").config("smsSender", "log"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.error()).isEqualTo(
                "Sending SMS is not set up on this server. Try another way to sign in, or contact your administrator.");
    }

    @Test
    void aUserWithoutAVerifiedPhoneIsStoppedWithAClearMessageByDefault(Env env) {
        TestUser user = ChannelUnderTest.newUser("nophone");
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms");
        String realm = setup.create(env);
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        Page page = new Login(env, realm).passwordStep(user.username());
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.text()).contains("Your account has no verified phone number to send a sign-in code to.");
    }
}
