package dev.otpguard.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The code pages on every kind of login theme an admin may run: Keycloak's keycloak.v2 and legacy keycloak,
 * a custom theme that only adds CSS, and our optional named theme; and in a browser with JavaScript off.
 */
@ExtendWith(TestEnvironment.class)
class ThemeCompatibilityIT {

    /** A theme as a customer would write one: keycloak.v2 plus a stylesheet, nothing else. */
    private static final String CSS_ONLY = "otp-guard-test-css-only";

    @ParameterizedTest
    @ValueSource(strings = {"keycloak.v2", "keycloak", "otp-guard", CSS_ONLY})
    void theCodeStepWorksOnTheTheme(String theme, Env env) throws Exception {
        if (theme.equals(CSS_ONLY)) {
            installCssOnlyTheme();
        }
        String realm = RealmSetup.realm(env).loginTheme(theme).create(env);
        TestUser user = ChannelUnderTest.newUser("theme");
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        Login login = new Login(env.browser(), env.baseUrl(), realm);

        Page codePage = login.passwordStep(user.username());

        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        assertThat(codePage.text()).contains("Your 6-digit code goes to");
        if (!theme.equals("keycloak")) {
            // the legacy theme shows the username in place of every page title, Keycloak's own pages included
            assertThat(codePage.text()).contains("Check your email");
        }
        assertThat(codePage.document().getElementById("code").attr("autocomplete")).isEqualTo("one-time-code");
        // "Didn't get the code?" comes in by an include, which the theme's template loader must find
        assertThat(codePage.document().getElementById("otp-guard-help")).as("help section on " + theme).isNotNull();
        assertThat(codePage.byId("otp-guard-help-spam")).isEqualTo("Look in your spam or junk folder.");
        String styles = codePage.document().select("link[rel=stylesheet]").eachAttr("href").toString();
        assertThat(styles).contains("/resources/").contains("otp-guard.css");
        if (theme.equals("otp-guard")) {
            assertThat(styles).contains("otp-guard-look.css");
        }
        if (theme.equals(CSS_ONLY)) {
            assertThat(styles).contains("brand.css");
        }
        Page wrong = login.enterCode(codePage, dev.otpguard.it.support.WrongCode.besides(
                env.mailbox.awaitCode(user.email(), 1)));
        assertThat(wrong.error()).startsWith("Wrong code.");
        assertThat(login.enterCode(wrong, env.mailbox.awaitCode(user.email(), 1)).isRedirectToApp()).isTrue();
    }

    private static void installCssOnlyTheme() throws Exception {
        Path login = KeycloakServer.homeFromSystemProperty().resolve("themes").resolve(CSS_ONLY).resolve("login");
        Files.createDirectories(login.resolve("resources/css"));
        Files.writeString(login.resolve("theme.properties"), "parent=keycloak.v2\nimport=common/keycloak\n"
                + "styles=css/styles.css css/brand.css\n");
        Files.writeString(login.resolve("resources/css/brand.css"), ".pf-v5-c-login__main { border-top-color: #c00; }\n");
    }

    @Test
    void withoutJavaScriptTheServerStillRefusesAnEarlyResendAndTheCodeWorks(Env env) {
        String realm = RealmSetup.realm(env).config("resendCooldownSeconds", "60").create(env);
        TestUser user = ChannelUnderTest.newUser("nojs");
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        ChromeOptions noScript = new ChromeOptions();
        noScript.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        WebDriver driver = HeadlessChromium.start(noScript);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(Login.authUrl(env.baseUrl(), realm));
            driver.findElement(By.id("username")).sendKeys(user.username());
            driver.findElement(By.id("password")).sendKeys(RealmSetup.PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            // no script ran: the button is enabled and the hint is the server's text
            assertThat(driver.findElement(By.id("otp-guard-resend")).isEnabled()).isTrue();

            driver.findElement(By.id("otp-guard-resend")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
                    "Please wait"));
            assertThat(driver.findElement(By.tagName("body")).getText()).containsPattern("Please wait \\d+ seconds?");

            driver.findElement(By.id("code")).sendKeys(env.mailbox.awaitCode(user.email(), 1));
            driver.findElement(By.id("otp-guard-submit")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
            assertThat(env.mailbox.messagesTo(user.email())).hasSize(1);
        } finally {
            driver.quit();
        }
    }
}
