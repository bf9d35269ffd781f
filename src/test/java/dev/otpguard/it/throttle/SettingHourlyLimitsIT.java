package dev.otpguard.it.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented ways (docs/admin/hourly-limits.md) of setting the hourly limits (realm attributes) keep the
 * limits already set. A realm update whose body has {@code attributes} replaces the whole map, so the docs once told admins to do exactly what
 * silently dropped the other limits; these tests pin that hazard and the two ways the docs now give.
 */
@ExtendWith(TestEnvironment.class)
class SettingHourlyLimitsIT {

    private static final String USER = "otpGuard.sendsPerUserPerHour";
    private static final String SMS = "otpGuard.smsPerRealmPerHour";
    private static final String FAILED = "otpGuard.failedCodesPerUserPerHour";

    private static String realmWithTwoLimits(Env env) {
        return RealmSetup.realm(env).realmAttribute(SMS, "300").realmAttribute(FAILED, "20").create(env);
    }

    private static JsonNode attributes(Env env, String realm) {
        return env.admin.get("/admin/realms/" + realm).path("attributes");
    }

    @Test
    void anUpdateWithOnlyTheNewLimitInItsAttributesDropsTheOthers(Env env) {
        String realm = realmWithTwoLimits(env);

        var answer = env.admin.put("/admin/realms/" + realm, Map.of("attributes", Map.of(USER, "5")));

        assertThat(answer.statusCode()).isEqualTo(204);
        JsonNode after = attributes(env, realm);
        assertThat(after.path(USER).asText()).isEqualTo("5");
        // the hazard the docs warn of: the limits set before are gone, and their defaults apply again
        assertThat(after.has(SMS)).isFalse();
        assertThat(after.has(FAILED)).isFalse();
    }

    @Test
    void readingTheRealmChangingOneAttributeAndWritingItBackKeepsTheOthers(Env env) {
        String realm = realmWithTwoLimits(env);
        ObjectNode representation = (ObjectNode) env.admin.get("/admin/realms/" + realm);
        ((ObjectNode) representation.path("attributes")).put(USER, "5");

        var answer = env.admin.put("/admin/realms/" + realm, representation);

        assertThat(answer.statusCode()).isEqualTo(204);
        JsonNode after = attributes(env, realm);
        assertThat(after.path(USER).asText()).isEqualTo("5");
        assertThat(after.path(SMS).asText()).isEqualTo("300");
        assertThat(after.path(FAILED).asText()).isEqualTo("20");
    }

    @Test
    void kcadmSettingOneAttributeKeepsTheOthers(Env env, @TempDir Path work) throws Exception {
        String realm = realmWithTwoLimits(env);
        Path config = work.resolve("kcadm.config");
        kcadm(work, "config", "credentials", "--server", env.baseUrl(), "--realm", "master",
                "--user", KeycloakServer.ADMIN_USER, "--password", KeycloakServer.ADMIN_PASSWORD, "--config", config.toString());

        // the documented command, word for word apart from the realm and the config file
        kcadm(work, "update", "realms/" + realm, "-s", "attributes.\"" + USER + "\"=5", "--config", config.toString());

        JsonNode after = attributes(env, realm);
        assertThat(after.path(USER).asText()).isEqualTo("5");
        assertThat(after.path(SMS).asText()).isEqualTo("300");
        assertThat(after.path(FAILED).asText()).isEqualTo("20");
    }

    private static void kcadm(Path work, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(KeycloakServer.homeFromSystemProperty().resolve("bin/kcadm.sh").toString());
        command.addAll(List.of(arguments));
        Path output = work.resolve("kcadm.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kcadm finished").isTrue();
        assertThat(process.exitValue()).as("kcadm %s: %s", arguments[0],
                Files.readString(output, StandardCharsets.UTF_8)).isZero();
    }
}
