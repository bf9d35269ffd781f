package dev.otpguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.HourWindow;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an identity admin meets on the running server (issue 16): the admin console's option lists, read through
 * the same admin REST calls the console makes, and how often a wrong realm attribute is reported in the log.
 */
@ExtendWith(TestEnvironment.class)
class AdminOptionsOnTheServerIT {

    private static List<String> names(JsonNode description) {
        List<String> names = new ArrayList<>();
        description.path("properties").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static JsonNode requiredActionOptions(Env env, String realm, String alias) {
        return env.admin.get("/admin/realms/" + realm + "/authentication/required-actions/" + alias
                + "/config-description");
    }

    @Test
    void theRequiredActionsOfferNoPasswordResetOptionsAndSignOutOnce(Env env) {
        String realm = RealmSetup.realm(env).requiredAction("otp-guard-update-email", java.util.Map.of())
                .requiredAction("otp-guard-update-phone", java.util.Map.of()).phoneSetup(java.util.Map.of())
                .create(env);
        for (String alias : List.of("otp-guard-phone-setup", "otp-guard-update-email", "otp-guard-update-phone")) {
            List<String> names = names(requiredActionOptions(env, realm, alias));
            assertThat(names).as(alias).isNotEmpty().doesNotHaveDuplicates()
                    .doesNotContain("resetChannels", "notifyOtherChannel").contains("codeLength");
        }
        assertThat(names(requiredActionOptions(env, realm, "otp-guard-update-email")))
                .containsOnlyOnce("logoutOtherSessions");
        assertThat(names(requiredActionOptions(env, realm, "otp-guard-phone-setup")))
                .doesNotContain("logoutOtherSessions");
    }

    @Test
    void theEmailStepOffersTheSmsOptionsItReads(Env env) {
        String realm = RealmSetup.realm(env).create(env);
        JsonNode email = env.admin.get("/admin/realms/" + realm + "/authentication/config-description/otp-guard-email");
        assertThat(names(email)).doesNotHaveDuplicates().contains("smsSender", "webOtp", "codeInSubject",
                "resetChannels");
    }

    @Test
    void aWrongRealmAttributeIsReportedOnceNotOnEverySend(Env env) throws Exception {
        String realm = RealmSetup.realm(env).realmAttribute("otpGuard.sendsPerUserPerHour", "lots").create(env);
        TestUser user = ChannelUnderTest.newUser("badattr");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        String line = "OTP Guard ignores realm attributes of realm " + realm + " ";
        // the line is once per hour window: all three sends in one
        HourWindow.atLeastSecondsLeft(90);

        for (int i = 1; i <= 3; i++) {
            new Login(env.browser(), env.baseUrl(), realm).passwordStep(user.username());
            env.mailbox.awaitMessage(user.email(), i);
        }

        assertThat(occurrences(env, line)).as("WARN lines naming the wrong attribute after three sends").isEqualTo(1);
        assertThat(logText(env)).contains("otpGuard.sendsPerUserPerHour");
    }

    private static String logText(Env env) throws IOException {
        return Files.readString(env.server.logFile(), StandardCharsets.UTF_8);
    }

    private static long occurrences(Env env, String text) throws IOException {
        return logText(env).lines().filter(l -> l.contains(text)).count();
    }
}
