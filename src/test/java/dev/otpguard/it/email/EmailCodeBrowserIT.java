package dev.otpguard.it.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.HeadlessChromium;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The email code step in a real headless Chromium: what a person sees and does. */
@ExtendWith(TestEnvironment.class)
class EmailCodeBrowserIT {

    @Test
    void aPersonSignsInWithTheCodeFromTheirEmail(Env env) {
        RealmSetup setup = RealmSetup.realm(env);
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
            // the countdown script runs under Keycloak's CSP and keeps resend disabled during the cooldown
            WebElement resend = driver.findElement(By.id("otp-guard-resend"));
            assertThat(resend.isEnabled()).isFalse();
            assertThat(driver.findElement(By.id("otp-guard-resend-hint")).getText()).contains("You can request a new code in");
            assertThat(driver.switchTo().activeElement()).isEqualTo(codeField);

            String code = env.mailbox.awaitCode(email, 1);
            codeField.sendKeys(code.substring(0, 3) + " " + code.substring(3));
            driver.findElement(By.id("otp-guard-submit")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
            assertThat(driver.getCurrentUrl()).contains("code=");
        } finally {
            driver.quit();
        }
    }
}
