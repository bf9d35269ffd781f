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
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Placements and limits of the code steps, per channel, each in a realm configured for the rule. */
@ExtendWith(TestEnvironment.class)
class CodeStepRulesIT {

    private static Login create(Env env, RealmSetup setup, TestUser user) {
        setup.user(user.username(), user.email(), null, user.phone());
        return new Login(env, setup.create(env));
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void anExpiredCodeIsRefusedAndANewOneWorks(ChannelUnderTest channel, Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("expired");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId()).config("codeLifetimeSeconds", "10")
                .config("resendCooldownSeconds", "1"), user);
        Page page = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);

        Thread.sleep(10_500);
        Page expired = login.enterCode(page, code);
        assertThat(expired.isRedirectToApp()).isFalse();
        assertThat(expired.error()).isEqualTo("This code has expired. Request a new code.");
        Events.of(env, login.realm(), user.username())
                .assertHas(event("LOGIN_ERROR").error("expired_code").action("verify"));

        Page resent = login.resend(expired);
        assertThat(login.enterCode(resent, channel.awaitCode(env, user, 2)).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aWrongCodeOnAnAlternativeStepNeverSkipsTheFactor(ChannelUnderTest channel, Env env) {
        TestUser user = ChannelUnderTest.newUser("alt");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId()).withTotp()
                .placement(Placement.ALTERNATIVE_WITH_TOTP), user);
        // Keycloak offers the user's own credential (TOTP) first; the user switches with "try another way"
        Page totp = login.passwordStep(user.username());
        assertThat(totp.document().getElementById("try-another-way")).as(totp.text()).isNotNull();
        Page choice = login.browser().submit(totp, "kc-select-try-another-way-form", Map.of());
        String label = channel == ChannelUnderTest.EMAIL ? "Email code" : "SMS code";
        org.jsoup.nodes.Element option = choice.document().select("li").stream()
                .filter(li -> li.text().contains(label)).findFirst()
                .orElseThrow(() -> new AssertionError(label + " not offered: " + choice.text()));
        Page page = login.browser().submit(option.selectFirst("form"), Map.of());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        String code = channel.awaitCode(env, user, 1);

        for (int i = 0; i < 5; i++) {
            page = login.enterCode(page, besides(code));
            assertThat(page.isRedirectToApp()).isFalse();
            assertThat(page.isCodePage()).as(page.text()).isTrue();
        }
        // coming back to the flow still demands a second factor: ours or the authenticator app
        Page afterReload = login.reload(page);
        assertThat(afterReload.isRedirectToApp()).isFalse();
        assertThat(afterReload.document().select("#otp-guard-code-form, #kc-otp-login-form"))
                .as(afterReload.text()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void theStepWorksInsideAConditionalSubflow(ChannelUnderTest channel, Env env) {
        TestUser user = ChannelUnderTest.newUser("cond");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId())
                .placement(Placement.CONDITIONAL_SUBFLOW), user);
        Page page = login.passwordStep(user.username());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(login.enterCode(page, channel.awaitCode(env, user, 1)).isRedirectToApp()).isTrue();
    }

    @Tag("smoke")
    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void wrongCodesFeedKeycloaksBruteForceLockout(ChannelUnderTest channel, Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("brute");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId()).bruteForce(), user);
        Page page = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);
        String userId = env.admin.userId(login.realm(), user.username());
        for (int i = 1; i <= 3; i++) {
            page = login.enterCode(page, besides(code));
            // Keycloak records failures on a background executor; waiting for each one keeps the count exact
            awaitFailures(env, login.realm(), userId, i);
        }
        JsonNode status = awaitLocked(env, login.realm(), userId);
        assertThat(status.get("disabled").asBoolean()).as(status.toString()).isTrue();

        Page locked = login.enterCode(page, code);
        assertThat(locked.isRedirectToApp()).isFalse();
        assertThat(locked.status()).isEqualTo(200);
        assertThat(locked.error()).isEqualTo("Too many failed attempts. Please try again later.");
    }

    private static void awaitFailures(Env env, String realm, String userId, int failures) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = env.admin.get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId);
            if (status.path("numFailures").asInt() >= failures || status.path("disabled").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode awaitLocked(Env env, String realm, String userId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode status;
        do {
            status = env.admin.get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId);
            if (status.path("disabled").asBoolean()) {
                return status;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        return status;
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void theSendLimitPerLoginHolds(ChannelUnderTest channel, Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("limit");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId()).config("maxSendsPerLogin", "2")
                .config("resendCooldownSeconds", "1"), user);
        Page page = login.passwordStep(user.username());
        channel.awaitCode(env, user, 1);
        Thread.sleep(1100);
        page = login.resend(page);
        channel.awaitCode(env, user, 2);
        Thread.sleep(2100);
        Page refused = login.resend(page);
        assertThat(refused.error()).isEqualTo("You have requested too many codes. Restart the sign-in to try again.");
        assertThat(refused.document().getElementById("otp-guard-resend")).isNull();
        Events.of(env, login.realm(), user.username())
                .assertHas(event("SEND_VERIFY_EMAIL_ERROR").error("otp_send_limit_reached").action("resend"));
        Thread.sleep(300);
        assertThat(channel.sent(env, user)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void anInvalidConfigurationStopsTheStepWithAMessageAndSendsNothing(ChannelUnderTest channel, Env env)
            throws Exception {
        TestUser user = ChannelUnderTest.newUser("config");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId()).config("codeLength", "4"), user);
        Page page = login.passwordStep(user.username());
        assertThat(page.isRedirectToApp()).isFalse();
        assertThat(page.text()).contains("This sign-in step is not set up correctly.");
        Thread.sleep(500);
        assertThat(channel.sent(env, user)).isZero();
    }
}
