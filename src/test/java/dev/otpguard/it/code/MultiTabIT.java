package dev.otpguard.it.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.net.URI;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, pattern 2 (checklist A4): two tabs of one browser are two logins (two tab_ids of one root
 * authentication session, one cookie jar). What one tab proves never counts for the other: finishing the code step
 * in tab A leaves tab B at its own code step, and a code sent for tab A is wrong in tab B, also after "try another
 * way" and behind the new-device condition.
 */
@ExtendWith(TestEnvironment.class)
class MultiTabIT {

    private static TestUser user(Env env, String realm) {
        TestUser user = ChannelUnderTest.newUser("tabs");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        return user;
    }

    private static String tabId(Page page, String formId) {
        Element form = page.document().getElementById(formId);
        assertThat(form).as(page.text()).isNotNull();
        for (String pair : URI.create(form.absUrl("action")).getRawQuery().split("&")) {
            if (pair.startsWith("tab_id=")) {
                return pair.substring("tab_id=".length());
            }
        }
        throw new AssertionError("no tab_id in " + form.absUrl("action"));
    }

    /** Two sign-in pages opened in one browser; checks they are two tabs of one login session. */
    private record Tabs(Login login, Page a, Page b) {

        static Tabs open(Env env, String realm) {
            Browser browser = env.browser();
            Login login = new Login(browser, env.baseUrl(), realm);
            Page a = login.open();
            String rootCookie = browser.cookies().get("AUTH_SESSION_ID");
            Page b = login.open();
            assertThat(tabId(a, "kc-form-login")).isNotEqualTo(tabId(b, "kc-form-login"));
            assertThat(browser.cookies().get("AUTH_SESSION_ID")).as("one root authentication session")
                    .isEqualTo(rootCookie);
            return new Tabs(login, a, b);
        }

