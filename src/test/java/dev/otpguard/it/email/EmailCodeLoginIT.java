package dev.otpguard.it.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The email code step as a user meets it, over plain HTTP form posts against the real server. */
@ExtendWith(TestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailCodeLoginIT {

    private Env env;
    private String realm;
    private final List<String> users = new ArrayList<>();

    @BeforeAll
    void setUp(Env env) {
        this.env = env;
        RealmSetup setup = RealmSetup.realm(env).config("resendCooldownSeconds", "2");
        for (int i = 0; i < 12; i++) {
            String name = "user" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            users.add(name);
            setup.user(name, name + "@example.test");
        }
        setup.user("german-" + users.get(0), "german-" + users.get(0) + "@example.test", "de");
        realm = setup.create(env);
    }

    private String email(String user) {
        return user + "@example.test";
    }

    @Test
    void codeFromTheEmailCompletesTheLogin() {
        String user = users.get(0);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user);

        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        assertThat(codePage.byId("otp-guard-destination")).contains("u***@e***.test").doesNotContain(email(user));
        assertThat(codePage.document().getElementById("code").attr("autocomplete")).isEqualTo("one-time-code");
        assertThat(codePage.document().getElementById("code").attr("inputmode")).isEqualTo("numeric");

        MimeMessage mail = env.mailbox.awaitMessage(email(user), 1);
        String code = env.mailbox.awaitCode(email(user), 1);
        assertThat(subject(mail)).doesNotContain(code);
        assertThat(Mailbox.htmlOf(mail)).contains(code);
        Page done = login.enterCode(codePage, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();

        // an email code is not a second factor in NIST's sense: our step raises no authentication level
        JsonNode idToken = login.exchange(done);
        assertThat(idToken.get("acr").asText()).isEqualTo("1");
    }

    @Test
    void wrongCodeSaysSoWithTriesLeftThenRightCodeWorks() {
        String user = users.get(1);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user);
        String code = env.mailbox.awaitCode(email(user), 1);

        Page wrong = login.enterCode(codePage, otherCode(code));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.error()).contains("Wrong code").contains("4 tries left");

        Page done = login.enterCode(wrong, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @Test
    void afterTheLastWrongTryTheCodeIsDeadAndANewCodeWorks() throws Exception {
        String user = users.get(2);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(user);
        String code = env.mailbox.awaitCode(email(user), 1);
        for (int i = 0; i < 5; i++) {
            page = login.enterCode(page, otherCode(code));
        }
        assertThat(page.error()).contains("no longer works");
        assertThat(UserEvents.has(UserEvents.of(env, realm, user), "LOGIN_ERROR", "otp_code_attempts_exhausted", "verify"))
                .isTrue();

        Page stillDead = login.enterCode(page, code);
        assertThat(stillDead.isRedirectToApp()).isFalse();
        assertThat(stillDead.error()).contains("no longer works");

        Thread.sleep(2100);
        Page resent = login.resend(stillDead);
        assertThat(resent.info()).contains("A new code was sent");
        String second = env.mailbox.awaitCode(email(user), 2);
        Page done = login.enterCode(resent, second);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @Test
    void reloadingTheCodePageNeverSendsAnotherEmail() throws Exception {
        String user = users.get(3);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user);
        env.mailbox.awaitMessage(email(user), 1);

        Page reloaded = login.reload(codePage);
        Page again = login.reload(reloaded);
        assertThat(again.isCodePage()).as(again.text()).isTrue();
        Thread.sleep(1500);
        assertThat(env.mailbox.messagesTo(email(user))).hasSize(1);
    }

    @Test
    void resendBeforeTheCooldownIsRefusedWithTheWaitAndAfterItTheOldCodeIsDead() throws Exception {
        String user = users.get(4);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user);
        String first = env.mailbox.awaitCode(email(user), 1);

        Page early = login.resend(codePage);
        assertThat(early.error()).containsPattern("Please wait [12] seconds");
        assertThat(env.mailbox.messagesTo(email(user))).hasSize(1);

        Thread.sleep(2100);
        Page resent = login.resend(early);
        String second = env.mailbox.awaitCode(email(user), 2);
        assertThat(second).isNotEqualTo(first);

        List<JsonNode> events = UserEvents.of(env, realm, user);
        assertThat(UserEvents.has(events, "SEND_VERIFY_EMAIL_ERROR", "otp_send_throttled", "resend"))
                .as(events.toString()).isTrue();
        assertThat(UserEvents.has(events, "SEND_VERIFY_EMAIL", null, "resend")).as(events.toString()).isTrue();

        Page old = login.enterCode(resent, first);
        assertThat(old.isRedirectToApp()).isFalse();
        assertThat(old.error()).contains("Wrong code");
        Page done = login.enterCode(old, second);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @Test
    void aUsedCodeCannotBeUsedAgain() {
        String user = users.get(5);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user);
        String code = env.mailbox.awaitCode(email(user), 1);
        assertThat(login.enterCode(codePage, code).isRedirectToApp()).isTrue();

        // replaying the same form post after success: the login is over, the code does nothing
        Page replay = login.enterCode(codePage, code);
        assertThat(replay.isRedirectToApp()).as(replay.text()).isFalse();
        assertThat(replay.status()).isLessThan(500);

        // a fresh login by the same user does not accept the old code either
        Login second = new Login(env, realm);
        Page secondPage = second.passwordStep(user);
        env.mailbox.awaitCode(email(user), 2);
        Page reused = second.enterCode(secondPage, code);
        assertThat(reused.isRedirectToApp()).isFalse();
        assertThat(reused.error()).contains("Wrong code");
    }

    @Test
    void aCodeFromOneLoginDoesNotWorkInAnother() {
        String user = users.get(6);
        Login tabA = new Login(env, realm);
        Page pageA = tabA.passwordStep(user);
        String codeA = env.mailbox.awaitCode(email(user), 1);

        Login tabB = new Login(env, realm);
        Page pageB = tabB.passwordStep(user);
        String codeB = env.mailbox.awaitCode(email(user), 2);

        Page crossed = tabB.enterCode(pageB, codeA);
        assertThat(crossed.isRedirectToApp()).isFalse();
        assertThat(crossed.error()).contains("Wrong code");
        assertThat(tabA.enterCode(pageA, codeA).isRedirectToApp()).isTrue();
        assertThat(tabB.enterCode(crossed, codeB).isRedirectToApp()).isTrue();
    }

    @Test
    void badInputGetsAClearMessageAndNeverAServerError() {
        String user = users.get(7);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(user);
        String code = env.mailbox.awaitCode(email(user), 1);

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

        Page missingField = login.browser().submit(shortCode, "otp-guard-code-form", java.util.Map.of());
        assertThat(missingField.status()).isEqualTo(200);
        assertThat(missingField.error()).isEqualTo("Enter the code.");

        // none of the above used up a try: the pasted code, with spaces and dashes, still works
        Page done = login.enterCode(missingField, " " + code.substring(0, 3) + "- " + code.substring(3) + " ");
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    @Test
    void eventsTellWhatHappenedWithoutTheCodeOrTheAddress() {
        String user = users.get(8);
        Login login = new Login(env, realm);
        Page page = login.passwordStep(user);
        String code = env.mailbox.awaitCode(email(user), 1);
        page = login.enterCode(page, otherCode(code));
        assertThat(login.enterCode(page, code).isRedirectToApp()).isTrue();

        String userId = env.admin.userId(realm, user);
        List<JsonNode> mine = new ArrayList<>();
        env.admin.events(realm).forEach(e -> {
            if (userId.equals(e.path("userId").asText())) {
                mine.add(e);
            }
        });
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("SEND_VERIFY_EMAIL");
            assertThat(e.at("/details/otp_guard_action").asText()).isEqualTo("send");
            assertThat(e.at("/details/otp_guard_channel").asText()).isEqualTo("email");
            assertThat(e.at("/details/otp_guard_destination").asText()).isEqualTo("u***@e***.test");
        });
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("LOGIN_ERROR");
            assertThat(e.get("error").asText()).isEqualTo("invalid_user_credentials");
            assertThat(e.at("/details/reason").asText()).isEqualTo("wrong_code");
        });
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("LOGIN");
            assertThat(e.at("/details/otp_guard_action").asText()).isEqualTo("verified");
        });
        String all = mine.toString();
        assertThat(all).doesNotContain(code).doesNotContain(email(user));
    }

    @Test
    void theEmailAndThePageFollowTheUsersLanguage() {
        String user = "german-" + users.get(0);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user);
        assertThat(codePage.text()).contains("Schauen Sie in Ihre E-Mails");
        MimeMessage mail = env.mailbox.awaitMessage(email(user), 1);
        assertThat(subject(mail)).startsWith("Ihr Anmeldecode");
        String code = env.mailbox.awaitCode(email(user), 1);
        assertThat(Mailbox.codeIn(mail)).isEqualTo(code);
        assertThat(login.enterCode(codePage, code).isRedirectToApp()).isTrue();
    }

    static String otherCode(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
