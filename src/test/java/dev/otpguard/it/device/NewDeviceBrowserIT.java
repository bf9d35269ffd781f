package dev.otpguard.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What an admin and a user see of new-device detection, in Chromium; screenshots for the README. */
@ExtendWith(TestEnvironment.class)
class NewDeviceBrowserIT {

    private static final Path SHOTS = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "screenshots");

    @Test
    void theAlertEmailRendersWithoutRemoteContentAndTheFlowShowsBothSteps(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms").placement(Placement.NEW_DEVICE);
        String realm = setup.create(env);
        TestUser user = ChannelUnderTest.newUser("shot");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        for (int i = 0; i < 2; i++) {
            Browser browser = env.browser();
            Login login = new Login(browser, env.baseUrl(), realm);
            Page page = login.passwordStep(user.username());
            assertThat(login.enterCode(page, env.twilio.awaitCode(user.phone(), i + 1)).isRedirectToApp()).isTrue();
        }
        String html = Mailbox.htmlOf(env.mailbox.awaitMessage(user.email(), 1));
        assertThat(html).doesNotContain("<img").doesNotContain("<script");

        WebDriver driver = HeadlessChromium.start();
        try {
            driver.get("data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("This was not me: secure my account");
            shoot(driver, "new-device-mail.png");

            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(env.baseUrl() + "/admin/master/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(KeycloakServer.ADMIN_USER);
            driver.findElement(By.id("password")).sendKeys(KeycloakServer.ADMIN_PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            String flowId = null;
            for (var flow : env.admin.get("/admin/realms/" + realm + "/authentication/flows")) {
                if ("otp-browser".equals(flow.get("alias").asText())) {
                    flowId = flow.get("id").asText();
                }
            }
            driver.get(env.baseUrl() + "/admin/master/console/#/" + realm + "/authentication/" + flowId + "/notInUse");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Remember device and alert"));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("Condition - new device");
            shoot(driver, "admin-new-device-flow.png");
        } finally {
            driver.quit();
        }
    }

    private static void shoot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
