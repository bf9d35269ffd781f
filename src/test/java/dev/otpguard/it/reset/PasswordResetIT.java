package dev.otpguard.it.reset;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.FakeSmtpServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import dev.otpguard.it.support.WrongCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Forgot password?" with a code instead of a link (issue 10; checklist C7, B1, B3, C1, C2, A4): Keycloak's
 * reset-credentials flow with "Choose user", an OTP Guard code step and "Reset password". The phantom tests
 * compare what a person sees for a real account with what they see for an unknown, disabled or contact-less
 * one: the same page, the same answers to wrong codes, resends and limits, and nothing sent.
 */
@ExtendWith(TestEnvironment.class)
class PasswordResetIT {

    private static final String NEW_PASSWORD = "Brand-new-pass-2";
    private static final String TOO_MANY = "Too many codes were requested. Try again in";

    private static TestUser user(Env env, String realm, String prefix, boolean email, boolean phone) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), email ? user.email() : null, phone ? user.phone() : null, null,
                RealmSetup.PASSWORD);
        return user;
    }

    private static void disable(Env env, String realm, TestUser user) {
        String id = env.admin.userId(realm, user.username());
        assertThat(env.admin.put("/admin/realms/" + realm + "/users/" + id, Map.of("enabled", false)).statusCode())
                .isEqualTo(204);
    }

    private static PasswordReset reset(Env env, String realm) {
        return new PasswordReset(env.browser(), env.baseUrl(), realm);
    }

    /**
     * The page as a person reads it, with what they typed and the resend countdown (a second may pass between
     * two pages) taken out: what must be identical for real and phantom accounts.
     */
    private static String seen(Page page, String typed) {
        StringBuilder ids = new StringBuilder();
        for (Element e : page.document().body().select("[id], input[name], button[name]")) {
            ids.append(e.tagName()).append('#').append(e.id()).append('/').append(e.attr("name")).append(' ');
        }
        return (page.text() + " | " + ids).replace(typed, "<typed>").replaceAll("\\d+ seconds", "N seconds")
                .replaceAll("data-wait-seconds=\"\\d+\"", "");
    }

    private static boolean passwordWorks(Env env, String realm, String username, String password) {
        Browser browser = env.browser();
        Page loginPage = new Login(browser, env.baseUrl(), realm).open();
        return browser.submit(loginPage, "kc-form-login", Map.of("username", username, "password", password))
                .isRedirectToApp();
    }

    private static int sessions(Env env, String realm, TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username())
                + "/sessions").size();
    }

    private static void settle() throws InterruptedException {
        // codes leave on a worker thread after the answer; give a send that should not happen time to show
        Thread.sleep(1500);
    }

    @Test
    void anEmailCodeResetsThePasswordAndTellsThePhone(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser user = user(env, realm, "rmail", true, true);
        PasswordReset reset = reset(env, realm);

        Page codePage = reset.start(user.username());

        assertThat(codePage.isCodePage()).isTrue();
        assertThat(codePage.byId("otp-guard-destination")).isEqualTo("If " + user.username()
                + " belongs to an account with an email address, we sent a 6-digit code to that address.");
        assertThat(codePage.text()).doesNotContain(user.email()).doesNotContain("@e");
        Page newPassword = reset.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1));
        assertThat(PasswordReset.isNewPasswordPage(newPassword)).as(newPassword.text()).isTrue();
        Page done = reset.choosePassword(newPassword, NEW_PASSWORD);

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(passwordWorks(env, realm, user.username(), RealmSetup.PASSWORD)).isFalse();
        assertThat(passwordWorks(env, realm, user.username(), NEW_PASSWORD)).isTrue();
        String notice = Poll.nth(() -> env.twilio.messagesTo(user.phone()), 1, "reset notice SMS").get("Body");
        // the realm's random name can hold six digits in a row; the code must not
        assertThat(notice).contains("password reset").contains("Not you?").doesNotContain(user.email())
                .satisfies(text -> assertThat(text.replace(realm, "")).doesNotContainPattern("\\d{6}"));
        Events.of(env, realm, user.username()).assertHas(event("SEND_RESET_PASSWORD").success().action("send"));
    }

    @Test
    void anSmsCodeResetsThePasswordAndTellsTheMailbox(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .withoutEventLogging().create(env);
        TestUser user = user(env, realm, "rsms", true, true);
        PasswordReset reset = reset(env, realm);

        Page codePage = reset.start(user.email());

        assertThat(codePage.byId("otp-guard-destination")).isEqualTo("If " + user.email()
                + " belongs to an account with a verified phone number, we sent a 6-digit code to that number by SMS.");
        Page newPassword = reset.enterCode(codePage, env.twilio.awaitCode(user.phone(), 1));
        Page done = reset.choosePassword(newPassword, NEW_PASSWORD);

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(passwordWorks(env, realm, user.username(), NEW_PASSWORD)).isTrue();
        var notice = env.mailbox.awaitMessage(user.email(), 1);
        assertThat(notice.getSubject()).startsWith("A password reset was confirmed for your");
        assertThat(Mailbox.textOf(notice)).contains("code sent by SMS to").doesNotContain(user.phone());
        // what was typed is an address: our events carry it masked (Keycloak's own "Choose user" events do not,
        // which is why this realm does not log events)
        assertThat(UserEvents.of(env, realm, user.username())).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("SEND_RESET_PASSWORD");
            assertThat(e.at("/details/username").asText()).contains("***").doesNotContain(user.email());
        });
    }

    /**
     * The notice on the other channel leaves after the code is accepted: a mail server that takes the connection
     * and never answers cannot hold the reset. The new-password page comes before the relay's timeout could have
     * cut the notice off; the notice's failure is an event of its own once it did.
     */
    @Test
    void aStalledMailServerDoesNotHoldTheResetItsNoticeFailsLater(Env env) {
        Duration relayTimeout = Duration.ofSeconds(8);
        try (FakeSmtpServer relay = new FakeSmtpServer(FakeSmtpServer.Behaviour.SILENT)) {
            String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                    .smtpPort(relay.port()).smtpSetting("timeout", Long.toString(relayTimeout.toMillis()))
                    .smtpSetting("connectionTimeout", Long.toString(relayTimeout.toMillis())).create(env);
            TestUser user = user(env, realm, "rstall", true, true);
            PasswordReset reset = reset(env, realm);
            Page codePage = reset.start(user.username());
            String code = env.twilio.awaitCode(user.phone(), 1);

            long started = System.nanoTime();
            Page newPassword = reset.enterCode(codePage, code);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(PasswordReset.isNewPasswordPage(newPassword)).as(newPassword.text()).isTrue();
            assertThat(took).as("the reset waited for the stalled mail server").isLessThan(relayTimeout);
            Events.of(env, realm, user.username())
                    .assertHasNo(event("SEND_RESET_PASSWORD_ERROR").action("reset_notice"))
                    .assertHas(event("SEND_RESET_PASSWORD_ERROR").action("reset_notice").error("otp_send_failed")
                            .detail("otp_guard_channel", "email"), relayTimeout.plusSeconds(10));
            assertThat(reset.choosePassword(newPassword, NEW_PASSWORD).isRedirectToApp()).isTrue();
        }
    }

    @Test
    void aDeliveredResetNoticeIsAnEventOfItsOwn(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser user = user(env, realm, "rnotice", true, true);
        PasswordReset reset = reset(env, realm);
        Page codePage = reset.start(user.username());
        Page newPassword = reset.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1));

        assertThat(PasswordReset.isNewPasswordPage(newPassword)).isTrue();
        Poll.nth(() -> env.twilio.messagesTo(user.phone()), 1, "reset notice SMS");
        Events.of(env, realm, user.username()).assertHas(event("SEND_RESET_PASSWORD").success()
                .action("reset_notice").detail("otp_guard_channel", "sms").detail("reason", "other_channel"));
    }

    @Test
    void unknownDisabledAndEmaillessAccountsMeetTheSamePageAndGetNoMail(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .withoutEventLogging().create(env);
        TestUser real = user(env, realm, "real", true, false);
        TestUser noEmail = user(env, realm, "noemail", false, false);
        TestUser disabled = user(env, realm, "disabled", true, false);
        disable(env, realm, disabled);
        String unknown = "nobody-" + real.username() + "@example.test";

        List<String> phantoms = List.of(unknown, noEmail.username(), disabled.username(), disabled.email());
        List<PasswordReset> phantomResets = new ArrayList<>();
        List<Page> phantomPages = new ArrayList<>();
        for (String typed : phantoms) {
            PasswordReset phantomReset = reset(env, realm);
            phantomResets.add(phantomReset);
            phantomPages.add(phantomReset.start(typed));
        }
        PasswordReset realReset = reset(env, realm);
        Page realPage = realReset.start(real.username());
        String code = env.mailbox.awaitCode(real.email(), 1);

        for (int i = 0; i < phantoms.size(); i++) {
            assertThat(seen(phantomPages.get(i), phantoms.get(i))).isEqualTo(seen(realPage, real.username()));
        }
        String wrong = WrongCode.besides(code);
        Page realWrong = realReset.enterCode(realPage, wrong);
        assertThat(realWrong.error()).isEqualTo("Wrong code. 4 tries left.");
        for (int i = 0; i < phantoms.size(); i++) {
            Page phantomWrong = phantomResets.get(i).enterCode(phantomPages.get(i), wrong);
            assertThat(seen(phantomWrong, phantoms.get(i))).isEqualTo(seen(realWrong, real.username()));
        }
        settle();
        assertThat(env.mailbox.messagesTo(disabled.email())).isEmpty();
        assertThat(env.mailbox.messagesTo(unknown)).isEmpty();
        assertThat(env.mailbox.messagesTo(real.email())).hasSize(1);
        writeTimings(env, realm, real.username(), unknown);
    }

    @Test
    void unknownDisabledAndPhonelessAccountsMeetTheSameSmsPageAndGetNoSms(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .create(env);
        TestUser real = user(env, realm, "realsms", true, true);
        TestUser noPhone = user(env, realm, "nophone", true, false);
        TestUser disabled = user(env, realm, "offsms", true, true);
        disable(env, realm, disabled);

        Page realPage = reset(env, realm).start(real.username());
        env.twilio.awaitCode(real.phone(), 1);
        for (String typed : List.of(noPhone.username(), disabled.username(), "ghost-" + real.username())) {
            assertThat(seen(reset(env, realm).start(typed), typed)).isEqualTo(seen(realPage, real.username()));
        }
        settle();
        assertThat(env.twilio.messagesTo(disabled.phone())).isEmpty();
        assertThat(env.mailbox.messagesTo(noPhone.email())).isEmpty();
    }

    @Test
    void aFailingSmsServiceLooksLikeAnyOtherAnswer(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .create(env);
        TestUser real = user(env, realm, "failsms", true, true);
        var failing = env.twilio.failFor(real.phone(), 500, 20500);
        try {
            Page failed = reset(env, realm).start(real.username());
            Page phantom = reset(env, realm).start("ghost-" + real.username());

            assertThat(failed.error()).isEmpty();
            assertThat(seen(failed, real.username())).isEqualTo(seen(phantom, "ghost-" + real.username()));
            Poll.nth(() -> env.twilio.messagesTo(real.phone()), 1, "the attempted SMS");
        } finally {
            env.twilio.remove(failing);
        }
    }

    @Test
    void wrongCodesKillTheCodeAlikeForRealAndPhantomAccounts(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser real = user(env, realm, "limit", true, false);
        String ghost = "ghost-" + real.username();
        PasswordReset realReset = reset(env, realm);
        PasswordReset ghostReset = reset(env, realm);
        Page realPage = realReset.start(real.username());
        Page ghostPage = ghostReset.start(ghost);
        String code = env.mailbox.awaitCode(real.email(), 1);
        String wrong = WrongCode.besides(code);

        List<String> realErrors = new ArrayList<>();
        List<String> ghostErrors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            realPage = realReset.enterCode(realPage, wrong);
            ghostPage = ghostReset.enterCode(ghostPage, wrong);
            realErrors.add(realPage.error());
            ghostErrors.add(ghostPage.error());
        }
        Page afterLock = realReset.enterCode(realPage, code);

        assertThat(realErrors).containsExactly("Wrong code. 4 tries left.", "Wrong code. 3 tries left.",
                "Wrong code. 2 tries left.", "Wrong code. 1 try left.",
                "Too many wrong entries: this code no longer works. Request a new code.",
                "Too many wrong entries: this code no longer works. Request a new code.");
        assertThat(ghostErrors).isEqualTo(realErrors);
        assertThat(PasswordReset.isNewPasswordPage(afterLock)).isFalse();
        assertThat(afterLock.error()).isEqualTo("Too many wrong entries: this code no longer works. Request a new code.");
    }

    @Test
    void resendWaitsForTheCooldownAlikeAndANewCodeKillsTheOld(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .resetConfig("resendCooldownSeconds", "15").create(env);
        TestUser real = user(env, realm, "cool", true, false);
        String ghost = "ghost-" + real.username();
        PasswordReset realReset = reset(env, realm);
        PasswordReset ghostReset = reset(env, realm);
        Page realPage = realReset.start(real.username());
        Page ghostPage = ghostReset.start(ghost);
        String first = env.mailbox.awaitCode(real.email(), 1);

        Page realEarly = realReset.resend(realPage);
        Page ghostEarly = ghostReset.resend(ghostPage);

        assertThat(realEarly.error()).matches("Please wait \\d+ seconds before requesting a new code\\.");
        assertThat(seen(ghostEarly, ghost)).isEqualTo(seen(realEarly, real.username()));
        settle();
        assertThat(env.mailbox.messagesTo(real.email())).hasSize(1);

        Thread.sleep(15_000);
        Page realResent = realReset.resend(realEarly);
        Page ghostResent = ghostReset.resend(ghostEarly);
        assertThat(realResent.info()).isEqualTo("If the account exists, a new code is on its way. Earlier codes no longer work.");
        assertThat(seen(ghostResent, ghost)).isEqualTo(seen(realResent, real.username()));
        String second = env.mailbox.awaitCode(real.email(), 2);
        Page current = realResent;
        if (!second.equals(first)) {
            current = realReset.enterCode(current, first);
            assertThat(current.error()).startsWith("Wrong code.");
        }
        assertThat(PasswordReset.isNewPasswordPage(realReset.enterCode(current, second))).isTrue();
    }

    /**
     * Only the sign-in step offers other ways to get the code ("Call me instead"); a resend naming one on a reset
     * page is forged: nothing is sent, the page says why, alike for real and phantom accounts, and the code stands.
     */
    @Test
    void aForgedWayToGetTheCodeSendsNothingAlikeForRealAndPhantomAccounts(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .resetConfig("resendCooldownSeconds", "1").create(env);
        TestUser real = user(env, realm, "forgedvia", true, false);
        String ghost = "ghost-" + real.username();
        PasswordReset realReset = reset(env, realm);
        PasswordReset ghostReset = reset(env, realm);
        Page realPage = realReset.start(real.username());
        Page ghostPage = ghostReset.start(ghost);
        String code = env.mailbox.awaitCode(real.email(), 1);
        Thread.sleep(1500);

        Page realForged = realReset.resendVia(realPage, "call");
        Page ghostForged = ghostReset.resendVia(ghostPage, "call");
        assertThat(realForged.status()).isEqualTo(200);
        assertThat(realForged.error())
                .isEqualTo("This way to get the code is not offered here. Use the buttons on this page.");
        assertThat(seen(ghostForged, ghost)).isEqualTo(seen(realForged, real.username()));
        settle();
        assertThat(env.mailbox.messagesTo(real.email())).hasSize(1);
        assertThat(PasswordReset.isNewPasswordPage(realReset.enterCode(realForged, code))).isTrue();
    }

    @Test
    void sendsPerAccountStopAtTheSamePointForRealAndPhantomAccounts(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .realmAttribute("otpGuard.sendsPerUserPerHour", "2").create(env);
        TestUser real = user(env, realm, "qreal", true, false);
        String ghost = "ghost-" + real.username();
        for (int i = 0; i < 2; i++) {
            assertThat(reset(env, realm).start(real.username()).error()).isEmpty();
            assertThat(reset(env, realm).start(ghost.toUpperCase()).error()).isEmpty();
        }
        env.mailbox.awaitMessage(real.email(), 2);

        Page realRefused = reset(env, realm).start(real.username());
        Page ghostRefused = reset(env, realm).start(ghost);

        assertThat(realRefused.error()).startsWith(TOO_MANY);
        assertThat(seen(ghostRefused, ghost)).isEqualTo(seen(realRefused, real.username()));
        settle();
        assertThat(env.mailbox.messagesTo(real.email())).hasSize(2);
    }

    @Test
    void sendsPerClientAddressCountEveryAnswerRealOrNot(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .realmAttribute("otpGuard.sendsPerIpPerHour", "2").create(env);
        TestUser real = user(env, realm, "qip", true, true);
        reset(env, realm).start("ghost-one-" + real.username());
        reset(env, realm).start("ghost-two-" + real.username());

        Page refused = reset(env, realm).start(real.username());

        assertThat(refused.error()).startsWith(TOO_MANY);
        settle();
        assertThat(env.twilio.messagesTo(real.phone())).isEmpty();
    }

    @Test
    void aSignInCodeDoesNotResetAndAResetCodeDoesNotSignIn(Env env) {
        String realm = RealmSetup.realm(env).resetByCode("otp-guard-email").create(env);
        TestUser user = user(env, realm, "cross", true, false);
        Login signIn = new Login(env.browser(), env.baseUrl(), realm);
        Page signInPage = signIn.passwordStep(user.username());
        String signInCode = env.mailbox.awaitCode(user.email(), 1);
        PasswordReset reset = reset(env, realm);
        Page resetPage = reset.start(user.username());
        String resetCode = env.mailbox.awaitCode(user.email(), 2);

        Page signInWithResetCode = signIn.enterCode(signInPage, resetCode);
        Page resetWithSignInCode = reset.enterCode(resetPage, signInCode);

        assertThat(signInWithResetCode.error()).startsWith("Wrong code.");
        assertThat(resetWithSignInCode.error()).startsWith("Wrong code.");
        assertThat(signIn.enterCode(signInWithResetCode, signInCode).isRedirectToApp()).isTrue();
        assertThat(PasswordReset.isNewPasswordPage(reset.enterCode(resetWithSignInCode, resetCode))).isTrue();
    }

    @Test
    void aRightResetCodeEndsTheOtherSessions(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser user = user(env, realm, "sess", true, false);
        Browser laptop = env.browser();
        Login laptopLogin = new Login(laptop, env.baseUrl(), realm);
        assertThat(laptop.submit(laptopLogin.open(), "kc-form-login", Map.of("username", user.username(),
                "password", RealmSetup.PASSWORD)).isRedirectToApp()).isTrue();
        assertThat(passwordWorks(env, realm, user.username(), RealmSetup.PASSWORD)).isTrue();
        assertThat(sessions(env, realm, user)).isEqualTo(2);
        PasswordReset reset = reset(env, realm);
        Page codePage = reset.start(user.username());

        Page newPassword = reset.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1));

        assertThat(PasswordReset.isNewPasswordPage(newPassword)).isTrue();
        assertThat(sessions(env, realm, user)).isZero();
        assertThat(laptopLogin.open().document().getElementById("kc-form-login")).isNotNull();
        assertThat(reset.choosePassword(newPassword, NEW_PASSWORD).isRedirectToApp()).isTrue();
        assertThat(sessions(env, realm, user)).isEqualTo(1);
    }

    @Test
    void theAdminCanKeepOtherSessionsAndSilenceTheNotice(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .resetConfig("logoutOtherSessions", "false").resetConfig("notifyOtherChannel", "false").create(env);
        TestUser user = user(env, realm, "keep", true, true);
        assertThat(passwordWorks(env, realm, user.username(), RealmSetup.PASSWORD)).isTrue();
        PasswordReset reset = reset(env, realm);
        Page codePage = reset.start(user.username());

        Page newPassword = reset.enterCode(codePage, env.mailbox.awaitCode(user.email(), 1));

        assertThat(PasswordReset.isNewPasswordPage(newPassword)).isTrue();
        assertThat(sessions(env, realm, user)).isEqualTo(1);
        settle();
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();
    }

    @Test
    void fallbackSendsByEmailToAnAccountWithoutPhoneAndThePageNamesNoChannel(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .resetConfig("resetChannels", "fallback").create(env);
        TestUser withPhone = user(env, realm, "fbphone", true, true);
        TestUser emailOnly = user(env, realm, "fbmail", true, false);
        String ghost = "ghost-" + emailOnly.username();

        Page phonePage = reset(env, realm).start(withPhone.username());
        PasswordReset emailReset = reset(env, realm);
        Page emailPage = emailReset.start(emailOnly.username());
        Page ghostPage = reset(env, realm).start(ghost);

        assertThat(emailPage.byId("otp-guard-destination")).isEqualTo("If " + emailOnly.username()
                + " belongs to an account, we sent a 6-digit code to its email address or phone number.");
        assertThat(seen(phonePage, withPhone.username())).isEqualTo(seen(emailPage, emailOnly.username()))
                .isEqualTo(seen(ghostPage, ghost));
        env.twilio.awaitCode(withPhone.phone(), 1);
        Page newPassword = emailReset.enterCode(emailPage, env.mailbox.awaitCode(emailOnly.email(), 1));
        assertThat(PasswordReset.isNewPasswordPage(newPassword)).isTrue();
        assertThat(emailReset.choosePassword(newPassword, NEW_PASSWORD).isRedirectToApp()).isTrue();
    }

    @Test
    void theEmailStepFallsBackToSmsForAnAccountWithoutEmail(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .resetConfig("resetChannels", "fallback").create(env);
        TestUser phoneOnly = user(env, realm, "fbsms", false, true);
        PasswordReset reset = reset(env, realm);

        Page codePage = reset.start(phoneOnly.username());

        assertThat(codePage.byId("otp-guard-destination")).isEqualTo("If " + phoneOnly.username()
                + " belongs to an account, we sent a 6-digit code to its email address or phone number.");
        Page newPassword = reset.enterCode(codePage, env.twilio.awaitCode(phoneOnly.phone(), 1));
        assertThat(PasswordReset.isNewPasswordPage(newPassword)).isTrue();
    }

    @Test
    void choiceAsksAnAccountWithBothContactsWhereTheCodeShouldGo(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .resetConfig("resetChannels", "choice").create(env);
        TestUser both = user(env, realm, "both", true, true);
        TestUser emailOnly = user(env, realm, "one", true, false);
        PasswordReset reset = reset(env, realm);

        Page choice = reset.start(both.username());

        assertThat(choice.document().getElementById("otp-guard-choice-form")).isNotNull();
        String last2 = both.phone().substring(both.phone().length() - 2);
        assertThat(choice.text()).contains("Where should we send your code?").contains("By email to ")
                .contains("By SMS to the number ending in").contains(last2).doesNotContain(both.email())
                .doesNotContain(both.phone());
        Page bogus = new Browser(env.baseUrl()).get(choice.url());
        assertThat(bogus.status()).isLessThan(500);
        Page codePage = reset.enterChoice(choice, "sms");
        assertThat(codePage.byId("otp-guard-destination")).isEqualTo("If " + both.username()
                + " belongs to an account with a verified phone number, we sent a 6-digit code to that number by SMS.");
        Page newPassword = reset.enterCode(codePage, env.twilio.awaitCode(both.phone(), 1));
        assertThat(PasswordReset.isNewPasswordPage(newPassword)).isTrue();
        assertThat(env.mailbox.awaitMessage(both.email(), 1).getSubject()).startsWith("A password reset was confirmed");

        Page single = reset(env, realm).start(emailOnly.username());
        assertThat(single.isCodePage()).isTrue();
        assertThat(single.byId("otp-guard-destination")).startsWith("If " + emailOnly.username()
                + " belongs to an account, we sent");
    }

    @Test
    void aChoiceThatIsNotOfferedIsAskedAgain(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .resetConfig("resetChannels", "choice").create(env);
        TestUser both = user(env, realm, "pick", true, true);
        PasswordReset reset = reset(env, realm);
        Page choice = reset.start(both.username());

        for (String bad : List.of("", "voice", "sms\u0000", "x".repeat(5000), "émail")) {
            Page again = reset.enterChoice(choice, bad);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.error()).isEqualTo("Choose where to send the code.");
            choice = again;
        }
        assertThat(env.mailbox.messagesTo(both.email())).isEmpty();
    }

    @Test
    void whatWasTypedOnChooseUserIsShownLiterallyNeverReadAsAMessage(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        // ${loginAccountTitle} is a message of Keycloak's login theme ("Sign in to your account")
        for (String typed : List.of("${loginAccountTitle}", "${7*7}", "<b>${otpGuardVerify}</b>")) {
            Page codePage = reset(env, realm).start(typed);

            assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
            assertThat(codePage.byId("otp-guard-destination")).isEqualTo("If " + typed
                    + " belongs to an account with an email address, we sent a 6-digit code to that address.");
            assertThat(codePage.body()).doesNotContain("<b>$");
        }
    }

    @Test
    void aResetCodeMailSaysItIsForAPasswordResetNotASignIn(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser user = user(env, realm, "rword", true, false);

        reset(env, realm).start(user.username());

        var mail = env.mailbox.awaitMessage(user.email(), 1);
        assertThat(mail.getSubject()).isEqualTo("Your password reset code for " + realm);
        String text = Mailbox.textOf(mail);
        assertThat(text).contains("Use this code to reset your password for " + realm)
                .contains("If you did not ask to reset your password").doesNotContainIgnoringCase("sign in")
                .doesNotContain("someone may know your password");
        assertThat(Mailbox.htmlOf(mail)).contains("reset your password").doesNotContainIgnoringCase("sign in")
                .doesNotContainIgnoringCase("sign-in");
    }

    @Test
    void aResetCodeSmsSaysItIsForAPasswordResetNotASignIn(Env env) {
        // the 'twilio' sender writes our text; 'twilio-verify' writes its own
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .create(env);
        TestUser user = user(env, realm, "rsword", false, true);

        reset(env, realm).start(user.username());

        String body = Poll.nth(() -> env.twilio.messagesTo(user.phone()), 1, "reset code SMS").get("Body");
        assertThat(body).contains("password reset code").contains("Not you? Ignore this message")
                .doesNotContainIgnoringCase("sign-in").doesNotContainIgnoringCase("sign in");
    }

    /**
     * Not an assertion (timings belong to the benchmark): the answer times of "Choose user" for a real and an
     * unknown account, median of 5 each, for the README and the closing note.
     */
    private static void writeTimings(Env env, String realm, String realName, String unknown) throws IOException {
        List<Long> realMillis = new ArrayList<>();
        List<Long> unknownMillis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (boolean isReal : new boolean[] {true, false}) {
                Browser browser = env.browser();
                Page choose = new PasswordReset(browser, env.baseUrl(), realm).open();
                long started = System.nanoTime();
                Page page = browser.submit(choose, "kc-reset-password-form",
                        Map.of("username", isReal ? realName : unknown));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(page.document()).isNotNull();
                (isReal ? realMillis : unknownMillis).add(millis);
            }
        }
        realMillis.sort(Long::compare);
        unknownMillis.sort(Long::compare);
        Files.writeString(Path.of("target", "reset-times.txt"), String.format(
                "choose-user answer, median of 5: real account %d ms, unknown account %d ms (all: %s / %s)%n",
                realMillis.get(2), unknownMillis.get(2), realMillis, unknownMillis),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
