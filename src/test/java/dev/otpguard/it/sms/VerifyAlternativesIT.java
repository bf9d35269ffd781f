package dev.otpguard.it.sms;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Events;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Call me instead" (issue 17): with the twilio-verify sender and {@code smsAlternatives}, the SMS code page offers
 * a voice call (and WhatsApp, when chosen) that Twilio Verify delivers by its {@code call} channel. Each is a
 * resend: the cooldown, the sends per login and the hourly limits hold for it exactly as for "Send a new code".
 */
@ExtendWith(TestEnvironment.class)
class VerifyAlternativesIT {

    private static final String RESEND_FORM = "otp-guard-resend-form";

    @Test
    void aCallIsOfferedAndIsAResendUnderTheCooldown(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("call");
        Login login = login(env, verifyStep(env, "call").config("resendCooldownSeconds", "2"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));

        assertThat(page.byId("otp-guard-resend-via-call")).isEqualTo("Call me instead");
        assertThat(page.document().getElementById("otp-guard-resend-via-whatsapp")).isNull();

        Page early = login.browser().submit(page, RESEND_FORM, Map.of("via", "call"));
        assertThat(early.error()).startsWith("Please wait");
        assertThat(env.twilio.verificationsTo(user.phone())).hasSize(1);

        Thread.sleep(2500);
        Page called = login.browser().submit(early, RESEND_FORM, Map.of("via", "call"));
        assertThat(called.status()).isEqualTo(200);
        assertThat(called.info()).startsWith("A new code goes to");
        // the page that knows the call went out (an older page's form would be an expired action)
        called = login.awaitSend(called);
        List<Map<String, String>> verifications = env.twilio.verificationsTo(user.phone());
        assertThat(verifications).hasSize(2);
        assertThat(verifications.get(0).get("Channel")).isEqualTo("sms");
        assertThat(verifications.get(1).get("Channel")).isEqualTo("call");
        Events.of(env, login.realm(), user.username()).assertHas(event("SEND_VERIFY_EMAIL").success()
                .action("resend").detail("otp_guard_via", "call"));

        Page done = login.enterCode(called, TwilioStandIn.VERIFY_CODE);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @Test
    void aCallCountsAgainstTheSendsPerLogin(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("calllimit");
        Login login = login(env, verifyStep(env, "call##whatsapp").config("resendCooldownSeconds", "1")
                .config("maxSendsPerLogin", "2"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.byId("otp-guard-resend-via-whatsapp")).isEqualTo("Send it by WhatsApp instead");

        Thread.sleep(1500);
        Page whatsapp = login.browser().submit(page, RESEND_FORM, Map.of("via", "whatsapp"));
        assertThat(whatsapp.info()).startsWith("A new code goes to");
        whatsapp = login.awaitSend(whatsapp);
        assertThat(env.twilio.verificationsTo(user.phone()).get(1).get("Channel")).isEqualTo("whatsapp");

        Thread.sleep(2500);
        Page refused = login.browser().submit(whatsapp, RESEND_FORM, Map.of("via", "call"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.isCodePage()).isTrue();
        assertThat(refused.document().getElementById("otp-guard-resend-via-call")).as("no more buttons").isNull();
        assertThat(env.twilio.verificationsTo(user.phone())).as("the limit holds for a call").hasSize(2);
    }

    @Test
    void anAlternativeThePageDoesNotOfferSendsNothing(Env env) {
        TestUser user = ChannelUnderTest.newUser("callforged");
        Login login = login(env, verifyStep(env, "call").config("resendCooldownSeconds", "1"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        for (String forged : List.of("whatsapp", "fax", "sms\r\nX: 1", "<b>call</b>", "x".repeat(5000))) {
            Page answer = login.browser().submit(page, RESEND_FORM, Map.of("via", forged));
            assertThat(answer.status()).as(forged).isEqualTo(200);
            assertThat(answer.isCodePage()).as(forged).isTrue();
            assertThat(answer.error()).as(forged)
                    .isEqualTo("This way to get the code is not offered here. Use the buttons on this page.");
            page = answer;
        }
        assertThat(env.twilio.verificationsTo(user.phone())).hasSize(1);
        assertThat(login.enterCode(page, TwilioStandIn.VERIFY_CODE).isRedirectToApp()).isTrue();
    }

    /** A sender that sends our own text cannot call: no button, and a posted "call" sends nothing. */
    @Test
    void theTwilioMessagesSenderOffersNoCall(Env env) {
        TestUser user = ChannelUnderTest.newUser("nocall");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms").config("smsAlternatives", "call"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(page.document().getElementById("otp-guard-resend-via-call")).isNull();
        Page answer = login.browser().submit(page, RESEND_FORM, Map.of("via", "call"));
        assertThat(answer.error()).startsWith("This way to get the code is not offered here.");
        assertThat(env.twilio.messagesTo(user.phone())).hasSize(1);
        assertThat(env.twilio.verificationsTo(user.phone())).isEmpty();
    }

    private static RealmSetup verifyStep(Env env, String alternatives) {
        return RealmSetup.realm(env).step("otp-guard-sms").config("smsSender", "twilio-verify")
                .config("smsAlternatives", alternatives);
    }

    private static Login login(Env env, RealmSetup setup, TestUser user) {
        String realm = setup.create(env);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return new Login(env, realm);
    }
}
