package dev.otpguard.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.kernel.EventError;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, pattern 5 (CVE-2026-16100's lesson): Keycloak's event metrics turn an event's error into a metric
 * tag, so OTP Guard's error values, and the details that say what happened (reason, action, channel), come from
 * closed lists. Hostile input on every form OTP Guard shows (codes, the reset's username, a new address, a new
 * number) must never appear in those values.
 */
@ExtendWith(TestEnvironment.class)
class EventValuesIT {

    private static final String MARK = "zq9hostile";
    private static final List<String> HOSTILE = List.of(MARK + "${7*7}", MARK + "\r\nX-Injected: 1",
            MARK + "\u202Eevil", MARK + "é中文", MARK + "x".repeat(5000), "<script>" + MARK + "</script>");
    /** The details whose values name what happened, not who: each a closed list. */
    private static final List<String> CLOSED_DETAILS = List.of("reason", "otp_guard_action", "otp_guard_channel",
            "otp_guard_device", "otp_guard_alert", "otp_guard_restored", "attempts_left", "retry_after_seconds");

    private static TestUser user(Env env, String realm) {
        TestUser user = ChannelUnderTest.newUser("ev");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return user;
    }

    @Test
    void hostileInputOnEveryFormLeavesEveryErrorAndClosedDetailInTheFixedSets(Env env) {
        String emailRealm = RealmSetup.realm(env).resetByCode("otp-guard-email").create(env);
        String smsRealm = RealmSetup.realm(env).step("otp-guard-sms").resetByCode("otp-guard-sms").create(env);
        String setupRealm = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .phoneSetup(Map.of("allowedCountries", "DE", "resendCooldownSeconds", "1")).create(env);
        String contactRealm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY)
                .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false")).create(env);

        for (String realm : List.of(emailRealm, smsRealm)) {
            TestUser user = user(env, realm);
            Login login = new Login(env, realm);
            Page page = login.passwordStep(user.username());
            for (String hostile : HOSTILE) {
                Page answer = login.enterCode(page, hostile);
                assertThat(answer.status()).as(answer.text()).isLessThan(500);
                page = answer.isCodePage() ? answer : page;
            }
            PasswordReset reset = new PasswordReset(env.browser(), env.baseUrl(), realm);
            for (String hostile : HOSTILE) {
                Page codePage = reset.start(hostile);
                assertThat(codePage.status()).as(codePage.text()).isLessThan(500);
                if (codePage.isCodePage()) {
                    assertThat(reset.enterCode(codePage, hostile).status()).isLessThan(500);
                }
            }
        }

        TestUser noPhone = ChannelUnderTest.newUser("ev");
        env.admin.createUser(setupRealm, noPhone.username(), noPhone.email(), null, null, RealmSetup.PASSWORD);
        Login setupLogin = new Login(env, setupRealm);
        Page setup = setupLogin.passwordStep(noPhone.username());
        assertThat(setup.document().getElementById("otp-guard-phone-form")).as(setup.text()).isNotNull();
        for (String hostile : HOSTILE) {
            if (setup.document().getElementById("otp-guard-phone-form") == null) {
                break;
            }
            Page answer = setupLogin.browser().submit(setup, "otp-guard-phone-form", Map.of("phone", hostile));
            assertThat(answer.status()).as(answer.text()).isLessThan(500);
            setup = answer;
        }

        TestUser changer = user(env, contactRealm);
        Login signedIn = new Login(env, contactRealm);
        assertThat(signedIn.passwordStep(changer.username()).isRedirectToApp()).isTrue();
        Page entry = signedIn.browser().get(Login.authUrl(env.baseUrl(), contactRealm)
                + "&kc_action=otp-guard-update-email");
        assertThat(entry.document().getElementById("otp-guard-email-form")).as(entry.text()).isNotNull();
        for (String hostile : HOSTILE) {
            if (entry.document().getElementById("otp-guard-email-form") == null) {
                break;
            }
            Page answer = signedIn.browser().submit(entry, "otp-guard-email-form", Map.of("email", hostile + "@x.test"));
            assertThat(answer.status()).as(answer.text()).isLessThan(500);
            entry = answer;
        }

        Set<String> errors = EventError.wireValues();
        int seen = 0;
        for (String realm : List.of(emailRealm, smsRealm, setupRealm, contactRealm)) {
            for (JsonNode event : env.admin.events(realm)) {
                boolean ours = false;
                for (var names = event.path("details").fieldNames(); names.hasNext(); ) {
                    ours |= names.next().startsWith("otp_guard_");
                }
                if (!ours) {
                    // Keycloak's own events (e.g. "Choose user"'s user_not_found) use Keycloak's constants
                    assertThat(event.path("error").asText()).doesNotContain(MARK);
                    continue;
                }
                seen++;
                if (event.has("error")) {
                    assertThat(errors).as("error of %s", event).contains(event.path("error").asText());
                }
                for (String detail : CLOSED_DETAILS) {
                    assertThat(event.at("/details/" + detail).asText()).as("%s of %s", detail, event)
                            .doesNotContain(MARK).hasSizeLessThan(40);
                }
                assertThat(event.path("error").asText()).doesNotContain(MARK);
            }
        }
        assertThat(seen).as("the forms produced OTP Guard events").isGreaterThan(10);
    }
}