        Page password(Page tab, TestUser user) {
            return login.browser().submit(tab, "kc-form-login",
                    Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void finishingTheCodeInOneTabDoesNotLetTheOtherSkipIt(ChannelUnderTest channel, Env env) {
        String realm = RealmSetup.realm(env).step(channel.stepId()).create(env);
        TestUser user = user(env, realm);
        Tabs tabs = Tabs.open(env, realm);

        Page codeA = tabs.password(tabs.a(), user);
        assertThat(codeA.isCodePage()).as(codeA.text()).isTrue();
        assertThat(tabs.login().enterCode(codeA, channel.awaitCode(env, user, 1)).isRedirectToApp()).isTrue();

        Page afterPasswordB = tabs.password(tabs.b(), user);
        assertThat(afterPasswordB.isRedirectToApp()).as("tab B skipped the code: " + afterPasswordB.url()).isFalse();
        assertThat(afterPasswordB.isCodePage()).as(afterPasswordB.text()).isTrue();
        String codeB = channel.awaitCode(env, user, 2);
        assertThat(tabs.login().enterCode(afterPasswordB, codeB).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aCodeSentForOneTabIsWrongInTheOther(ChannelUnderTest channel, Env env) {
        String realm = RealmSetup.realm(env).step(channel.stepId()).create(env);
        TestUser user = user(env, realm);
        Tabs tabs = Tabs.open(env, realm);
        Page pageA = tabs.password(tabs.a(), user);
        String codeA = channel.awaitCode(env, user, 1);
        Page pageB = tabs.password(tabs.b(), user);
        String codeB = channel.awaitCode(env, user, 2);
        assertThat(pageA.isCodePage()).isTrue();
        assertThat(pageB.isCodePage()).isTrue();
        // two random codes are equal once in a million; then the cross check says nothing, so draw again
        if (codeA.equals(codeB)) {
            return;
        }

        Page aInB = tabs.login().enterCode(pageB, codeA);
        assertThat(aInB.isRedirectToApp()).as("tab A's code signed tab B in").isFalse();
        assertThat(aInB.error()).startsWith("Wrong code.");
        Page bInA = tabs.login().enterCode(pageA, codeB);
        assertThat(bInA.isRedirectToApp()).as("tab B's code signed tab A in").isFalse();
        assertThat(bInA.error()).startsWith("Wrong code.");

        assertThat(tabs.login().enterCode(bInA, codeA).isRedirectToApp()).isTrue();
        Page usedAInB = tabs.login().enterCode(aInB, codeA);
        assertThat(usedAInB.isRedirectToApp()).as("tab A's used code signed tab B in").isFalse();
        assertThat(tabs.login().enterCode(usedAInB, codeB).isRedirectToApp()).isTrue();
    }

    private static Page tryAnotherWay(Login login, Page page, String label) {
        assertThat(page.document().getElementById("kc-select-try-another-way-form")).as(page.text()).isNotNull();
        Page choice = login.browser().submit(page, "kc-select-try-another-way-form", Map.of());
        Element option = choice.document().select("li").stream().filter(li -> li.text().contains(label))
                .findFirst().orElseThrow(() -> new AssertionError(label + " not offered: " + choice.text()));
        Page chosen = login.browser().submit(option.selectFirst("form"), Map.of());
        assertThat(chosen.isCodePage()).as(chosen.text()).isTrue();
        return chosen;
    }

    @Test
    void anotherWayInOneTabIsNotAnotherWayInTheOther(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.EMAIL_OR_SMS).create(env);
        TestUser user = user(env, realm);
        Tabs tabs = Tabs.open(env, realm);

        Page emailA = tabs.password(tabs.a(), user);
        assertThat(emailA.isCodePage()).as(emailA.text()).isTrue();
        String emailCodeA = env.mailbox.awaitCode(user.email(), 1);
        Page smsA = tryAnotherWay(tabs.login(), emailA, "SMS code");
        String smsCodeA = env.twilio.awaitCode(user.phone(), 1);

        Page firstB = tabs.password(tabs.b(), user);
        assertThat(firstB.isRedirectToApp()).isFalse();
        assertThat(firstB.isCodePage()).as(firstB.text()).isTrue();
        String emailCodeB = env.mailbox.awaitCode(user.email(), 2);
        // tab A's codes of either channel are wrong in tab B, before and after B switches to SMS too
        Page emailInB = tabs.login().enterCode(firstB, emailCodeA);
        if (!emailCodeA.equals(emailCodeB)) {
            assertThat(emailInB.isRedirectToApp()).as("tab A's email code signed tab B in").isFalse();
            assertThat(emailInB.error()).startsWith("Wrong code.");
        }
        Page smsB = tryAnotherWay(tabs.login(), emailInB.isRedirectToApp() ? firstB : emailInB, "SMS code");
        String smsCodeB = env.twilio.awaitCode(user.phone(), 2);
        if (!smsCodeA.equals(smsCodeB)) {
            Page smsInB = tabs.login().enterCode(smsB, smsCodeA);
            assertThat(smsInB.isRedirectToApp()).as("tab A's SMS code signed tab B in").isFalse();
            assertThat(smsInB.error()).startsWith("Wrong code.");
            smsB = smsInB;
        }

        assertThat(tabs.login().enterCode(smsA, smsCodeA).isRedirectToApp()).as("tab A by SMS").isTrue();
        Page reloadedB = tabs.login().reload(smsB);
        assertThat(reloadedB.isRedirectToApp()).as("tab B skipped its code after tab A finished").isFalse();
        assertThat(reloadedB.isCodePage()).as(reloadedB.text()).isTrue();
        // a fresh look at the flow offers the first alternative (email) again: tab B's own code is the one of the
        // channel its page now shows, and that code is still live
        boolean smsPage = !reloadedB.byId("otp-guard-destination").contains("@");
        Page finishedB = tabs.login().enterCode(reloadedB, smsPage ? smsCodeB : emailCodeB);
        assertThat(finishedB.isRedirectToApp()).as("tab B by its own code: " + reloadedB.text() + " -> "
                + finishedB.text()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aNewDeviceStaysNewInTheTabThatPassedThePasswordWhileItWasNew(ChannelUnderTest channel, Env env) {
        String realm = RealmSetup.realm(env).step(channel.stepId()).placement(Placement.NEW_DEVICE)
                .deviceConfig("alert", "false").create(env);
        TestUser user = user(env, realm);
        Tabs tabs = Tabs.open(env, realm);
        Page codeA = tabs.password(tabs.a(), user);
        assertThat(codeA.isCodePage()).as("a new device is asked for a code: " + codeA.text()).isTrue();
        String first = channel.awaitCode(env, user, 1);
        Page codeB = tabs.password(tabs.b(), user);
        assertThat(codeB.isCodePage()).as("tab B of the new device: " + codeB.text()).isTrue();
        String second = channel.awaitCode(env, user, 2);

        assertThat(tabs.login().enterCode(codeA, first).isRedirectToApp()).isTrue();
        assertThat(tabs.login().browser().cookies()).as("tab A made the browser a known device")
                .containsKey("OTP_GUARD_DEVICE");

        Page reloadedB = tabs.login().reload(codeB);
        assertThat(reloadedB.isRedirectToApp()).as("tab B skipped its code after tab A finished").isFalse();
        assertThat(reloadedB.isCodePage()).as(reloadedB.text()).isTrue();
        if (!first.equals(second)) {
            Page aInB = tabs.login().enterCode(reloadedB, first);
            assertThat(aInB.isRedirectToApp()).as("tab A's code signed tab B in").isFalse();
            reloadedB = aInB;
        }
        assertThat(tabs.login().enterCode(reloadedB, second).isRedirectToApp()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void aDeviceCookieEarnedInOneTabForOneAccountLeavesAnotherAccountNew(ChannelUnderTest channel, Env env) {
        String realm = RealmSetup.realm(env).step(channel.stepId()).placement(Placement.NEW_DEVICE)
                .deviceConfig("alert", "false").create(env);
        TestUser own = user(env, realm);
        TestUser other = user(env, realm);
        Tabs tabs = Tabs.open(env, realm);
        Page codeA = tabs.password(tabs.a(), own);
        assertThat(tabs.login().enterCode(codeA, channel.awaitCode(env, own, 1)).isRedirectToApp()).isTrue();
        assertThat(tabs.login().browser().cookies()).containsKey("OTP_GUARD_DEVICE");

        Page otherB = tabs.password(tabs.b(), other);
        assertThat(otherB.isRedirectToApp()).as("another account skipped its code on this browser").isFalse();
        assertThat(otherB.isCodePage()).as(otherB.text()).isTrue();
    }
}
