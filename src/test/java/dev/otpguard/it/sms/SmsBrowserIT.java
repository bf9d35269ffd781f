package dev.otpguard.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Phone enrolment and the SMS code page in a real headless Chromium, as a person uses them. */
@ExtendWith(TestEnvironment.class)
class SmsBrowserIT {

    private static final Path SHOTS = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "screenshots");

    @Test
    void aPersonEnrolsTheirMobileAndSignsInWithTheSmsCode(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").config("missingPhone", "setup")
                .strictScriptPolicy().phoneSetup(Map.of("allowedCountries", "DE,AT,CH")).create(env);
        TestUser user = ChannelUnderTest.newUser("chrome");
        env.admin.createUser(realm, user.username(), user.email(), null, null, RealmSetup.PASSWORD);
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(Login.authUrl(env.baseUrl(), realm));
            driver.findElement(By.id("username")).sendKeys(user.username());
            driver.findElement(By.id("password")).sendKeys(RealmSetup.PASSWORD);
            driver.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone")));
            assertThat(driver.findElement(By.id("phone")).getAttribute("autocomplete")).isEqualTo("tel");
            new Select(driver.findElement(By.id("country"))).selectByValue("DE");
            shoot(driver, "phone-setup.png");
            driver.findElement(By.id("phone")).sendKeys("0" + user.phone().substring(3));
            driver.findElement(By.id("otp-guard-phone-submit")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            assertThat(driver.findElement(By.id("otp-guard-destination")).getText())
                    .contains("…" + user.phone().substring(user.phone().length() - 2));
            shoot(driver, "sms-code-page.png");
            driver.findElement(By.id("code")).sendKeys(env.twilio.awaitCode(user.phone(), 1));
            driver.findElement(By.id("otp-guard-submit")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
            assertThat(driver.getCurrentUrl()).contains("code=");
        } finally {
            driver.quit();
        }
    }

    private static void shoot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
