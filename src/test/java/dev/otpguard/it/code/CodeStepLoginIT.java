package dev.otpguard.it.code;

import static dev.otpguard.it.support.EventMatch.event;
import static dev.otpguard.it.support.WrongCode.besides;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The code rules every channel must keep, run once per channel (email and SMS) against the real server, over
 * plain HTTP form posts as a browser would send them.
 */
@ExtendWith(TestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeStepLoginIT {

    /** Long enough that a slow CI machine still asks for the early resend inside the cooldown. */
    private static final int COOLDOWN_SECONDS = 4;

    private Env env;
    private final Map<ChannelUnderTest, String> realms = new EnumMap<>(ChannelUnderTest.class);
    private final Map<ChannelUnderTest, RealmSetup> setups = new EnumMap<>(ChannelUnderTest.class);

    @BeforeAll
    void setUp(Env env) {
        this.env = env;
        for (ChannelUnderTest channel : ChannelUnderTest.values()) {
            setups.put(channel, RealmSetup.realm(env).step(channel.stepId()).config("resendCooldownSeconds", String.valueOf(COOLDOWN_SECONDS)));
        }
    }

    /** A new user in the channel's realm; realms are created once per channel, on first use. */
    private synchronized Login loginAs(ChannelUnderTest channel, TestUser user, String locale) {
        String realm = realms.get(channel);
        if (realm == null) {
            realm = setups.get(channel).create(env);
            realms.put(channel, realm);
        }
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), locale, RealmSetup.PASSWORD);
        return new Login(env, realm);
    }

    private String realm(ChannelUnderTest channel) {
        return realms.get(channel);
    }

    @Tag("smoke")
    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void theCodeCompletesTheLogin(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("happy");
        Login login = loginAs(channel, user, null);
        Page codePage = login.passwordStep(user.username());

        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        assertThat(codePage.byId("otp-guard-destination")).contains(channel.masked(user))
                .doesNotContain(user.email()).doesNotContain(user.phone());
        assertThat(codePage.document().getElementById("code").attr("autocomplete")).isEqualTo("one-time-code");
        assertThat(codePage.document().getElementById("code").attr("inputmode")).isEqualTo("numeric");
        assertThat(codePage.byId("otp-guard-code-help")).contains("valid for 5 minutes").contains("Never share it");

        String code = channel.awaitCode(env, user, 1);
        Page done = login.enterCode(codePage, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        // a code by email or SMS is not a second factor in NIST's sense: our step raises no authentication level
        assertThat(login.exchange(done).get("acr").asText()).isEqualTo("1");
    }

    @Tag("smoke")
    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aWrongCodeSaysSoWithTheTriesLeftThenTheRightCodeWorks(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("wrong");
        Login login = loginAs(channel, user, null);
        Page codePage = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);

        Page wrong = login.enterCode(codePage, besides(code));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.error()).isEqualTo("Wrong code. 4 tries left.");
        assertThat(login.enterCode(wrong, code).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void afterTheLastWrongTryTheCodeIsDeadAndANewCodeWorks(ChannelUnderTest channel) throws Exception {
        TestUser user = ChannelUnderTest.newUser("dead");
        Login login = loginAs(channel, user, null);
        Page page = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);
        for (int i = 0; i < 5; i++) {
            page = login.enterCode(page, besides(code));
        }
        assertThat(page.error()).contains("no longer works");
        Events.of(env, realm(channel), user.username())
                .assertHas(event("LOGIN_ERROR").error("otp_code_attempts_exhausted").action("verify"));

        Page stillDead = login.enterCode(page, code);
        assertThat(stillDead.isRedirectToApp()).isFalse();
        assertThat(stillDead.error()).contains("no longer works");

        Thread.sleep(COOLDOWN_SECONDS * 1000L + 100);
        Page resent = login.resend(stillDead);
        assertThat(resent.info()).contains("A new code goes to");
        assertThat(login.enterCode(resent, channel.awaitCode(env, user, 2)).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void reloadingTheCodePageNeverSendsAgain(ChannelUnderTest channel) throws Exception {
        TestUser user = ChannelUnderTest.newUser("reload");
        Login login = loginAs(channel, user, null);
        Page codePage = login.passwordStep(user.username());
        channel.awaitCode(env, user, 1);

        Page again = login.reload(login.reload(codePage));
        assertThat(again.isCodePage()).as(again.text()).isTrue();
        Thread.sleep(1500);
        assertThat(channel.sent(env, user)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void resendBeforeTheCooldownIsRefusedWithTheWaitAndAfterItTheOldCodeIsDead(ChannelUnderTest channel)
            throws Exception {
        TestUser user = ChannelUnderTest.newUser("resend");
        Login login = loginAs(channel, user, null);
        Page codePage = login.passwordStep(user.username());
        String first = channel.awaitCode(env, user, 1);

        Page early = login.resend(codePage);
        assertThat(early.error()).containsPattern("Please wait [1-" + COOLDOWN_SECONDS + "] seconds?");
        assertThat(channel.sent(env, user)).isEqualTo(1);

        Thread.sleep(COOLDOWN_SECONDS * 1000L + 100);
        Page resent = login.resend(early);
        String second = channel.awaitCode(env, user, 2);
        List<JsonNode> events = UserEvents.of(env, realm(channel), user.username());
        Events.of(events).assertHas(event("SEND_VERIFY_EMAIL_ERROR").error("otp_send_throttled").action("resend"));
        Events.of(events).assertHas(event("SEND_VERIFY_EMAIL").success().action("resend"));

        if (!second.equals(first)) {
            Page old = login.enterCode(resent, first);
            assertThat(old.isRedirectToApp()).isFalse();
            assertThat(old.error()).contains("Wrong code");
            resent = old;
        }
        assertThat(login.enterCode(resent, second).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aUsedCodeCannotBeUsedAgain(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("reuse");
        Login login = loginAs(channel, user, null);
        Page codePage = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);
        assertThat(login.enterCode(codePage, code).isRedirectToApp()).isTrue();

        Page replay = login.enterCode(codePage, code);
        assertThat(replay.isRedirectToApp()).as(replay.text()).isFalse();
        assertThat(replay.status()).isLessThan(500);

        Login second = new Login(env, realm(channel));
        Page secondPage = second.passwordStep(user.username());
        String fresh = channel.awaitCode(env, user, 2);
        if (!fresh.equals(code)) {
            Page reused = second.enterCode(secondPage, code);
            assertThat(reused.isRedirectToApp()).isFalse();
            assertThat(reused.error()).contains("Wrong code");
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aCodeFromOneLoginDoesNotWorkInAnother(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("cross");
        Login tabA = loginAs(channel, user, null);
        Page pageA = tabA.passwordStep(user.username());
        String codeA = channel.awaitCode(env, user, 1);

        Login tabB = new Login(env, realm(channel));
        Page pageB = tabB.passwordStep(user.username());
        String codeB = channel.awaitCode(env, user, 2);

        if (!codeA.equals(codeB)) {
            Page crossed = tabB.enterCode(pageB, codeA);
            assertThat(crossed.isRedirectToApp()).isFalse();
            assertThat(crossed.error()).contains("Wrong code");
            pageB = crossed;
        }
        assertThat(tabA.enterCode(pageA, codeA).isRedirectToApp()).isTrue();
        assertThat(tabB.enterCode(pageB, codeB).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void badInputGetsAClearMessageAndNeverAServerError(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("bad");
        Login login = loginAs(channel, user, null);
        Page page = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);

        Page empty = login.enterCode(page, "");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.error()).isEqualTo("Enter the code.");
        Page letters = login.enterCode(empty, "abcdef");
        assertThat(letters.error()).isEqualTo("Enter the 6-digit code using digits only.");
        Page huge = login.enterCode(letters, "1".repeat(10_000));
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.error()).isEqualTo("Enter the 6-digit code using digits only.");
        Page arabicIndic = login.enterCode(huge, "\u0661\u0662\u0663\u0664\u0665\u0666");
        assertThat(arabicIndic.error()).isEqualTo("Enter the code with the digits 0 to 9.");
        Page shortCode = login.enterCode(arabicIndic, "123");
        assertThat(shortCode.error()).isEqualTo("The code has 6 digits.");
        Page missingField = login.browser().submit(shortCode, "otp-guard-code-form", Map.of());
        assertThat(missingField.status()).isEqualTo(200);
        assertThat(missingField.error()).isEqualTo("Enter the code.");

        // none of the above used up a try, and the session is intact: the pasted code still works
        Page done = login.enterCode(missingField, " " + code.substring(0, 3) + "- " + code.substring(3) + " ");
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void eventsTellWhatHappenedWithoutTheCodeOrTheDestination(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("events");
        Login login = loginAs(channel, user, null);
        Page page = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);
        page = login.enterCode(page, besides(code));
        assertThat(login.enterCode(page, code).isRedirectToApp()).isTrue();

        List<JsonNode> mine = UserEvents.of(env, realm(channel), user.username());
        String channelName = channel.name().toLowerCase();
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("SEND_VERIFY_EMAIL");
            assertThat(e.at("/details/otp_guard_action").asText()).isEqualTo("send");
            assertThat(e.at("/details/otp_guard_channel").asText()).isEqualTo(channelName);
            assertThat(e.at("/details/otp_guard_destination").asText()).isEqualTo(channel.masked(user));
        });
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("LOGIN_ERROR");
            assertThat(e.get("error").asText()).isEqualTo("invalid_user_credentials");
            assertThat(e.at("/details/reason").asText()).isEqualTo("wrong_code");
        });
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("LOGIN");
            assertThat(e.at("/details/otp_guard_action").asText()).isEqualTo("verified");
            assertThat(e.at("/details/otp_guard_channel").asText()).isEqualTo(channelName);
        });
        assertThat(mine.toString()).doesNotContain(code).doesNotContain(user.email()).doesNotContain(user.phone());
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void thePageAndTheMessageFollowTheUsersLanguage(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("german");
        Login login = loginAs(channel, user, "de");
        Page codePage = login.passwordStep(user.username());
        assertThat(codePage.text()).contains(channel == ChannelUnderTest.EMAIL
                ? "Schauen Sie in Ihre E-Mails" : "Schauen Sie auf Ihr Telefon");
        String code = channel.awaitCode(env, user, 1);
        if (channel == ChannelUnderTest.EMAIL) {
            assertThat(subject(env.mailbox.awaitMessage(user.email(), 1))).startsWith("Ihr Anmeldecode");
        } else {
            assertThat(env.twilio.messagesTo(user.phone()).get(0).get("Body")).contains("ist Ihr Anmeldecode");
        }
        assertThat(login.enterCode(codePage, code).isRedirectToApp()).isTrue();
    }

    static String subject(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
