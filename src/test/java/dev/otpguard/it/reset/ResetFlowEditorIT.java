package dev.otpguard.it.reset;

import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The README's recipe as an admin sees it: the reset flow in the admin console's flow editor (screenshot). */
@ExtendWith(TestEnvironment.class)
class ResetFlowEditorIT {

    private static final Path DOCS = Path.of(System.getProperty("otpguard.project.dir", "."), "docs", "screenshots");

    @Test
    void theResetFlowShowsTheCodeStepBetweenChooseUserAndResetPassword(Env env) throws Exception {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .resetConfig("resetChannels", "fallback").create(env);
        String flowId = null;
        for (var flow : env.admin.get("/admin/realms/" + realm + "/authentication/flows")) {
            if ("otp-reset".equals(flow.get("alias").asText())) {
                flowId = flow.get("id").asText();
            }
        }
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(env.baseUrl() + "/admin/master/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(KeycloakServer.ADMIN_USER);
            driver.findElement(By.id("password")).sendKeys(KeycloakServer.ADMIN_PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            driver.get(env.baseUrl() + "/admin/master/console/#/" + realm + "/authentication/" + flowId
                    + "/resetCredentials");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "SMS code"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Reset Password"));
            Files.createDirectories(DOCS);
            Files.write(DOCS.resolve("admin-reset-flow.png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
