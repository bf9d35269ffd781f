package dev.otpguard.it.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the code email itself looks like. */
@ExtendWith(TestEnvironment.class)
class EmailMessageIT {

    @Test
    void theMailHasHtmlAndTextAndNoCodeInTheSubject(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env);
        String email = "mail." + setup.name() + "@example.test";
        String realm = setup.user("mail", email).create(env);
        Page page = new Login(env, realm).passwordStep("mail");
        assertThat(page.isCodePage()).isTrue();
        MimeMessage mail = env.mailbox.awaitMessage(email, 1);
        String code = env.mailbox.awaitCode(email, 1);
        assertThat(mail.getSubject()).isEqualTo("Your sign-in code for " + realm).doesNotContain(code);
        assertThat(Mailbox.htmlOf(mail)).contains(code).contains("Never share this code");
        assertThat(Mailbox.textOf(mail)).contains(code).contains("valid for 5 minutes");
    }

    @Test
    void anAdminCanAskForTheCodeInTheSubject(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).config("codeInSubject", "true");
        String email = "subject." + setup.name() + "@example.test";
        String realm = setup.user("subject", email).create(env);
        new Login(env, realm).passwordStep("subject");
        String code = env.mailbox.awaitCode(email, 1);
        assertThat(env.mailbox.awaitMessage(email, 1).getSubject()).isEqualTo(code + " is your sign-in code for " + realm);
    }
}
