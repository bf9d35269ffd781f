package dev.otpguard.it.code;

import static dev.otpguard.it.support.EventMatch.event;
import static dev.otpguard.it.support.WrongCode.besides;
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
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guessing across every place a code is checked, and the other side of it: posts that guess nothing (resends,
 * duplicates, stale pages, malformed input) are never answered or reported as a lockout. Bursts are sent the way
 * a script or a double-clicking user sends them: many posts of one page through one cookie jar, released at once.
 * Every burst's answers are written to {@code target/brute-force-surface.txt}.
 */
@ExtendWith(TestEnvironment.class)
class BruteForceSurfaceIT {

    private static final String LOCKED = "Too many failed attempts. Please try again later.";
    private static final String EXHAUSTED = "Too many wrong entries: this code no longer works. Request a new code.";
    private static final String MALFORMED = "Enter the 6-digit code using digits only.";
    private static final int BURST = 20;
    private static final int MAX_ATTEMPTS = 5;

    private static Login create(Env env, RealmSetup setup, TestUser user) {
        setup.user(user.username(), user.email(), null, user.phone());
        return new Login(env, setup.create(env));
    }

    // ---- posts that guess nothing are never a lockout (issue 15, item 8b)

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void twentyResendsAtOnceAreNeverAnsweredOrReportedAsALockout(ChannelUnderTest channel, Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("resends");
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId()).bruteForceWithQuickLoginCheck()
                .config("resendCooldownSeconds", "1"), user);
        Page page = login.passwordStep(user.username());
        channel.awaitCode(env, user, 1);
        Thread.sleep(1100);

        List<Page> answers = allAtOnce(login.browser(), page, "otp-guard-resend-form", repeat(Map.of(), BURST));
        String userId = env.admin.userId(login.realm(), user.username());
        Thread.sleep(500);
        JsonNode status = bruteForceStatus(env, login.realm(), userId);
        record(channel + " resends (Keycloak's status after: " + status + ")", answers);

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(describe(a)).isLessThan(500));
        assertThat(answers).noneSatisfy(a -> assertThat(a.text()).contains(LOCKED));
        assertThat(status.path("numFailures").asInt()).as(status.toString()).isZero();
        assertThat(status.path("disabled").asBoolean()).as(status.toString()).isFalse();
        assertThat(UserEvents.of(env, login.realm(), user.username()))
                .noneSatisfy(e -> assertThat(e.path("error").asText()).isIn("user_temporarily_disabled",
                        "brute_force_lockout", "invalid_user_credentials"));

        // the login survived the burst: its newest code completes it
        Page again = login.reload(page);
        assertThat(again.isCodePage()).as(describe(again)).isTrue();
        int sent = channel.sent(env, user);
        assertThat(login.enterCode(again, channel.awaitCode(env, user, sent)).isRedirectToApp()).isTrue();
    }

    @Test
    void aWrongCodeThenMalformedInput90MsLaterIsAnsweredAsMalformed(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("quick");
        Login login = create(env, RealmSetup.realm(env).bruteForceWithQuickLoginCheck(), user);
        Page page = login.passwordStep(user.username());
        String code = env.mailbox.awaitCode(user.email(), 1);

        Page wrong = login.enterCode(page, besides(code));
        assertThat(wrong.error()).isEqualTo("Wrong code. 4 tries left.");
        Thread.sleep(90);
        Page malformed = login.enterCode(wrong, "abc");

        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.error()).isEqualTo(MALFORMED);
        String userId = env.admin.userId(login.realm(), user.username());
        Thread.sleep(500);
        assertThat(bruteForceStatus(env, login.realm(), userId).path("numFailures").asInt()).isEqualTo(1);
        Events.of(env, login.realm(), user.username())
                .assertHasNo(event("LOGIN_ERROR").error("user_temporarily_disabled"));
        assertThat(login.enterCode(malformed, code).isRedirectToApp()).isTrue();
    }

    @Test
    void aWrongCodeAndMalformedInputFromTheSamePage90MsApartAreNeverALockout(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("stale");
        Login login = create(env, RealmSetup.realm(env).bruteForceWithQuickLoginCheck(), user);
        Page page = login.passwordStep(user.username());
        String code = env.mailbox.awaitCode(user.email(), 1);

        // the second post comes from the page the first one already answered: stale, as a double click is
        List<Page> answers = staggered(login.browser(), page, "otp-guard-code-form",
                List.of(Map.of("code", besides(code)), Map.of("code", "abc")), 90);
        record("wrong then abc (same page)", answers);

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(describe(a)).isLessThan(500));
        assertThat(answers).noneSatisfy(a -> assertThat(a.text()).contains(LOCKED));
        assertThat(answers.get(1).error()).as(describe(answers.get(1))).isNotEqualTo(LOCKED);
        Thread.sleep(500);
        Events.of(env, login.realm(), user.username())
                .assertHasNo(event("LOGIN_ERROR").error("user_temporarily_disabled"));
        Page again = login.reload(page);
        assertThat(login.enterCode(again, code).isRedirectToApp()).isTrue();
    }

    // ---- parallel guesses are each counted (no lost updates)

    @ParameterizedTest
    @EnumSource(ChannelUnderTest.class)
    void twentyWrongGuessesAtOnceGetAtMostFiveChecks(ChannelUnderTest channel, Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("burst");
        // one wrong code more than a code has tries: guesses that were never answered must not count here either
        Login login = create(env, RealmSetup.realm(env).step(channel.stepId())
                .realmAttribute("otpGuard.failedCodesPerUserPerHour", Integer.toString(MAX_ATTEMPTS + 1)), user);
        Page page = login.passwordStep(user.username());
        String code = channel.awaitCode(env, user, 1);

        List<Page> answers = allAtOnce(login.browser(), page, "otp-guard-code-form", wrongGuesses(code));
        record(channel + " wrong guesses", answers);

        int checks = assertAtMostFiveChecks(answers);
        Thread.sleep(500);
        long checkEvents = UserEvents.of(env, login.realm(), user.username()).stream()
                .filter(e -> List.of("invalid_user_credentials", "otp_code_attempts_exhausted")
                        .contains(e.path("error").asText()))
                .count();
        assertThat(checkEvents).isEqualTo(checks);
        assertRightCodeAfterBurst(login, page, code, checks);

        // the next login is not stopped by the hourly wrong-code limit: only the answered guesses were counted
        Login next = new Login(env, login.realm());
        int nextCode = channel.sent(env, user) + 1;
        Page nextPage = next.passwordStep(user.username());
        assertThat(next.enterCode(nextPage, channel.awaitCode(env, user, nextCode)).isRedirectToApp()).isTrue();
    }

    @Test
    void twentyWrongGuessesAtOnceOnThePhoneSetupPageGetAtMostFiveChecks(Env env) throws Exception {
        PhoneSetupLogin setup = phoneSetupLogin(env, Map.of());
        String code = env.twilio.awaitCode(setup.user.phone(), 1);

        List<Page> answers = allAtOnce(setup.login.browser(), setup.codePage, "otp-guard-code-form",
                wrongGuesses(code));
        record("phone setup wrong guesses", answers);

        int checks = assertAtMostFiveChecks(answers);
        assertRightCodeAfterBurst(setup.login, setup.codePage, code, checks);
    }

    @Test
    void twentyWrongGuessesAtOnceOnTheResetPageGetAtMostFiveChecks(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser user = newUser(env, realm, "resetburst", false);
        Browser browser = env.browser();
        PasswordReset reset = new PasswordReset(browser, env.baseUrl(), realm);
        Page page = reset.start(user.username());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        String code = env.mailbox.awaitCode(user.email(), 1);

        List<Page> answers = allAtOnce(browser, page, "otp-guard-code-form", wrongGuesses(code));
        record("reset wrong guesses", answers);

        int checks = assertAtMostFiveChecks(answers);
        Page right = reset.enterCode(new Login(browser, env.baseUrl(), realm).reload(page), code);
        assertThat(PasswordReset.isNewPasswordPage(right)).as(describe(right)).isEqualTo(checks < MAX_ATTEMPTS);
    }

    @Test
    void twentyNumberEntriesAndThenTwentyResendsAtOnceOnThePhoneSetupPageNeverFailOrLock(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .phoneSetup(Map.of("allowedCountries", "DE", "resendCooldownSeconds", "1")).create(env);
        TestUser user = newUser(env, realm, "setupburst", false);
        Login login = new Login(env, realm);
        Page form = login.passwordStep(user.username());

        List<Page> entries = allAtOnce(login.browser(), form, "otp-guard-phone-form",
                repeat(Map.of("country", "DE", "phone", user.phone()), BURST));
        record("phone setup number entries", entries);
        assertThat(entries).allSatisfy(a -> assertThat(a.status()).as(describe(a)).isLessThan(500));
        Page codePage = entries.stream().filter(Page::isCodePage).findFirst()
                .orElseThrow(() -> new AssertionError("no code page among " + entries.size() + " answers"));
        env.twilio.awaitCode(user.phone(), 1);
        Thread.sleep(1100);
        assertThat(env.twilio.messagesTo(user.phone())).as("one number, typed once, gets one code").hasSize(1);

        List<Page> resends = allAtOnce(login.browser(), codePage, "otp-guard-resend-form", repeat(Map.of(), BURST));
        record("phone setup resends", resends);
        assertThat(resends).allSatisfy(a -> assertThat(a.status()).as(describe(a)).isLessThan(500));
        assertThat(resends).noneSatisfy(a -> assertThat(a.text()).contains(LOCKED));
        Thread.sleep(500);
        assertThat(UserEvents.of(env, realm, user.username()))
                .noneSatisfy(e -> assertThat(e.path("error").asText()).isIn("user_temporarily_disabled",
                        "invalid_user_credentials"));

        Page again = login.reload(codePage);
        assertThat(again.isCodePage()).as(describe(again)).isTrue();
        int sent = env.twilio.messagesTo(user.phone()).size();
        assertThat(login.enterCode(again, env.twilio.awaitCode(user.phone(), sent)).isRedirectToApp()).isTrue();
    }

    private static List<Map<String, String>> wrongGuesses(String code) {
        List<Map<String, String>> guesses = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            // twenty different wrong codes: one digit changed, at position i % 6, by 1 + i / 6
            int position = i % code.length();
            char changed = (char) ('0' + (code.charAt(position) - '0' + 1 + i / code.length()) % 10);
            guesses.add(Map.of("code", code.substring(0, position) + changed + code.substring(position + 1)));
        }
        return guesses;
    }

    /** At most five answers judged a guess, each with its own "tries left": no two guesses took the same try. */
    private static int assertAtMostFiveChecks(List<Page> answers) {
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(describe(a)).isLessThan(500));
        List<String> wrong = answers.stream().map(Page::error).filter(e -> e.startsWith("Wrong code.")).toList();
        assertThat(wrong).as("each try is counted once").doesNotHaveDuplicates();
        long exhaustedByAGuess = wrong.size() < MAX_ATTEMPTS - 1 ? 0
                : Math.min(1, answers.stream().filter(a -> a.error().equals(EXHAUSTED)).count());
        int checks = wrong.size() + (int) exhaustedByAGuess;
        assertThat(checks).isLessThanOrEqualTo(MAX_ATTEMPTS);
        assertThat(answers).allSatisfy(a -> assertThat(a.error()).as(describe(a)).satisfiesAnyOf(
                e -> assertThat(e).startsWith("Wrong code."),
                e -> assertThat(e).isEqualTo(EXHAUSTED),
                // Keycloak's own answer to a post of a page it already moved past
                e -> assertThat(a.status()).isEqualTo(200)));
        return checks;
    }

    private static void assertRightCodeAfterBurst(Login login, Page page, String code, int checks) {
        Page again = login.reload(page);
        Page right = login.enterCode(again, code);
        if (checks >= MAX_ATTEMPTS) {
            assertThat(right.isRedirectToApp()).as("every try of the code is used up").isFalse();
            assertThat(right.error()).isEqualTo(EXHAUSTED);
        } else {
            assertThat(right.isRedirectToApp()).as(describe(right)).isTrue();
        }
    }

    // ---- the per-code limit in the places the sign-in tests do not reach

    @Test
    void phoneSetupStopsAtFiveWrongCodes(Env env) {
        PhoneSetupLogin setup = phoneSetupLogin(env, Map.of());
        String code = env.twilio.awaitCode(setup.user.phone(), 1);
        assertFiveWrongCodesKillTheCode(setup.login, setup.codePage, code);
    }

    @Test
    void anEmailChangeStopsAtFiveWrongCodes(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY)
                .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false")).create(env);
        TestUser user = newUser(env, realm, "mailguess", true);
        Login login = signedIn(env, realm, user);
        Page entry = login.browser().get(Login.authUrl(env.baseUrl(), realm) + "&kc_action=otp-guard-update-email");
        String newEmail = "new-" + user.email();
        Page codePage = login.browser().submit(entry, "otp-guard-email-form", Map.of("email", newEmail));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();

        assertFiveWrongCodesKillTheCode(login, codePage, env.mailbox.awaitCode(newEmail, 1));
        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()))
                .get("email").asText()).isEqualTo(user.email());
    }

    @Test
    void aPhoneChangeStopsAtFiveWrongCodes(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY)
                .requiredAction("otp-guard-update-phone", Map.of("allowedCountries", "DE", "confirmCurrent", "false"))
                .create(env);
        TestUser user = newUser(env, realm, "phoneguess", true);
        Login login = signedIn(env, realm, user);
        Page entry = login.browser().get(Login.authUrl(env.baseUrl(), realm) + "&kc_action=otp-guard-update-phone");
        String newNumber = ChannelUnderTest.newUser("n").phone();
        Page codePage = login.browser().submit(entry, "otp-guard-phone-form",
                Map.of("phone", newNumber, "country", "DE"));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();

        assertFiveWrongCodesKillTheCode(login, codePage, env.twilio.awaitCode(newNumber, 1));
        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()))
                .at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
    }

    private static void assertFiveWrongCodesKillTheCode(Login login, Page page, String code) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            page = login.enterCode(page, besides(code));
            errors.add(page.error());
        }
        assertThat(errors).containsExactly("Wrong code. 4 tries left.", "Wrong code. 3 tries left.",
                "Wrong code. 2 tries left.", "Wrong code. 1 try left.", EXHAUSTED);
        Page right = login.enterCode(page, code);
        assertThat(right.isRedirectToApp()).isFalse();
        assertThat(right.error()).isEqualTo(EXHAUSTED);
    }

    // ---- with Keycloak's detector off, the hourly wrong-code limit still stops guessing

    @Test
    void withTheDetectorOffTheHourlyLimitStopsGuessingAtTheSmsStep(Env env) {
        TestUser user = ChannelUnderTest.newUser("hourlysms");
        Login login = create(env, RealmSetup.realm(env).step("otp-guard-sms")
                .realmAttribute("otpGuard.failedCodesPerUserPerHour", "3"), user);
        Page page = login.passwordStep(user.username());
        String code = env.twilio.awaitCode(user.phone(), 1);
        assertHourlyLimitStopsEvenTheRightCode(login, page, code);
    }

    @Test
    void withTheDetectorOffTheHourlyLimitStopsGuessingInPhoneSetup(Env env) {
        PhoneSetupLogin setup = phoneSetupLogin(env, Map.of("otpGuard.failedCodesPerUserPerHour", "3"));
        String code = env.twilio.awaitCode(setup.user.phone(), 1);
        assertHourlyLimitStopsEvenTheRightCode(setup.login, setup.codePage, code);
    }

    private static void assertHourlyLimitStopsEvenTheRightCode(Login login, Page page, String code) {
        for (int i = 0; i < 3; i++) {
            page = login.enterCode(page, besides(code));
            assertThat(page.error()).startsWith("Wrong code.");
        }
        Page right = login.enterCode(page, code);
        assertThat(right.isRedirectToApp()).isFalse();
        assertThat(right.error()).isEqualTo(LOCKED);
    }

    // ---- the account console lists only credential types the realm uses

    @Test
    void theAccountApiListsNoOtpGuardCredentialTypeInARealmWithoutDeviceSteps(Env env) {
        String realm = RealmSetup.realm(env).create(env);
        TestUser user = newUser(env, realm, "account", true);
        String token = env.admin.userToken(realm, user.username(), RealmSetup.PASSWORD);

        JsonNode types = env.admin.asUser(token).get("/realms/" + realm + "/account/credentials");

        assertThat(types.isArray()).as(types.toString()).isTrue();
        List<String> listed = new ArrayList<>();
        types.forEach(t -> listed.add(t.path("type").asText()));
        assertThat(listed).as(types.toString()).contains("password").noneMatch(t -> t.startsWith("otp-guard"));
    }

    // ---- helpers

    private record PhoneSetupLogin(TestUser user, Login login, Page codePage) {
    }

    /** A user without a phone at the SMS step of a realm that sends them to phone setup, with a number entered. */
    private static PhoneSetupLogin phoneSetupLogin(Env env, Map<String, String> realmAttributes) {
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .phoneSetup(Map.of("allowedCountries", "DE"));
        realmAttributes.forEach(setup::realmAttribute);
        String realm = setup.create(env);
        TestUser user = newUser(env, realm, "setupguess", false);
        Login login = new Login(env, realm);
        Page form = login.passwordStep(user.username());
        Page codePage = login.browser().submit(form, "otp-guard-phone-form",
                Map.of("country", "DE", "phone", user.phone()));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        return new PhoneSetupLogin(user, login, codePage);
    }

    /** A user created through the admin API (realm-imported users cannot use the account API). */
    private static TestUser newUser(Env env, String realm, String prefix, boolean withPhone) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), withPhone ? user.phone() : null, null,
                RealmSetup.PASSWORD);
        return user;
    }

    private static Login signedIn(Env env, String realm, TestUser user) {
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(login.passwordStep(user.username()).isRedirectToApp()).isTrue();
        return login;
    }

    private static List<Map<String, String>> repeat(Map<String, String> fields, int times) {
        List<Map<String, String>> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.add(fields);
        }
        return all;
    }

    /** Posts the form once per entry, all released at the same moment, through the same cookie jar. */
    private static List<Page> allAtOnce(Browser browser, Page page, String formId, List<Map<String, String>> each)
            throws Exception {
        return staggered(browser, page, formId, each, 0);
    }

    /** Like {@link #allAtOnce}, the n-th post released {@code n * gapMillis} after the first. */
    private static List<Page> staggered(Browser browser, Page page, String formId, List<Map<String, String>> each,
                                        long gapMillis) throws Exception {
        Element form = page.document().getElementById(formId);
        assertThat(form).as(page.text()).isNotNull();
        String action = form.absUrl("action");
        Map<String, String> hidden = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> hidden.put(input.attr("name"), input.attr("value")));
        ExecutorService pool = Executors.newFixedThreadPool(each.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Page>> futures = new ArrayList<>();
            for (int i = 0; i < each.size(); i++) {
                Map<String, String> values = new LinkedHashMap<>(hidden);
                values.putAll(each.get(i));
                long delay = i * gapMillis;
                futures.add(pool.submit(() -> {
                    start.await();
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    return browser.post(action, values);
                }));
            }
            start.countDown();
            List<Page> answers = new ArrayList<>();
            for (Future<Page> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode bruteForceStatus(Env env, String realm, String userId) {
        return env.admin.get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId);
    }

    private static String describe(Page page) {
        String text = page.text();
        return page.status() + " " + (text.length() > 300 ? text.substring(0, 300) : text);
    }

    /** Appends how a burst was answered (status and message, counted) to target/brute-force-surface.txt. */
    private static void record(String burst, List<Page> answers) throws IOException {
        Map<String, Long> counts = answers.stream().collect(Collectors.groupingBy(
                a -> a.status() + " " + (a.error().isEmpty() ? a.info().isEmpty() ? "(no message)" : a.info()
                        : a.error()), LinkedHashMap::new, Collectors.counting()));
        Path file = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "brute-force-surface.txt");
        Files.writeString(file, Instant.now() + " " + burst + ": " + counts + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("BURST " + burst + ": " + counts);
    }
}
