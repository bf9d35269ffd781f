package dev.otpguard.it.contact;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.FakeSmtpServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.Events;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Update email (confirmed)", "Update phone number (confirmed)", the undo link sent to the old contact, and the
 * listener that tells the old contact about changes made any other way. Users start these actions the way an
 * application does: a sign-in request with {@code kc_action}.
 */
@ExtendWith(TestEnvironment.class)
class ContactChangeIT {

    private static final String UPDATE_EMAIL = "otp-guard-update-email";
    private static final String UPDATE_PHONE = "otp-guard-update-phone";

    private static RealmSetup setup(Env env) {
        return RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).contactListener();
    }

    private static String realm(Env env, Map<String, String> emailConfig) {
        return setup(env).requiredAction(UPDATE_EMAIL, emailConfig)
                .requiredAction(UPDATE_PHONE, Map.of("allowedCountries", "DE", "resendCooldownSeconds", "15"))
                .create(env);
    }

    private static TestUser user(Env env, String realm, String prefix, String locale) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), locale, RealmSetup.PASSWORD);
        return user;
    }

    private static Login signedIn(Env env, String realm, TestUser user) {
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(login.passwordStep(user.username()).isRedirectToApp()).isTrue();
        return login;
    }

    private static Page startAction(Env env, Login login, String action) {
        return login.browser().get(Login.authUrl(env.baseUrl(), login.realm()) + "&kc_action=" + action);
    }

    private static JsonNode stored(Env env, String realm, TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
    }

    private static Page submitEmail(Login login, Page page, String email) {
        return login.browser().submit(page, "otp-guard-email-form", Map.of("email", email));
    }

    /** Runs the whole email change for a user whose current address is verified: old code, new address, new code. */
    private static Page changeEmail(Env env, Login login, TestUser user, String newEmail) {
        Page current = startAction(env, login, UPDATE_EMAIL);
        assertThat(current.isCodePage()).as(current.text()).isTrue();
        assertThat(current.text()).contains("Confirm it is you");
        Page entry = login.enterCode(current, env.mailbox.awaitCode(user.email(), 1));
        assertThat(entry.document().getElementById("otp-guard-email-form")).as(entry.text()).isNotNull();
        Page next = submitEmail(login, entry, newEmail);
        assertThat(next.isCodePage()).as(next.text()).isTrue();
        assertThat(next.text()).contains("Confirm your new email address");
        return login.enterCode(next, env.mailbox.awaitCode(newEmail, 1));
    }

    private static void enableKeycloaksUpdateEmail(Env env, String realm) {
        String path = "/admin/realms/" + realm + "/authentication/required-actions/UPDATE_EMAIL";
        com.fasterxml.jackson.databind.node.ObjectNode action =
                (com.fasterxml.jackson.databind.node.ObjectNode) env.admin.get(path);
        action.put("enabled", true);
        HttpResponse<String> response = env.admin.put(path, action);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String linkIn(MimeMessage message) {
        return Mailbox.textOf(message).lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
    }

    private static void quietPeriod() throws InterruptedException {
        // notices leave on a worker after the request, as the first one did; a second one would follow as soon
        Thread.sleep(2000);
    }

    @Tag("smoke")
    @Test
    void anEmailChangeProvesBothAddressesAndTellsTheOldOne(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "mailchange", null);
        Login login = signedIn(env, realm, user);
        String newEmail = "new-" + user.email();

        Page done = changeEmail(env, login, user, newEmail);

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(done.url()).contains("kc_action_status=success");
        JsonNode stored = stored(env, realm, user);
        assertThat(stored.get("email").asText()).isEqualTo(newEmail);
        assertThat(stored.get("emailVerified").asBoolean()).isTrue();
        MimeMessage notice = env.mailbox.awaitMessage(user.email(), 2);
        assertThat(notice.getSubject()).contains("email address").contains("was changed");
        String text = Mailbox.textOf(notice);
        assertThat(text).contains("n***@e***.test").doesNotContain(newEmail).contains("If you did not, undo it now")
                .doesNotContain(env.mailbox.awaitCode(newEmail, 1));
        assertThat(Mailbox.textOf(env.mailbox.awaitMessage(newEmail, 1))).contains("confirm this email address");
        quietPeriod();
        assertThat(env.mailbox.messagesTo(user.email())).as("code + one notice, not two").hasSize(2);
        assertThat(env.mailbox.messagesTo(newEmail)).hasSize(1);
        List<JsonNode> events = UserEvents.of(env, realm, user.username());
        Events.of(events).assertHas(event("UPDATE_EMAIL").success().action("email_change_changed"));
        Events.of(events).assertHas(event("CUSTOM_REQUIRED_ACTION").success().action("email_change_current_confirmed"));
        assertThat(events.toString()).doesNotContain(newEmail).doesNotContain(user.email());
    }

    @Test
    void wrongAndExpiredCodesLeaveTheOldAddressInPlace(Env env) throws Exception {
        String realm = realm(env, Map.of("confirmCurrent", "false", "codeLifetimeSeconds", "10",
                "resendCooldownSeconds", "15"));
        TestUser user = user(env, realm, "mailwrong", null);
        Login login = signedIn(env, realm, user);
        String newEmail = "other-" + user.email();
        Page entry = startAction(env, login, UPDATE_EMAIL);
        Page codePage = submitEmail(login, entry, newEmail);
        String code = env.mailbox.awaitCode(newEmail, 1);

        Page wrong = login.enterCode(codePage, dev.otpguard.it.support.WrongCode.besides(code));
        assertThat(wrong.error()).startsWith("Wrong code.");
        Thread.sleep(10_500);
        Page expired = login.enterCode(wrong, code);
        assertThat(expired.error()).isEqualTo("This code has expired. Request a new code.");

        assertThat(stored(env, realm, user).get("email").asText()).isEqualTo(user.email());
        quietPeriod();
        assertThat(env.mailbox.messagesTo(user.email())).as("no notice without a change").isEmpty();
    }

    @Test
    void aStaleSignInMustBeRepeatedBeforeTheChange(Env env) throws Exception {
        String realm = realm(env, Map.of("max_auth_age", "2", "confirmCurrent", "false"));
        TestUser user = user(env, realm, "stale", null);
        Login login = signedIn(env, realm, user);
        assertThat(startAction(env, login, UPDATE_EMAIL).document().getElementById("otp-guard-email-form"))
                .as("fresh sign-in: straight to the form").isNotNull();

        Thread.sleep(3_000);
        Page again = startAction(env, login, UPDATE_EMAIL);
        assertThat(again.document().getElementById("kc-form-login")).as(again.text()).isNotNull();
        assertThat(again.document().getElementById("otp-guard-email-form")).isNull();
        Page form = login.browser().submit(again, "kc-form-login",
                Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
        assertThat(form.document().getElementById("otp-guard-email-form")).as(form.text()).isNotNull();
    }

    @Test
    void anAddressOfAnotherAccountIsRefusedWithoutNamingIt(Env env) throws Exception {
        String realm = realm(env, Map.of("confirmCurrent", "false"));
        TestUser owner = user(env, realm, "owner", null);
        TestUser user = user(env, realm, "taker", null);
        Login login = signedIn(env, realm, user);
        Page entry = startAction(env, login, UPDATE_EMAIL);

        Page refused = submitEmail(login, entry, owner.email().toUpperCase(java.util.Locale.ROOT));

        assertThat(refused.byId("input-error-email")).isEqualTo("This email address cannot be used. Enter a different one.");
        assertThat(refused.text()).doesNotContain(owner.username()).doesNotContain("exists");
        Page invalid = submitEmail(login, refused, "not an address");
        assertThat(invalid.byId("input-error-email")).isEqualTo("This is not a valid email address.");
        Page huge = submitEmail(login, invalid, "a".repeat(5000) + "@example.test");
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.byId("input-error-email")).isEqualTo("This is not a valid email address.");
        quietPeriod();
        assertThat(env.mailbox.messagesTo(owner.email())).isEmpty();
        assertThat(stored(env, realm, user).get("email").asText()).isEqualTo(user.email());
    }

    @Tag("smoke")
    @Test
    void theUndoLinkRestoresTheAddressLocksTheAccountDownAndWorksOnce(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "undo", null);
        Login login = signedIn(env, realm, user);
        Login otherDevice = signedIn(env, realm, user);
        String newEmail = "thief-" + user.email();
        assertThat(changeEmail(env, login, user, newEmail).isRedirectToApp()).isTrue();
        String link = linkIn(env.mailbox.awaitMessage(user.email(), 2));
        String userId = env.admin.userId(realm, user.username());
        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + userId + "/sessions")).isNotEmpty();

        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        assertThat(confirm.text()).contains("Undo the change of your email address to t***@e***.test");
        assertThat(stored(env, realm, user).get("email").asText()).as("a link preview changes nothing")
                .isEqualTo(newEmail);
        Page done = mailClient.get(confirm.document().selectFirst("a[href*=action-token]").absUrl("href"));

        assertThat(done.text()).contains("Your email address is " + user.email().charAt(0) + "***@e***.test again");
        JsonNode stored = stored(env, realm, user);
        assertThat(stored.get("email").asText()).isEqualTo(user.email());
        assertThat(stored.get("requiredActions").toString()).contains("UPDATE_PASSWORD");
        assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + userId + "/sessions")).isEmpty();
        assertThat(otherDevice.open().document().getElementById("kc-form-login")).as("signed out").isNotNull();

        Browser again = env.browser();
        Page reused = again.get(link);
        Page reusedConfirm = reused.document().selectFirst("a[href*=action-token]") == null ? reused
                : again.get(reused.document().selectFirst("a[href*=action-token]").absUrl("href"));
        assertThat(reusedConfirm.status()).isEqualTo(400);
        assertThat(reusedConfirm.text()).doesNotContain("Your email address is");

        String[] parts = link.split("key=")[1].split("&")[0].split("\\.");
        String forged = link.replace(parts[1], parts[1].substring(0, parts[1].length() - 3) + "AAA");
        Page tampered = env.browser().get(forged);
        assertThat(tampered.status()).isBetween(400, 499);
        assertThat(tampered.document().getElementById("otp-guard-email-form")).isNull();
    }

    @Test
    void aUsedUndoLinkSaysPlainlyThatItWasAlreadyUsed(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "reused", null);
        Login login = signedIn(env, realm, user);
        assertThat(changeEmail(env, login, user, "new-" + user.email()).isRedirectToApp()).isTrue();
        String link = linkIn(env.mailbox.awaitMessage(user.email(), 2));
        Browser mailClient = env.browser();
        String proceed = mailClient.get(link).document().selectFirst("a[href*=action-token]").absUrl("href");
        assertThat(mailClient.get(proceed).text()).contains("again");

        for (Page used : List.of(env.browser().get(link), mailClient.get(link), env.browser().get(proceed),
                mailClient.get(proceed))) {
            assertThat(used.status()).isEqualTo(400);
            assertThat(used.text()).contains("This link was already used.").doesNotContain("Undo the change");
            assertThat(used.document().selectFirst("a[href*=action-token]")).isNull();
        }
    }

    @Tag("smoke")
    @Test
    void aPhoneChangeProvesBothNumbersAndTellsTheOldOneBySmsAndEmail(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "phonechange", null);
        Login login = signedIn(env, realm, user);
        String newNumber = ChannelUnderTest.newUser("n").phone();

        Page current = startAction(env, login, UPDATE_PHONE);
        assertThat(current.isCodePage()).as(current.text()).isTrue();
        Page entry = login.enterCode(current, env.twilio.awaitCode(user.phone(), 1));
        assertThat(entry.text()).contains("Change your phone number");
        Page next = login.browser().submit(entry, "otp-guard-phone-form",
                Map.of("phone", "0151 " + newNumber.substring(6), "country", "DE"));
        assertThat(next.isCodePage()).as(next.text()).isTrue();
        assertThat(next.text()).contains("Confirm your new phone number");
        Page done = login.enterCode(next, env.twilio.awaitCode(newNumber, 1));

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        JsonNode stored = stored(env, realm, user);
        assertThat(stored.at("/attributes/phone_number/0").asText()).isEqualTo(newNumber);
        assertThat(stored.at("/attributes/phone_number_verified/0").asText()).isEqualTo("true");
        String sms = dev.otpguard.it.support.Poll.nth(() -> env.twilio.messagesTo(user.phone()), 2, "notice SMS")
                .get("Body");
        assertThat(sms).contains("was changed").contains("..." + newNumber.substring(newNumber.length() - 2))
                .doesNotContain(newNumber).contains("action-token");
        String mail = Mailbox.textOf(env.mailbox.awaitMessage(user.email(), 1));
        assertThat(mail).contains("phone number").contains("If you did not, undo it now");
        quietPeriod();
        assertThat(env.twilio.messagesTo(user.phone())).hasSize(2);
        assertThat(env.mailbox.messagesTo(user.email())).hasSize(1);
    }

    /**
     * The notice to the old number and address leaves after the change: a gateway that holds the old number's SMS
     * and a mail server that never answers cannot hold the last step. The change is done before either timeout
     * could have cut the notice off, and "old contact notified" follows as its own event once both did.
     */
    @Test
    void aStalledGatewayAndMailServerDoNotHoldAPhoneChangeItsNoticeFailsLater(Env env) throws Exception {
        Duration relayTimeout = Duration.ofSeconds(8);
        try (FakeSmtpServer relay = new FakeSmtpServer(FakeSmtpServer.Behaviour.SILENT)) {
            String realm = setup(env).smtpPort(relay.port())
                    .smtpSetting("timeout", Long.toString(relayTimeout.toMillis()))
                    .smtpSetting("connectionTimeout", Long.toString(relayTimeout.toMillis()))
                    .requiredAction(UPDATE_PHONE, Map.of("allowedCountries", "DE")).create(env);
            TestUser user = user(env, realm, "stalledchange", null);
            Login login = signedIn(env, realm, user);
            String newNumber = ChannelUnderTest.newUser("n").phone();
            Page current = startAction(env, login, UPDATE_PHONE);
            Page entry = login.enterCode(current, env.twilio.awaitCode(user.phone(), 1));
            var stall = env.twilio.stallFor(user.phone(), Duration.ofSeconds(30));
            try {
                Page next = login.browser().submit(entry, "otp-guard-phone-form",
                        Map.of("phone", "0151 " + newNumber.substring(6), "country", "DE"));
                String code = env.twilio.awaitCode(newNumber, 1);

                long started = System.nanoTime();
                Page done = login.enterCode(next, code);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
                assertThat(took).as("the change waited for the stalled gateway and mail server")
                        .isLessThan(relayTimeout);
                assertThat(stored(env, realm, user).at("/attributes/phone_number/0").asText()).isEqualTo(newNumber);
                Events.of(env, realm, user.username())
                        .assertHasNo(event("CUSTOM_REQUIRED_ACTION").action("phone_change_old_contact_notified"))
                        .assertHas(event("CUSTOM_REQUIRED_ACTION").action("phone_change_old_contact_notified")
                                .detail("reason", "failed"), relayTimeout.plusSeconds(20));
            } finally {
                env.twilio.remove(stall);
            }
        }
    }

    /**
     * The undo link of a phone change goes by email, so using it proves nothing about the old number: a number that
     * was not verified before the change comes back unverified (it used to come back verified, with no code ever
     * sent to it), and one that was verified comes back verified.
     */
    @Test
    void anUndoneChangeRestoresTheOldNumberAsProvenAsItWas(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "undophone", null);
        String userId = env.admin.userId(realm, user.username());
        com.fasterxml.jackson.databind.node.ObjectNode representation =
                (com.fasterxml.jackson.databind.node.ObjectNode) env.admin.get("/admin/realms/" + realm + "/users/"
                        + userId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) representation.get("attributes"))
                .putArray("phone_number_verified").add("false");
        assertThat(env.admin.put("/admin/realms/" + realm + "/users/" + userId, representation).statusCode())
                .isEqualTo(204);
        assertThat(stored(env, realm, user).at("/attributes/phone_number_verified/0").asText()).isEqualTo("false");

        Login login = signedIn(env, realm, user);
        String newNumber = ChannelUnderTest.newUser("n").phone();
        Page entry = startAction(env, login, UPDATE_PHONE);
        assertThat(entry.text()).as("no code to an unverified number first").contains("Change your phone number");
        Page next = login.browser().submit(entry, "otp-guard-phone-form",
                Map.of("phone", "0151 " + newNumber.substring(6), "country", "DE"));
        assertThat(login.enterCode(next, env.twilio.awaitCode(newNumber, 1)).isRedirectToApp()).isTrue();
        assertThat(stored(env, realm, user).at("/attributes/phone_number_verified/0").asText()).isEqualTo("true");

        String link = linkIn(env.mailbox.awaitMessage(user.email(), 1));
        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        Page done = mailClient.get(confirm.document().selectFirst("a[href*=action-token]").absUrl("href"));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        JsonNode restored = stored(env, realm, user);
        assertThat(restored.at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
        assertThat(restored.at("/attributes/phone_number_verified/0").asText())
                .as("an unproven number stays unproven").isEqualTo("false");
        assertThat(restored.get("requiredActions").toString()).contains("UPDATE_PASSWORD");
    }

    @Test
    void anUndoneChangeOfAVerifiedNumberRestoresItVerified(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "undoverified", null);
        Login login = signedIn(env, realm, user);
        String newNumber = ChannelUnderTest.newUser("n").phone();
        Page current = startAction(env, login, UPDATE_PHONE);
        Page entry = login.enterCode(current, env.twilio.awaitCode(user.phone(), 1));
        Page next = login.browser().submit(entry, "otp-guard-phone-form",
                Map.of("phone", "0151 " + newNumber.substring(6), "country", "DE"));
        assertThat(login.enterCode(next, env.twilio.awaitCode(newNumber, 1)).isRedirectToApp()).isTrue();

        String link = linkIn(env.mailbox.awaitMessage(user.email(), 1));
        Browser mailClient = env.browser();
        Page confirm = mailClient.get(link);
        mailClient.get(confirm.document().selectFirst("a[href*=action-token]").absUrl("href"));
        JsonNode restored = stored(env, realm, user);
        assertThat(restored.at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
        assertThat(restored.at("/attributes/phone_number_verified/0").asText()).isEqualTo("true");
    }

    @Test
    void phoneSetupCannotReplaceAVerifiedNumber(Env env) {
        String realm = setup(env).requiredAction(UPDATE_PHONE, Map.of("allowedCountries", "DE"))
                .phoneSetup(Map.of("allowedCountries", "DE")).create(env);
        TestUser user = user(env, realm, "bypass", null);
        Login login = signedIn(env, realm, user);

        Page page = startAction(env, login, "otp-guard-phone-setup");

        assertThat(page.isRedirectToApp()).as(page.text()).isTrue();
        assertThat(stored(env, realm, user).at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
    }

    @Tag("smoke")
    @Test
    void anAdminChangeTellsTheOldAddressOnceWithoutAnUndoLink(Env env) throws Exception {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "byadmin", "de");
        String userId = env.admin.userId(realm, user.username());
        String newEmail = "admin-set-" + user.email();

        Map<String, Object> update = new LinkedHashMap<>();
        update.put("email", newEmail);
        HttpResponse<String> response = env.admin.put("/admin/realms/" + realm + "/users/" + userId, update);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);

        MimeMessage notice = env.mailbox.awaitMessage(user.email(), 1);
        assertThat(notice.getSubject()).contains("wurde geändert");
        String text = Mailbox.textOf(notice);
        assertThat(text).contains("einer Administratorin oder einem Administrator").doesNotContain("http");
        // a second admin event for the same user must not repeat the notice
        env.admin.put("/admin/realms/" + realm + "/users/" + userId, Map.of("firstName", "Renamed"));
        quietPeriod();
        assertThat(env.mailbox.messagesTo(user.email())).hasSize(1);
        assertThat(env.mailbox.messagesTo(newEmail)).isEmpty();
    }

    @Test
    void keycloaksOwnUpdateEmailTellsTheOldAddressOnceNotTwice(Env env) throws Exception {
        // without OTP Guard's confirmed action, Keycloak's UPDATE_EMAIL is the path users have; its own events
        // carry the full addresses, so Keycloak's event logger stays off here
        String realm = setup(env).withoutEventLogging().create(env);
        enableKeycloaksUpdateEmail(env, realm);
        TestUser user = user(env, realm, "builtin", null);
        Login login = signedIn(env, realm, user);
        String newEmail = "kc-" + user.email();

        Page form = startAction(env, login, "UPDATE_EMAIL");
        Page done = login.browser().submit(form, "kc-update-email-form", Map.of("email", newEmail));

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(stored(env, realm, user).get("email").asText()).isEqualTo(newEmail);
        MimeMessage notice = env.mailbox.awaitMessage(user.email(), 1);
        assertThat(Mailbox.textOf(notice)).contains("k***@e***.test").contains("If you did not, undo it now");
        quietPeriod();
        assertThat(env.mailbox.messagesTo(user.email())).hasSize(1);
    }

    @Test
    void usersCannotEditTheEmailDirectlyOnceTheConfirmedActionIsOn(Env env) {
        String realm = realm(env, Map.of());
        TestUser user = user(env, realm, "direct", null);
        String token = env.admin.userToken(realm, user.username(), RealmSetup.PASSWORD);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", user.username());
        account.put("email", "direct-" + user.email());
        account.put("firstName", "Test");
        account.put("lastName", "User");

        HttpResponse<String> response = env.admin.asUser(token).post("/realms/" + realm + "/account", account);

        assertThat(stored(env, realm, user).get("email").asText()).as(response.body()).isEqualTo(user.email());
    }

    @Test
    void theNoticeEscapesWhatTheBrowserSent(Env env) throws Exception {
        String realm = realm(env, Map.of("confirmCurrent", "false"));
        TestUser user = user(env, realm, "escape", null);
        Login login = new Login(env.browser().userAgent("<img src=x onerror=alert(1)> Bcc: evil@example.test"),
                env.baseUrl(), realm);
        assertThat(login.passwordStep(user.username()).isRedirectToApp()).isTrue();
        String newEmail = "esc-" + user.email();
        Page codePage = submitEmail(login, startAction(env, login, UPDATE_EMAIL), newEmail);
        assertThat(login.enterCode(codePage, env.mailbox.awaitCode(newEmail, 1)).isRedirectToApp()).isTrue();

        MimeMessage notice = env.mailbox.awaitMessage(user.email(), 1);
        assertThat(Mailbox.htmlOf(notice)).doesNotContain("<img src=x");
        assertThat(notice.getHeader("Bcc")).isNull();
        assertThat(env.mailbox.messagesTo("evil@example.test")).isEmpty();
    }

    private static Page useAnother(Login login, Page codePage) {
        Page entry = login.browser().submit(codePage, "otp-guard-change-form", Map.of());
        assertThat(entry.isCodePage()).as(entry.text()).isFalse();
        return entry;
    }

    private static boolean guessCounted(List<JsonNode> events) {
        return events.stream().anyMatch(e -> "wrong_code".equals(e.at("/details/reason").asText())
                || "attempts_exhausted".equals(e.at("/details/reason").asText()));
    }

    @Test
    void aDifferentAddressInsideTheCooldownIsNotNamedAsWhereTheCodeWent(Env env) throws Exception {
        String realm = realm(env, Map.of("confirmCurrent", "false", "resendCooldownSeconds", "60"));
        TestUser user = user(env, realm, "cooladdr", null);
        Login login = signedIn(env, realm, user);
        String first = "first-" + user.email();
        String second = "second-" + user.email();
        Page firstPage = submitEmail(login, startAction(env, login, UPDATE_EMAIL), first);
        String firstCode = env.mailbox.awaitCode(first, 1);

        Page secondPage = submitEmail(login, useAnother(login, firstPage), second);

        assertThat(secondPage.isCodePage()).as(secondPage.text()).isTrue();
        assertThat(secondPage.byId("otp-guard-destination"))
                .isEqualTo("No code has been sent to s***@e***.test yet. The last code went to f***@e***.test.");
        assertThat(secondPage.error()).matches("Please wait \\d+ seconds before requesting a new code\\.");
        Page oldCode = login.enterCode(secondPage, firstCode);
        assertThat(oldCode.error()).isEqualTo("There is no valid code for this sign-in. Request a new code.");
        assertThat(oldCode.isRedirectToApp()).isFalse();
        assertThat(guessCounted(UserEvents.of(env, realm, user.username()))).as("not a guess").isFalse();
        assertThat(stored(env, realm, user).get("email").asText()).isEqualTo(user.email());
        quietPeriod();
        assertThat(env.mailbox.messagesTo(second)).isEmpty();
    }

    @Test
    void aDifferentNumberInsideTheCooldownIsNotNamedAsWhereTheCodeWent(Env env) throws Exception {
        String realm = setup(env).requiredAction(UPDATE_PHONE, Map.of("allowedCountries", "DE",
                "resendCooldownSeconds", "60", "confirmCurrent", "false")).create(env);
        TestUser user = user(env, realm, "coolnum", null);
        Login login = signedIn(env, realm, user);
        String first = ChannelUnderTest.newUser("n1").phone();
        String second = first.substring(0, first.length() - 3) + (first.charAt(first.length() - 3) == '9' ? '0'
                : (char) (first.charAt(first.length() - 3) + 1)) + first.substring(first.length() - 2);
        Page firstPage = login.browser().submit(startAction(env, login, UPDATE_PHONE), "otp-guard-phone-form",
                Map.of("phone", first, "country", "DE"));
        String firstCode = env.twilio.awaitCode(first, 1);

        Page secondPage = login.browser().submit(useAnother(login, firstPage), "otp-guard-phone-form",
                Map.of("phone", second, "country", "DE"));

        assertThat(secondPage.isCodePage()).as(secondPage.text()).isTrue();
        String line = secondPage.byId("otp-guard-destination");
        assertThat(line).startsWith("No code has been sent by SMS to the number ending in …").contains("yet")
                .doesNotContain("We sent");
        // the two numbers end alike: the page shows enough digits to tell them apart
        assertThat(line).contains("…" + second.substring(second.length() - 3))
                .contains("…" + first.substring(first.length() - 3));
        Page oldCode = login.enterCode(secondPage, firstCode);
        assertThat(oldCode.error()).isEqualTo("There is no valid code for this sign-in. Request a new code.");
        assertThat(guessCounted(UserEvents.of(env, realm, user.username()))).as("not a guess").isFalse();
        assertThat(stored(env, realm, user).at("/attributes/phone_number/0").asText()).isEqualTo(user.phone());
        quietPeriod();
        assertThat(env.twilio.messagesTo(second)).isEmpty();
    }

    @Test
    void aChangeNoticeTellsTwoAlikeAddressesApart(Env env) throws Exception {
        String realm = realm(env, Map.of("confirmCurrent", "false"));
        String name = ChannelUnderTest.newUser("alike").username();
        String oldEmail = "olga-" + name + "@post.test";
        String newEmail = "otto-" + name + "@pier.test";
        env.admin.createUser(realm, name, oldEmail, null, null, RealmSetup.PASSWORD);
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(login.passwordStep(name).isRedirectToApp()).isTrue();
        Page codePage = submitEmail(login, startAction(env, login, UPDATE_EMAIL), newEmail);
        assertThat(login.enterCode(codePage, env.mailbox.awaitCode(newEmail, 1)).isRedirectToApp()).isTrue();

        String text = Mailbox.textOf(env.mailbox.awaitMessage(oldEmail, 1));

        java.util.regex.Matcher change = java.util.regex.Pattern.compile("changed from (\\S+) to (\\S+)\\.")
                .matcher(text);
        assertThat(change.find()).as(text).isTrue();
        assertThat(change.group(1)).isNotEqualTo(change.group(2)).startsWith("o").endsWith("@p***.test");
        assertThat(change.group(2)).startsWith("o").endsWith("@p***.test");
        assertThat(text).doesNotContain(oldEmail).doesNotContain(newEmail);
    }

    @Test
    void theEmailPageOfAUserWithoutAnAddressPromisesNoNoticeToIt(Env env) {
        String realm = realm(env, Map.of());
        String name = ChannelUnderTest.newUser("noaddr").username();
        env.admin.createUser(realm, name, null, null, null, RealmSetup.PASSWORD);
        Login login = new Login(env.browser(), env.baseUrl(), realm);
        assertThat(login.passwordStep(name).isRedirectToApp()).isTrue();

        Page entry = startAction(env, login, UPDATE_EMAIL);

        assertThat(entry.document().getElementById("otp-guard-email-form")).as(entry.text()).isNotNull();
        assertThat(entry.text()).doesNotContain("current address").contains("Enter your email address");
    }

    @Test
    void thePhonePageOfAUserWithoutANumberPromisesNoNoticeToIt(Env env) {
        String realm = realm(env, Map.of());
        TestUser user = ChannelUnderTest.newUser("nonum");
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        Login login = signedIn(env, realm, user);

        Page entry = startAction(env, login, UPDATE_PHONE);

        assertThat(entry.document().getElementById("otp-guard-phone-form")).as(entry.text()).isNotNull();
        assertThat(entry.text()).doesNotContain("current number").contains("Change your phone number");
    }
}
