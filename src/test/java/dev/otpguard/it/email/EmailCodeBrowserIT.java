package dev.otpguard.it.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The email code step in a real headless Chromium: what a person and an admin see and do. Screenshots of
 * each screen land in target/screenshots/ (the README's pictures come from there).
 */
@ExtendWith(TestEnvironment.class)
class EmailCodeBrowserIT {

    private static final Path SHOTS = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "screenshots");

    @Test
    void aPersonSignsInWithTheCodeFromTheirEmail(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).strictScriptPolicy();
        String email = "bob." + setup.name() + "@example.test";
        String realm = setup.user("bob", email).create(env);
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(Login.authUrl(env.baseUrl(), realm));
            driver.findElement(By.id("username")).sendKeys("bob");
            driver.findElement(By.id("password")).sendKeys(RealmSetup.PASSWORD);
            driver.findElement(By.id("kc-login")).click();

            WebElement codeField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            assertThat(driver.findElement(By.id("otp-guard-destination")).getText()).contains("b***@e***.test");
            assertThat(driver.findElement(By.id("otp-guard-code-help")).getText())
                    .contains("valid for 5 minutes").contains("Never share it");
            // the countdown script runs under a script-src 'self' policy and keeps resend disabled meanwhile
            WebElement resend = driver.findElement(By.id("otp-guard-resend"));
            assertThat(resend.isEnabled()).isFalse();
            assertThat(driver.findElement(By.id("otp-guard-resend-hint")).getText()).contains("You can request a new code in");
            assertThat(driver.switchTo().activeElement()).isEqualTo(codeField);
            shoot(driver, "email-code-page.png");

            String code = env.mailbox.awaitCode(email, 1);
            codeField.sendKeys(dev.otpguard.it.support.WrongCode.besides(code));
            driver.findElement(By.id("otp-guard-submit")).click();
            WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("input-error-code")));
            assertThat(error.getText()).contains("Wrong code. 4 tries left.");
            assertThat(driver.findElement(By.id("code")).getAttribute("aria-invalid")).isEqualTo("true");
            shoot(driver, "email-code-wrong.png");

            driver.findElement(By.id("code")).sendKeys(code.substring(0, 3) + " " + code.substring(3));
            driver.findElement(By.id("otp-guard-submit")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
            assertThat(driver.getCurrentUrl()).contains("code=");

            String html = Mailbox.htmlOf(env.mailbox.awaitMessage(email, 1));
            driver.get("data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains(code);
            shoot(driver, "email-code-mail.png");
        } finally {
            driver.quit();
        }
    }

    @Test
    void anAdminFindsTheEmailCodeStepInTheFlowEditor(Env env) throws Exception {
        String realm = RealmSetup.realm(env).create(env);
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(env.baseUrl() + "/admin/master/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(dev.otpguard.it.support.KeycloakServer.ADMIN_USER);
            driver.findElement(By.id("password")).sendKeys(dev.otpguard.it.support.KeycloakServer.ADMIN_PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            String flowId = flowId(env, realm, "otp-browser");
            driver.get(env.baseUrl() + "/admin/master/console/#/" + realm + "/authentication/" + flowId + "/notInUse");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Email code"));
            shoot(driver, "admin-flow.png");
        } finally {
            driver.quit();
        }
    }

    private static String flowId(Env env, String realm, String alias) {
        for (var flow : env.admin.get("/admin/realms/" + realm + "/authentication/flows")) {
            if (alias.equals(flow.get("alias").asText())) {
                return flow.get("id").asText();
            }
        }
        throw new AssertionError("flow " + alias + " missing");
    }

    private static void shoot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
