package dev.otpguard.it.contact;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, pattern 1, for "Update email (confirmed)" and "Update phone number (confirmed)": a code proven for one
 * new address or number never applies another, the new-contact stage cannot be reached without proving the
 * current contact, and replaying the last post after a change changes nothing more. The stored contact is the
 * judge of every test.
 */
@ExtendWith(TestEnvironment.class)
class ContactChangeBypassIT {

    /** The two confirmed contact changes, as a user meets them. */
    enum Contact {
        EMAIL("otp-guard-update-email", "otp-guard-email-form") {
            @Override
            String current(TestUser user) {
                return user.email();
            }

            @Override
            String fresh(String tag, TestUser user) {
                return tag + "-" + user.email();
            }

            @Override
            Map<String, String> fields(String value) {
                return Map.of("email", value);
            }

            @Override
            String awaitCode(Env env, String value, int n) {
                return env.mailbox.awaitCode(value, n);
            }

            @Override
            int sent(Env env, String value) {
                return env.mailbox.messagesTo(value).size();
            }

            @Override
            String stored(JsonNode user) {
                return user.path("email").asText();
            }
        },
        PHONE("otp-guard-update-phone", "otp-guard-phone-form") {
            @Override
            String current(TestUser user) {
                return user.phone();
            }

            @Override
            String fresh(String tag, TestUser user) {
                return ChannelUnderTest.newUser(tag).phone();
            }

            @Override
            Map<String, String> fields(String value) {
                return Map.of("phone", "0151 " + value.substring(6), "country", "DE");
            }

            @Override
            String awaitCode(Env env, String value, int n) {
                return env.twilio.awaitCode(value, n);
            }

            @Override
            int sent(Env env, String value) {
                return env.twilio.messagesTo(value).size();
            }

            @Override
            String stored(JsonNode user) {
                return user.at("/attributes/phone_number/0").asText();
            }
        };

        final String action;
        final String formId;

        Contact(String action, String formId) {
            this.action = action;
            this.formId = formId;
        }

        abstract String current(TestUser user);

        abstract String fresh(String tag, TestUser user);

        abstract Map<String, String> fields(String value);

        abstract String awaitCode(Env env, String value, int n);

        abstract int sent(Env env, String value);

        abstract String stored(JsonNode user);
    }

    private record Scene(Env env, String realm, Contact contact, TestUser user, Login login) {

        JsonNode stored() {
            return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
        }

        String storedContact() {
            return contact.stored(stored());
        }

        Page start() {
            return login.browser().get(Login.authUrl(env.baseUrl(), realm) + "&kc_action=" + contact.action);
        }

        Page enterNew(Page entry, String value) {
            return login.browser().submit(entry, contact.formId, contact.fields(value));
        }

        /** Posts to the form's address whatever fields a hostile client chooses, hidden inputs included. */
        Page post(Page page, String formId, Map<String, String> fields) {
            return login.browser().submit(page, formId, fields);
        }
    }

