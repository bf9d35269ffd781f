package dev.otpguard.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.FakeSmtpServer;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stalled mail server cannot pile up background sends: with {@code max-pending=1}, while one reset code hangs on
 * a relay that never answers, the next is refused and logged, not queued; its page is the same code page, so a
 * refusal tells nobody anything. Once the stalled send gives up, sends are admitted again. Runs its own Keycloak
 * (the bound is a server option) from the second install.
 */
@ExtendWith(TestEnvironment.class)
class DeliveryQueueBoundIT {

    private static final int SMTP_TIMEOUT_MILLIS = 6000;

    @Test
    void beyondTheBoundASendIsRefusedAndLoggedAndTheBoundFreesWhenTheStalledSendEnds(Env env) throws Exception {
        Path log = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "keycloak-queue-bound.log");
        Files.deleteIfExists(log);
        try (FakeSmtpServer silent = new FakeSmtpServer(FakeSmtpServer.Behaviour.SILENT);
             KeycloakServer server = new KeycloakServer(Path.of(System.getProperty("keycloak.spare.home")),
                     KeycloakServer.freePort(), log)) {
            server.installProvider(KeycloakServer.providerJarFromSystemProperty());
            server.start(List.of("--spi-otp-guard-delivery-queue--default--max-pending=1"));
            RealmSetup setup = RealmSetup.realm(env).resetByCode("otp-guard-email").smtpPort(silent.port())
                    .smtpSetting("timeout", Integer.toString(SMTP_TIMEOUT_MILLIS))
                    .smtpSetting("connectionTimeout", Integer.toString(SMTP_TIMEOUT_MILLIS))
                    .smtpSetting("writeTimeout", Integer.toString(SMTP_TIMEOUT_MILLIS));
            Admin admin = new Admin(server.baseUrl());
            admin.createRealm(setup.toJson());
            String realm = setup.name();
            for (String name : List.of("first", "second", "third")) {
                admin.createUser(realm, name, name + "@example.test", null, null, RealmSetup.PASSWORD);
            }

            Page first = new PasswordReset(new Browser(server.baseUrl()), server.baseUrl(), realm).start("first");
            awaitConnections(silent, 1, Duration.ofSeconds(20));
            Page second = new PasswordReset(new Browser(server.baseUrl()), server.baseUrl(), realm).start("second");

            assertThat(first.isCodePage()).as(first.text()).isTrue();
            assertThat(second.status()).isEqualTo(first.status()).isEqualTo(200);
            assertThat(second.isCodePage()).as(second.text()).isTrue();
            assertThat(second.byId("otp-guard-destination").replace("second", "first"))
                    .isEqualTo(first.byId("otp-guard-destination"));
            awaitLog(log, "OTP Guard refused to schedule a email code", Duration.ofSeconds(10));
            // the refused send never reached the relay: one connection, the stalled one
            Thread.sleep(1000);
            assertThat(silent.connections()).isEqualTo(1);
            assertThat(Files.readString(log)).doesNotContain("second@example.test").doesNotContain("first@example.test");

            // the stalled send gives up at the SMTP timeout and frees its place: the next send is admitted
            awaitLog(log, "OTP Guard could not deliver the email code", Duration.ofMillis(3L * SMTP_TIMEOUT_MILLIS));
            new PasswordReset(new Browser(server.baseUrl()), server.baseUrl(), realm).start("third");
            awaitConnections(silent, 2, Duration.ofSeconds(20));
        }
    }

    private static void awaitConnections(FakeSmtpServer smtp, int n, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (smtp.connections() < n && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(smtp.connections()).as("connections to the relay").isGreaterThanOrEqualTo(n);
    }

    private static void awaitLog(Path log, String text, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains(text) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(log)).contains(text);
    }
}
