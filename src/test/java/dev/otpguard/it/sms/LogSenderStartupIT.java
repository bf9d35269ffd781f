package dev.otpguard.it.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpguard.it.support.KeycloakServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The development 'log' sender writes codes to the server log, so choosing it as the server's sender without
 * explicitly enabling it must stop Keycloak from starting; enabled, it says so loudly. Runs its own Keycloak
 * from a second install, because the sender choice is a build option.
 */
class LogSenderStartupIT {

    @Test
    void choosingTheLogSenderWithoutEnablingItStopsTheServerAndEnablingItIsLoud() throws Exception {
        Path home = Path.of(System.getProperty("keycloak.spare.home"));
        Path log = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "keycloak-log-sender.log");
        Files.deleteIfExists(log);

        try (KeycloakServer refused = new KeycloakServer(home, KeycloakServer.freePort(), log)) {
            refused.installProvider(KeycloakServer.providerJarFromSystemProperty());
            assertThatThrownBy(() -> refused.start(List.of("--spi-otp-guard-sms-sender--provider=log")))
                    .hasMessageContaining("Keycloak exited");
        }
        assertThat(Files.readString(log)).contains("the 'log' SMS sender writes codes to the server log and is "
                + "for development only");

        try (KeycloakServer enabled = new KeycloakServer(home, KeycloakServer.freePort(), log)) {
            enabled.start(List.of("--spi-otp-guard-sms-sender--provider=log",
                    "--spi-otp-guard-sms-sender--log--enabled=true"));
        }
        assertThat(Files.readString(log)).contains("the DEVELOPMENT 'log' SMS sender is enabled");
    }
}