    private static Scene scene(Env env, Contact contact) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).contactListener()
                .requiredAction("otp-guard-update-email", Map.of("resendCooldownSeconds", "1"))
                .requiredAction("otp-guard-update-phone", Map.of("allowedCountries", "DE", "resendCooldownSeconds", "1"))
                .create(env);
        TestUser user = ChannelUnderTest.newUser("bypass");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(login.passwordStep(user.username()).isRedirectToApp()).isTrue();
        return new Scene(env, realm, contact, user, login);
    }

    /** The current contact proven; returns the page asking for the new one. */
    private static Page entryPage(Scene s) {
        Page current = s.start();
        assertThat(current.isCodePage()).as(current.text()).isTrue();
        Page entry = s.login().enterCode(current, s.contact().awaitCode(s.env(), s.contact().current(s.user()), 1));
        assertThat(entry.document().getElementById(s.contact().formId)).as(entry.text()).isNotNull();
        return entry;
    }

    private static Map<String, String> plus(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(1200);
    }

    @ParameterizedTest
    @EnumSource(Contact.class)
    void aCodeForOneNewContactDoesNotApplyAnother(Contact contact, Env env) throws Exception {
        Scene s = scene(env, contact);
        String original = contact.current(s.user());
        String x = contact.fresh("x", s.user());
        String y = contact.fresh("y", s.user());
        Page entry = entryPage(s);
        Page xCodePage = s.enterNew(entry, x);
        assertThat(xCodePage.isCodePage()).as(xCodePage.text()).isTrue();
        String xCode = contact.awaitCode(env, x, 1);

        // X's code posted together with Y, on X's code form and on the old entry form
        Page swapped = s.post(xCodePage, "otp-guard-code-form", plus(contact.fields(y), Map.of("code", xCode)));
        assertThat(swapped.isRedirectToApp()).as(swapped.text()).isFalse();
        assertThat(swapped.status()).isLessThan(500);
        assertThat(s.storedContact()).isEqualTo(original);
        Page swappedOnEntry = s.post(entry, contact.formId, plus(contact.fields(y), Map.of("code", xCode)));
        assertThat(swappedOnEntry.isRedirectToApp()).as(swappedOnEntry.text()).isFalse();
        assertThat(s.storedContact()).isEqualTo(original);
        // whatever page is current now is Y's, and inside the cooldown no code has gone to Y yet: X's code is
        // bound to X, so it is "no valid code" there (and not counted as a guess, issue 15 8a)
        Page current = s.login().reload(swappedOnEntry);
        assertThat(current.isCodePage()).as(current.text()).isTrue();
        Page xOnY = s.login().enterCode(current, xCode);
        assertThat(xOnY.isRedirectToApp()).as(xOnY.text()).isFalse();
        assertThat(xOnY.error()).startsWith("There is no valid code");
        assertThat(s.storedContact()).isEqualTo(original);

        // Y's own (latest) code is the only one that changes the contact, and to Y
        Thread.sleep(2100);
        Page resent = s.login().resend(xOnY);
        assertThat(resent.info()).as(resent.text()).isNotEmpty();
        settle();
        Page done = s.login().enterCode(resent, contact.awaitCode(env, y, contact.sent(env, y)));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(s.storedContact()).isEqualTo(y);
    }

    @ParameterizedTest
    @EnumSource(Contact.class)
    void switchingTheNewContactAfterTheCodeWasSentKillsThatCode(Contact contact, Env env) throws Exception {
        Scene s = scene(env, contact);
        String original = contact.current(s.user());
        String x = contact.fresh("x", s.user());
        String y = contact.fresh("y", s.user());
        Page xCodePage = s.enterNew(entryPage(s), x);
        String xCode = contact.awaitCode(env, x, 1);

        Page again = s.post(xCodePage, "otp-guard-change-form", Map.of());
        assertThat(again.document().getElementById(contact.formId)).as(again.text()).isNotNull();
        Thread.sleep(1100);
        Page yCodePage = s.enterNew(again, y);
        assertThat(yCodePage.isCodePage()).as(yCodePage.text()).isTrue();
        Page xOnY = s.login().enterCode(yCodePage, xCode);
        assertThat(xOnY.isRedirectToApp()).as(xOnY.text()).isFalse();
        assertThat(xOnY.error()).startsWith("Wrong code.");
        // the code form and the change button posted together, with X's code: still nothing changes
        Page both = s.post(xOnY, "otp-guard-code-form", Map.of("code", xCode, "change", "true"));
        assertThat(both.isRedirectToApp()).as(both.text()).isFalse();
        Page entryAgain = both.document().getElementById(contact.formId) != null ? both
                : s.post(both, "otp-guard-change-form", Map.of());
        // back to X once the (doubled) cooldown has passed: a new code goes to X and the one sent before is dead
        Thread.sleep(2200);
        Page xAgain = s.enterNew(entryAgain, x);
        assertThat(xAgain.isCodePage()).as(xAgain.text()).isTrue();
        contact.awaitCode(env, x, 2);
        Page oldX = s.login().enterCode(xAgain, xCode);
        assertThat(oldX.isRedirectToApp()).as("X's code from before the switch: " + oldX.text()).isFalse();
        assertThat(s.storedContact()).isEqualTo(original);
        assertThat(s.storedContact()).isNotEqualTo(y);
    }

    @ParameterizedTest
    @EnumSource(Contact.class)
    void theNewContactStageNeedsTheCurrentContactProvenFirst(Contact contact, Env env) throws Exception {
        Scene s = scene(env, contact);
        String original = contact.current(s.user());
        String x = contact.fresh("x", s.user());
        Page current = s.start();
        assertThat(current.isCodePage()).as(current.text()).isTrue();
        assertThat(current.document().getElementById(contact.formId)).isNull();

        List<Map<String, String>> posts = List.of(contact.fields(x), plus(contact.fields(x), Map.of("code", "")),
                plus(contact.fields(x), Map.of("code", "000000")), Map.of("change", "true"),
                plus(contact.fields(x), Map.of("change", "true")));
        Page page = current;
        for (Map<String, String> fields : posts) {
            page = s.post(current, "otp-guard-code-form", fields);
            assertThat(page.status()).isLessThan(500);
            assertThat(page.isRedirectToApp()).as(page.text()).isFalse();
            assertThat(page.document().getElementById(contact.formId)).as("the new-contact form: " + page.text())
                    .isNull();
            assertThat(page.isCodePage()).as(page.text()).isTrue();
        }
        settle();
        assertThat(contact.sent(env, x)).as("nothing goes to a new contact before the current one is proven")
                .isZero();
        assertThat(s.storedContact()).isEqualTo(original);
        // the real code of the current contact still works afterwards, once
        Page entry = s.login().enterCode(page, contact.awaitCode(env, original, 1));
        assertThat(entry.document().getElementById(contact.formId)).as(entry.text()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Contact.class)
    void replayingTheFinalPostChangesNothingMore(Contact contact, Env env) throws Exception {
        Scene s = scene(env, contact);
        String x = contact.fresh("x", s.user());
        String y = contact.fresh("y", s.user());
        Page xCodePage = s.enterNew(entryPage(s), x);
        String xCode = contact.awaitCode(env, x, 1);
        Page done = s.login().enterCode(xCodePage, xCode);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(s.storedContact()).isEqualTo(x);
        int changesBefore = changeEvents(s);

        List<Page> replays = List.of(
                s.login().enterCode(xCodePage, xCode),
                s.post(xCodePage, "otp-guard-code-form", plus(contact.fields(y), Map.of("code", xCode))),
                s.login().browser().post(xCodePage.document().getElementById("otp-guard-code-form").absUrl("action"),
                        Map.of("code", xCode)));
        for (Page replay : replays) {
            assertThat(replay.status()).as(replay.text()).isLessThan(500);
        }
        settle();
        assertThat(s.storedContact()).isEqualTo(x);
        assertThat(changeEvents(s)).as("one change, not two").isEqualTo(changesBefore);
        assertThat(contact.sent(env, y)).as("nothing sent to Y").isZero();
    }

    private static int changeEvents(Scene s) {
        int n = 0;
        for (JsonNode event : s.env().admin.get("/admin/realms/" + s.realm() + "/events?max=500")) {
            String action = event.at("/details/otp_guard_action").asText();
            if (action.endsWith("_change_changed")) {
                n++;
            }
        }
        return n;
    }
}
