package dev.otpguard.it.reset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.WrongCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, pattern 1: an attacker who can start a password reset for any account, and holds the codes of his own
 * account, must not reach Keycloak's "Update password" page for someone else's account. Each test takes one way
 * around the code step (a later execution, an earlier form, a swapped username, a second tab, an action token or
 * {@code kc_action}) and checks the three things that matter: no new-password form for the victim, the victim's
 * old password still signs in, and no server error on the way.
 */
@ExtendWith(TestEnvironment.class)
class ResetBypassIT {

    private static final String FLOW = "otp-reset";
    private static final String ATTACKER_PASSWORD = "Attacker-pass-9";

    /** One realm per test with the reset flow of the README, the attacker's account A and the victim's B. */
    private record Scene(Env env, String realm, ChannelUnderTest channel, TestUser attacker, TestUser victim) {

        PasswordReset reset(Browser browser) {
            return new PasswordReset(browser, env.baseUrl(), realm);
        }

        String codeFor(TestUser user, int n) {
            return channel.awaitCode(env, user, n);
        }
    }

    private static Scene scene(Env env, ChannelUnderTest channel) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode(channel.stepId())
                .resetConfig("resendCooldownSeconds", "1").create(env);
        TestUser attacker = ChannelUnderTest.newUser("mallory");
        TestUser victim = ChannelUnderTest.newUser("victim");
        for (TestUser user : List.of(attacker, victim)) {
            env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        }
        return new Scene(env, realm, channel, attacker, victim);
    }

    /** The executions of the reset flow, in order, as the admin API lists them. */
    private static List<JsonNode> executions(Scene s) {
        List<JsonNode> list = new ArrayList<>();
        s.env().admin.get("/admin/realms/" + s.realm() + "/authentication/flows/" + FLOW + "/executions")
                .forEach(list::add);
        return list;
    }

    private static String executionId(Scene s, String providerId) {
        return executions(s).stream().filter(e -> providerId.equals(e.path("providerId").asText()))
                .map(e -> e.path("id").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no execution " + providerId + " in " + executions(s)));
    }

    private static String withQuery(String url, String name, String value) {
        String cleaned = url.replaceAll("([?&])" + name + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return cleaned + (cleaned.contains("?") ? "&" : "?") + name + "=" + value;
    }

    private static String query(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String formAction(Page page, String formId) {
        Element form = page.document().getElementById(formId);
        assertThat(form).as("form #" + formId + " on " + page.text()).isNotNull();
        return form.absUrl("action");
    }

    /**
     * A page the victim's reset must never turn into "Update password" (Keycloak's form names no account, so
     * where a page could belong to either account, {@link #attempt} judges by the outcome instead).
     */
    private static void noPasswordPage(Page page, String step) {
        assertThat(page.status()).as(step + ": status of " + page.text()).isLessThan(500);
        assertThat(PasswordReset.isNewPasswordPage(page)).as(step + ": " + page.text()).isFalse();
    }

    /**
     * What an attacker does with a page that might be his own account's: if it asks for a new password, he sets
     * one. The test's final check, that the victim's old password still signs in, tells whose reset it was.
     */
    private static void attempt(PasswordReset reset, Page page, String step) {
        assertThat(page.status()).as(step + ": status of " + page.text()).isLessThan(500);
        if (PasswordReset.isNewPasswordPage(page)) {
            assertThat(reset.choosePassword(page, ATTACKER_PASSWORD).status()).as(step).isLessThan(500);
        }
    }

    private static boolean passwordWorks(Scene s, TestUser user, String password) {
        Browser browser = s.env().browser();
        Page loginPage = new Login(browser, s.env().baseUrl(), s.realm()).open();
        return browser.submit(loginPage, "kc-form-login", Map.of("username", user.username(), "password", password))
                .isRedirectToApp();
    }

    private static void victimUntouched(Scene s) {
        assertThat(passwordWorks(s, s.victim(), RealmSetup.PASSWORD)).as("the victim's old password still works")
                .isTrue();
        assertThat(passwordWorks(s, s.victim(), ATTACKER_PASSWORD)).isFalse();
    }

    /** Starts a reset for the victim in this browser and returns the code page (the victim's code never seen). */
    private static Page victimCodePage(Scene s, PasswordReset reset) {
        Page codePage = reset.start(s.victim().username());
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        s.codeFor(s.victim(), 1);
        return codePage;
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void postingTheCodeFormToALaterExecutionDoesNotSkipTheCode(ChannelUnderTest channel, Env env) {
        Scene s = scene(env, channel);
        Browser browser = env.browser();
        PasswordReset reset = s.reset(browser);
        Page codePage = victimCodePage(s, reset);
        String action = formAction(codePage, "otp-guard-code-form");
        String codeStep = query(action, "execution");
        String later = executionId(s, "reset-password");
        assertThat(codeStep).isEqualTo(executionId(s, channel.stepId()));

        List<Page> answers = new ArrayList<>();
        for (String execution : List.of(later, "", "not-an-execution")) {
            answers.add(browser.post(withQuery(action, "execution", execution), Map.of("code", "000000")));
            answers.add(browser.post(withQuery(action, "execution", execution),
                    Map.of("password-new", ATTACKER_PASSWORD, "password-confirm", ATTACKER_PASSWORD)));
            answers.add(browser.get(withQuery(action, "execution", execution)));
        }
        // the switch Keycloak offers between alternatives, pointed at the password step
        answers.add(browser.post(action, Map.of("authenticationExecution", later, "code", "000000")));
        answers.add(browser.post(action.replaceAll("&?session_code=[^&]*", ""), Map.of("code", "000000")));
        Page again = new Login(browser, env.baseUrl(), s.realm()).reload(codePage);

        for (int i = 0; i < answers.size(); i++) {
            noPasswordPage(answers.get(i), "answer " + i);
        }
        assertThat(again.isCodePage()).as("the code step is still where the reset stands: " + again.text()).isTrue();
        victimUntouched(s);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void replayingTheChooseUserFormAfterTheCodePageDoesNotLetAnotherAccountsCodeIn(ChannelUnderTest channel,
                                                                                  Env env) {
        Scene s = scene(env, channel);
        Browser browser = env.browser();
        PasswordReset reset = s.reset(browser);
        Page chooser = reset.open();
        Page victimPage = browser.submit(chooser, "kc-reset-password-form", Map.of("username", s.victim().username()));
        assertThat(victimPage.isCodePage()).isTrue();
        s.codeFor(s.victim(), 1);

        Page replayed = browser.submit(chooser, "kc-reset-password-form", Map.of("username", s.attacker().username()));
        attempt(reset, replayed, "replayed choose-user");
        // if the replay was taken, the attacker's own code went out; try it wherever a code form is
        boolean attackerCodeSent = replayed.isCodePage();
        List<Page> afterCode = new ArrayList<>();
        if (attackerCodeSent) {
            String attackerCode = s.codeFor(s.attacker(), 1);
            afterCode.add(reset.enterCode(victimPage, attackerCode));
            afterCode.add(reset.enterCode(replayed, attackerCode));
        } else {
            afterCode.add(reset.enterCode(victimPage, WrongCode.besides("123456")));
        }
        for (Page page : afterCode) {
            attempt(reset, page, "code after the replay");
        }
        victimUntouched(s);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aCodeProvenForTheAttackersAccountDoesNotCarryOverToTheVictim(ChannelUnderTest channel, Env env) {
        Scene s = scene(env, channel);
        Browser browser = env.browser();
        PasswordReset reset = s.reset(browser);
        Page own = reset.start(s.attacker().username());
        Page ownPassword = reset.enterCode(own, s.codeFor(s.attacker(), 1));
        assertThat(PasswordReset.isNewPasswordPage(ownPassword)).as(ownPassword.text()).isTrue();

        List<Page> victimPages = new ArrayList<>();
        // restart in place (Keycloak's "restart login" link), then a new reset in the same browser
        Element restart = ownPassword.document().getElementById("reset-login");
        if (restart != null) {
            Page restarted = browser.get(restart.absUrl("href"));
            attempt(reset, restarted, "restart link");
            Element forgot = restarted.document() == null ? null
                    : restarted.document().selectFirst("a[href*=reset-credentials]");
            if (forgot != null) {
                Page chooser = browser.get(forgot.absUrl("href"));
                if (chooser.document().getElementById("kc-reset-password-form") != null) {
                    victimPages.add(browser.submit(chooser, "kc-reset-password-form",
                            Map.of("username", s.victim().username())));
                }
            }
        }
        victimPages.add(reset.start(s.victim().username()));
        int victimCodes = 0;
        for (Page victimPage : victimPages) {
            noPasswordPage(victimPage, "choose-user with the victim");
            assertThat(victimPage.isCodePage()).as("the victim's reset asks for the victim's code: "
                    + victimPage.text()).isTrue();
            s.codeFor(s.victim(), ++victimCodes);
            // the attacker's used code, and a fresh one of his
            Page withOldCode = reset.enterCode(victimPage, s.codeFor(s.attacker(), 1));
            noPasswordPage(withOldCode, "the attacker's used code on the victim's page");
            assertThat(withOldCode.error()).startsWith("Wrong code.");
        }
        Page secondOwn = s.reset(env.browser()).start(s.attacker().username());
        assertThat(secondOwn.isCodePage()).isTrue();
        String freshAttackerCode = s.codeFor(s.attacker(), 2);
        for (Page victimPage : victimPages) {
            Page withFresh = reset.enterCode(victimPage, freshAttackerCode);
            noPasswordPage(withFresh, "a fresh attacker code on the victim's page");
        }
        assertThat(reset.choosePassword(ownPassword, ATTACKER_PASSWORD).status()).isLessThan(500);
        victimUntouched(s);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void theAttackersCodeDoesNotPassOnAResetStartedForTheVictim(ChannelUnderTest channel, Env env) {
        Scene s = scene(env, channel);
        Browser browser = env.browser();
        PasswordReset reset = s.reset(browser);
        Page victimPage = victimCodePage(s, reset);

        // the same tab: back to the sign-in page and "Forgot password?" again, typing his own account this time
        List<Page> ownPages = new ArrayList<>();
        Element back = victimPage.document().selectFirst("a[href*=login-actions/authenticate], #backToApplication, "
                + "a[href*='/login-actions/restart']");
        if (back != null) {
            Page loginPage = browser.get(back.absUrl("href"));
            attempt(reset, loginPage, "back to sign-in");
            Element forgot = loginPage.document() == null ? null
                    : loginPage.document().selectFirst("a[href*=reset-credentials]");
            if (forgot != null) {
                Page next = browser.get(forgot.absUrl("href"));
                attempt(reset, next, "forgot password again");
                if (next.document() != null && next.document().getElementById("kc-reset-password-form") != null) {
                    ownPages.add(browser.submit(next, "kc-reset-password-form",
                            Map.of("username", s.attacker().username())));
                } else if (next.isCodePage()) {
                    ownPages.add(next);
                }
            }
        }
        // a second tab of the same browser
        ownPages.add(reset.start(s.attacker().username()));
        int attackerCodes = 0;
        for (Page own : ownPages) {
            attempt(reset, own, "the attacker's reset");
            if (!own.isCodePage()) {
                continue;
            }
            String attackerCode = s.codeFor(s.attacker(), ++attackerCodes);
            Page onVictim = reset.enterCode(victimPage, attackerCode);
            attempt(reset, onVictim, "the attacker's code on the victim's first page");
        }
        assertThat(attackerCodes).as("at least one reset for the attacker's account was started").isPositive();
        victimUntouched(s);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aCodeOfTheFirstTabDoesNotOpenAnotherAccountInTheSecond(ChannelUnderTest channel, Env env) {
        Scene s = scene(env, channel);
        Browser browser = env.browser();
        PasswordReset reset = s.reset(browser);
        Page tab1 = reset.start(s.attacker().username());
        String tab1Code = s.codeFor(s.attacker(), 1);
        Page tab2 = reset.start(s.victim().username());
        s.codeFor(s.victim(), 1);
        String tab1Id = query(formAction(tab1, "otp-guard-code-form"), "tab_id");
        String tab2Id = query(formAction(tab2, "otp-guard-code-form"), "tab_id");
        assertThat(tab1Id).isNotNull().isNotEqualTo(tab2Id);

        Page tab2WithTab1Code = reset.enterCode(tab2, tab1Code);
        noPasswordPage(tab2WithTab1Code, "tab 1's code in tab 2");
        assertThat(tab2WithTab1Code.error()).startsWith("Wrong code.");
        // tab 1 finishes its own reset; tab 2 still needs the victim's code
        Page tab1Password = reset.enterCode(tab1, tab1Code);
        assertThat(PasswordReset.isNewPasswordPage(tab1Password)).isTrue();
        Page tab2Again = new Login(browser, env.baseUrl(), s.realm()).reload(tab2WithTab1Code);
        noPasswordPage(tab2Again, "tab 2 after tab 1 proved its code");
        Page done = reset.choosePassword(tab1Password, ATTACKER_PASSWORD);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        Page tab2AfterDone = new Login(browser, env.baseUrl(), s.realm()).reload(tab2Again);
        noPasswordPage(tab2AfterDone, "tab 2 after tab 1 finished");
        if (tab2AfterDone.isCodePage()) {
            Page last = reset.enterCode(tab2AfterDone, tab1Code);
            noPasswordPage(last, "tab 1's used code in tab 2");
        }
        assertThat(passwordWorks(s, s.attacker(), ATTACKER_PASSWORD)).isTrue();
        victimUntouched(s);
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void actionTokensAndKcActionDoNotSkipTheCode(ChannelUnderTest channel, Env env) {
        Scene s = scene(env, channel);
        Browser browser = env.browser();
        PasswordReset reset = s.reset(browser);
        Page codePage = victimCodePage(s, reset);
        String action = formAction(codePage, "otp-guard-code-form");
        String tabId = query(action, "tab_id");
        String base = env.baseUrl() + "/realms/" + s.realm() + "/login-actions/";
        String victimId = env.admin.userId(s.realm(), s.victim().username());
        long now = System.currentTimeMillis() / 1000;

        List<String> tokens = List.of(
                forged(Map.of("alg", "HS512", "typ", "JWT"), victimId, "reset-credentials", now + 300, "x"),
                forged(Map.of("alg", "none", "typ", "JWT"), victimId, "reset-credentials", now + 300, ""),
                forged(Map.of("alg", "HS512", "typ", "JWT"), victimId, "reset-credentials", now - 300, "x"),
                forged(Map.of("alg", "HS512", "typ", "JWT"), victimId, "execute-actions", now + 300, "x"),
                "not.a.token");
        List<Page> answers = new ArrayList<>();
        for (String token : tokens) {
            String query = "key=" + token + "&client_id=" + RealmSetup.CLIENT_ID + "&tab_id=" + tabId;
            answers.add(browser.get(base + "action-token?" + query));
            answers.add(browser.post(base + "reset-credentials?" + query, Map.of()));
        }
        answers.add(browser.get(base + "required-action?execution=UPDATE_PASSWORD&client_id=" + RealmSetup.CLIENT_ID
                + "&tab_id=" + tabId));
        answers.add(browser.post(base + "required-action?execution=UPDATE_PASSWORD&client_id=" + RealmSetup.CLIENT_ID
                + "&tab_id=" + tabId, Map.of("password-new", ATTACKER_PASSWORD, "password-confirm", ATTACKER_PASSWORD)));
        answers.add(browser.get(Login.authUrl(env.baseUrl(), s.realm()) + "&kc_action=UPDATE_PASSWORD"));
        answers.add(browser.get(Login.authUrl(env.baseUrl(), s.realm()) + "&kc_action=UPDATE_PASSWORD&login_hint="
                + s.victim().username()));
        for (int i = 0; i < answers.size(); i++) {
            Page answer = answers.get(i);
            noPasswordPage(answer, "detour " + i);
            assertThat(answer.isRedirectToApp()).as("detour " + i + " signed someone in").isFalse();
        }

        // signed in as himself in another tab, kc_action gives the attacker his own password page and nothing more
        Login attackerLogin = new Login(browser, env.baseUrl(), s.realm());
        Page signIn = browser.submit(attackerLogin.open(), "kc-form-login",
                Map.of("username", s.attacker().username(), "password", RealmSetup.PASSWORD));
        assertThat(signIn.isRedirectToApp()).as(signIn.text()).isTrue();
        Page kcAction = browser.get(Login.authUrl(env.baseUrl(), s.realm()) + "&kc_action=UPDATE_PASSWORD");
        attempt(reset, kcAction, "kc_action while signed in as the attacker");
        Page victimTab = new Login(browser, env.baseUrl(), s.realm()).reload(codePage);
        noPasswordPage(victimTab, "the victim's tab after the detours");
        victimUntouched(s);
    }

    private static String forged(Map<String, String> header, String subject, String type, long exp, String sig) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        StringBuilder json = new StringBuilder("{");
        header.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
        json.setLength(json.length() - 1);
        json.append('}');
        String payload = "{\"sub\":\"" + subject + "\",\"typ\":\"" + type + "\",\"exp\":" + exp + ",\"iat\":"
                + (exp - 600) + ",\"jti\":\"forged-" + exp + "\",\"azp\":\"" + RealmSetup.CLIENT_ID + "\"}";
        return b64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(sig.getBytes(StandardCharsets.UTF_8));
    }
}
