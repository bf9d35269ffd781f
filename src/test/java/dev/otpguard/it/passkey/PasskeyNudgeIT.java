package dev.otpguard.it.passkey;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Events;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * The passkey nudge (issue 19): after a sign-in with an email code, a user without a passkey is offered one. End to
 * end in Chromium with its WebDriver virtual authenticator (a platform authenticator with user verification): the
 * nudge, Keycloak's own passkey registration, and the next sign-in with the passkey, no code. "Not now" and its
 * attribute over plain HTTP.
 */
@ExtendWith(TestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeyNudgeIT {

    private static final String NUDGE = "otp-guard-passkey-nudge";
    private static final String NOT_NOW_ATTRIBUTE = "otp_guard_passkey_not_now_until";

    private Env env;
    private String realm;

    @BeforeAll
    void setUp(Env env) {
        this.env = env;
        realm = RealmSetup.realm(env).step("otp-guard-email").placement(RealmSetup.Placement.PASSKEY_OR_CODE)
                .requiredAction(NUDGE, Map.of("notNowDays", "14")).create(env);
        // the tests read and tamper with the "Not now" attribute, which the user profile does not declare
        env.admin.unmanagedAttributes(realm, "ADMIN_EDIT");
        // Keycloak's passkey registration must be on (new realms have it; the test does not rely on that)
        String path = "/admin/realms/" + realm + "/authentication/required-actions/webauthn-register-passwordless";
        ObjectNode register = (ObjectNode) env.admin.get(path);
        register.put("enabled", true);
        env.admin.put(path, register);
    }

    private JsonNode stored(TestUser user) {
        return env.admin.get("/admin/realms/" + realm + "/users/" + env.admin.userId(realm, user.username()));
    }

    private TestUser newUser(String prefix) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        return user;
    }

    /** Username, password and email code over HTTP; returns the page after the code. */
    private Page signInWithCode(Login login, TestUser user, int codeNumber) {
        Page password = login.browser().submit(login.open(), "kc-form-login", Map.of("username", user.username()));
        Page codePage = login.browser().submit(password, "kc-form-login", Map.of("password", RealmSetup.PASSWORD));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        return login.enterCode(codePage, env.mailbox.awaitCode(user.email(), codeNumber));
    }

    @Tag("smoke")
    @Test
    void aUserSetsUpAPasskeyFromTheNudgeAndSignsInWithItNextTime() {
        TestUser user = newUser("passkey");
        WebDriver driver = HeadlessChromium.start();
        try {
            VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(
                    new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true)
                            .setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
            // a wait that ends in vain says which page it was on (once in CI the first page had no username field)
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.withMessage(() -> "on " + driver.getCurrentUrl() + ": " + driver.getPageSource());

            driver.get(Login.authUrl(env.baseUrl(), realm));
            wait.until(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys(user.username());
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> !d.findElements(By.id("password")).isEmpty());
            driver.findElement(By.id("password")).sendKeys(RealmSetup.PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> !d.findElements(By.id("otp-guard-code-form")).isEmpty());
            driver.findElement(By.id("code")).sendKeys(env.mailbox.awaitCode(user.email(), 1));
            driver.findElement(By.cssSelector("#otp-guard-code-form [type=submit]")).click();

            wait.until(d -> !d.findElements(By.id("otp-guard-passkey-setup")).isEmpty());
            assertThat(driver.findElement(By.tagName("body")).getText())
                    .contains("Sign in faster and safer with a passkey");
            driver.findElement(By.id("otp-guard-passkey-setup")).click();

            // Keycloak's own passkey registration page; its script asks for a label in a prompt
            wait.until(d -> !d.findElements(By.id("registerWebAuthn")).isEmpty());
            driver.findElement(By.id("registerWebAuthn")).click();
            acceptLabelPrompt(driver, wait);
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
            assertThat(authenticator.getCredentials()).hasSize(1);
            JsonNode credentials = env.admin.get("/admin/realms/" + realm + "/users/"
                    + env.admin.userId(realm, user.username()) + "/credentials");
            assertThat(credentials.findValuesAsText("type")).contains("webauthn-passwordless");
            Events.of(env, realm, user.username()).assertHas(event("CUSTOM_REQUIRED_ACTION").success()
                    .detail("otp_guard_action", "passkey_nudge_setup"));

            // the next sign-in: the username, then the passkey; no password, no code, no nudge. Keycloak picks
            // among alternatives by the order of the user's credentials (the password is older), so the passkey is
            // one "Try another way" away
            driver.manage().deleteAllCookies();
            int mails = env.mailbox.messagesTo(user.email()).size();
            driver.get(Login.authUrl(env.baseUrl(), realm));
            driver.findElement(By.id("username")).sendKeys(user.username());
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> !d.findElements(By.id("try-another-way")).isEmpty());
            driver.findElement(By.id("try-another-way")).click();
            wait.until(d -> !d.findElements(By.id("kc-select-credential-form")).isEmpty());
            // one list item per way to sign in; the clickable row is a [role=button] in 26.7, an onclick row before
            driver.findElements(By.cssSelector(".select-auth-container li")).stream()
                    // textContent: Chromium reports the options' text as not rendered before they are scrolled to
                    .filter(option -> option.getAttribute("textContent").contains("Passkey")).findFirst()
                    .orElseThrow(() -> new AssertionError("no passkey option: " + driver.getPageSource()))
                    .findElement(By.cssSelector("[role=button], .select-auth-box-parent")).click();
            try {
                wait.until(d -> !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty());
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("no passkey page at " + driver.getCurrentUrl() + ": "
                        + driver.findElement(By.tagName("body")).getText(), e);
            }
            driver.findElement(By.id("authenticateWebAuthnButton")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
            assertThat(env.mailbox.messagesTo(user.email())).hasSize(mails);
        } finally {
            driver.quit();
        }
    }

    private static void acceptLabelPrompt(WebDriver driver, WebDriverWait wait) {
        Instant until = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(until)) {
            try {
                driver.switchTo().alert().accept();
                return;
            } catch (NoAlertPresentException e) {
                if (driver.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI)) {
                    return;
                }
                sleep(100);
            }
        }
    }

    @Test
    void notNowKeepsTheNudgeAwayForTheConfiguredDays() {
        TestUser user = newUser("notnow");
        Login login = new Login(env, realm);
        Page nudge = signInWithCode(login, user, 1);
        assertThat(nudge.document().getElementById("otp-guard-passkey-form")).as(nudge.text()).isNotNull();
        Instant before = Instant.now();
        Page done = login.browser().submit(nudge, "otp-guard-passkey-form", Map.of("notNow", "1"));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();

        long until = Long.parseLong(stored(user).at("/attributes/" + NOT_NOW_ATTRIBUTE + "/0").asText());
        assertThat(until).isBetween(before.plus(Duration.ofDays(14)).getEpochSecond() - 5,
                Instant.now().plus(Duration.ofDays(14)).getEpochSecond() + 5);
        Events.of(env, realm, user.username()).assertHas(event("CUSTOM_REQUIRED_ACTION").success()
                .detail("otp_guard_action", "passkey_nudge_not_now"));
        // not for the user: nothing in the user's required actions
        assertThat(stored(user).path("requiredActions").toString()).doesNotContain(NUDGE);

        Login next = new Login(env, realm);
        assertThat(signInWithCode(next, user, 2).isRedirectToApp()).isTrue();
    }

    @Test
    void aTamperedOrPastNotNowDoesNotSilenceTheNudge() {
        TestUser user = newUser("tamper");
        int code = 0;
        String farFuture = Long.toString(Instant.now().plus(Duration.ofDays(4000)).getEpochSecond());
        String past = Long.toString(Instant.now().minusSeconds(60).getEpochSecond());
        for (String value : new String[] {farFuture, past, "soon", "-5", "١٧٠٠٠٠٠٠٠٠", "9".repeat(40), ""}) {
            ObjectNode rep = (ObjectNode) stored(user);
            ObjectNode attributes = rep.has("attributes") ? (ObjectNode) rep.get("attributes")
                    : rep.putObject("attributes");
            attributes.putArray(NOT_NOW_ATTRIBUTE).add(value);
            env.admin.put("/admin/realms/" + realm + "/users/" + rep.get("id").asText(), rep);
            // the value reached the user (an empty one removes the attribute)
            assertThat(stored(user).at("/attributes/" + NOT_NOW_ATTRIBUTE + "/0").asText()).isEqualTo(value);
            Login login = new Login(env, realm);
            Page page = signInWithCode(login, user, ++code);
            assertThat(page.document().getElementById("otp-guard-passkey-form")).as(value + ": " + page.text())
                    .isNotNull();
        }
        // the control: a value "Not now" could have written keeps it away, so the writes above did reach the user
        ObjectNode rep = (ObjectNode) stored(user);
        (rep.has("attributes") ? (ObjectNode) rep.get("attributes") : rep.putObject("attributes"))
                .putArray(NOT_NOW_ATTRIBUTE)
                .add(Long.toString(Instant.now().plus(Duration.ofDays(1)).getEpochSecond()));
        env.admin.put("/admin/realms/" + realm + "/users/" + rep.get("id").asText(), rep);
        assertThat(signInWithCode(new Login(env, realm), user, ++code).isRedirectToApp()).isTrue();
    }

    @Test
    void aPostWithNeitherButtonStoresNothingAndShowsThePageAgain() {
        TestUser user = newUser("forged");
        Login login = new Login(env, realm);
        Page nudge = signInWithCode(login, user, 1);
        Page again = login.browser().submit(nudge, "otp-guard-passkey-form", Map.of("notNowDays", "9999"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.document().getElementById("otp-guard-passkey-form")).isNotNull();
        assertThat(stored(user).at("/attributes/" + NOT_NOW_ATTRIBUTE).isMissingNode()).isTrue();
        assertThat(login.browser().submit(again, "otp-guard-passkey-form", Map.of("notNow", "1")).isRedirectToApp())
                .isTrue();
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheOption() {
        HttpCheck.refusedConfig(env, realm, NUDGE, Map.of("notNowDays", "0"), "notNowDays");
        HttpCheck.refusedConfig(env, realm, NUDGE, Map.of("notNowDays", "366"), "notNowDays");
        HttpCheck.refusedConfig(env, realm, NUDGE, Map.of("notNowDays", "thirty"), "notNowDays");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keycloak refuses a required action configuration the action's own validation refuses. */
    private static final class HttpCheck {
        static void refusedConfig(Env env, String realm, String action, Map<String, String> config, String named) {
            var response = env.admin.put("/admin/realms/" + realm + "/authentication/required-actions/" + action
                    + "/config", Map.of("config", config));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains(named);
        }
    }
}
