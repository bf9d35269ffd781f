package dev.otpguard.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.AxeCore;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The code page's status line in a real Chromium, under the realm's strict script policy: the page says "Sending"
 * while the code is on its way and switches by itself, without reloading, to "Sent", to "Delivered" when Twilio
 * reports it, and to each reason Twilio gives for a message that did not arrive. A send that failed ends, by the
 * script's own "Check again", on the page that says so and offers a new code at once. The English screenshots of
 * every status go to docs/screenshots/ (docs/admin/sms-code-step.md shows them).
 */
@ExtendWith(TestEnvironment.class)
class DeliveryStatusBrowserIT {

    private static final Path DOCS = Path.of(System.getProperty("otpguard.project.dir", "."), "docs", "screenshots");

    private final List<String> problems = new ArrayList<>();

    @Test
    void theStatusLineFollowsTheCodeFromSendingToDeliveredWithoutReloading(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").strictScriptPolicy().create(env);
        TestUser user = ChannelUnderTest.newUser("status-chrome");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), "en", RealmSetup.PASSWORD);
        // the gateway answers only after the 4 s read timeout: long enough to see "Sending", then a failure
        StubMapping stall = env.twilio.stallFor(user.phone(), Duration.ofSeconds(10));
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
            signIn(driver, env, realm, user);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            assertThat(status(driver)).isEqualTo("Sending the code…");
            shoot(driver, "sms-code-sending");

            // the script learns of the failure and presses "Check again": the page says what happened, once
            wait.until(d -> !d.findElements(By.cssSelector(".pf-v5-c-alert.pf-m-danger, .pf-v5-c-alert.pf-m-warning"))
                    .isEmpty());
            assertThat(driver.findElement(By.cssSelector(".pf-v5-c-alert.pf-m-danger, .pf-v5-c-alert.pf-m-warning"))
                    .getText()).contains("We could not send the SMS.");
            assertThat(driver.findElements(By.id("otp-guard-delivery"))).as("no status line for a dead code").isEmpty();
            assertThat(driver.findElement(By.id("otp-guard-resend")).isEnabled()).as("a new code at once").isTrue();
            shoot(driver, "sms-code-not-sent");

            env.twilio.remove(stall);
            driver.findElement(By.id("otp-guard-resend")).click();
            wait.until(d -> status(d).equals("Sent: the SMS is on its way to your phone."));
            // from here the page must not reload: a mark set on this document must survive every change
            ((JavascriptExecutor) driver).executeScript("window.otpGuardTestMark = 'same page';");
            shoot(driver, "sms-code-sent");

            // the stalled message's answer (SID "SMx") may still come: the resent one is the other
            String sid = Poll.nth(() -> env.twilio.messageSidsTo(user.phone()).stream().filter(s -> !s.equals("SMx"))
                    .toList(), 1, "SID of the resent SMS to " + user.phone());
            long called = System.nanoTime();
            assertThat(callback(env, realm, user, sid, "delivered", null)).isEqualTo(204);
            wait.until(d -> status(d).equals("Delivered to your phone."));
            measured("delivered", called);
            assertThat(((JavascriptExecutor) driver).executeScript("return window.otpGuardTestMark;"))
                    .as("the status changed without a reload").isEqualTo("same page");
            assertThat(driver.findElement(By.id("otp-guard-check-form")).isDisplayed())
                    .as("nothing more to check once delivered").isFalse();
            shoot(driver, "sms-code-delivered");

            driver.findElement(By.id("code")).sendKeys(env.twilio.awaitCode(user.phone(), 2));
            driver.findElement(By.id("otp-guard-submit")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
        } finally {
            driver.quit();
        }
        assertThat(problems).as("accessibility problems").isEmpty();
    }

    @Test
    void eachReasonTwilioGivesForAnUndeliveredCodeIsShownInWords(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").strictScriptPolicy().create(env);
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("30003", "This number cannot receive text messages. Check the number, or choose another way to sign in.");
        shown.put("30007", "Your mobile carrier blocked the message. Try again later, or sign in by email.");
        shown.put("30008", "The message could not be delivered in time. Send a new code, or choose another way to sign in.");
        Map<String, String> shots = Map.of("30003", "sms-code-unreachable", "30007", "sms-code-carrier-blocked",
                "30008", "sms-code-undelivered");
        for (Map.Entry<String, String> reason : shown.entrySet()) {
            TestUser user = ChannelUnderTest.newUser("why-" + reason.getKey());
            env.admin.createUser(realm, user.username(), user.email(), user.phone(), "en", RealmSetup.PASSWORD);
            WebDriver driver = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
                signIn(driver, env, realm, user);
                wait.until(d -> status(d).equals("Sent: the SMS is on its way to your phone."));
                String sid = Poll.nth(() -> env.twilio.messageSidsTo(user.phone()), 1, "SID to " + user.phone());
                long called = System.nanoTime();
                assertThat(callback(env, realm, user, sid, "undelivered", reason.getKey())).isEqualTo(204);
                wait.until(d -> status(d).equals(reason.getValue()));
                measured("undelivered " + reason.getKey(), called);
                shoot(driver, shots.get(reason.getKey()));
            } finally {
                driver.quit();
            }
        }
        assertThat(problems).as("accessibility problems").isEmpty();
    }

    /**
     * The status line changes while the user may already be reaching for the code field or Confirm (a test's click
     * once landed beside a Confirm button that had just moved down): neither may move, on a phone-sized screen
     * either, where the longer texts take more lines. The line keeps the room of its tallest text from the start,
     * and "Check again" sits below Confirm, so its going away moves nothing above it.
     */
    @Test
    void theCodeFieldAndConfirmStayPutWhileTheStatusLineChanges(Env env) throws Exception {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").strictScriptPolicy().create(env);
        TestUser user = ChannelUnderTest.newUser("status-still");
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), "en", RealmSetup.PASSWORD);
        // Twilio answers after 2.5 s (within the 4 s read timeout): time to see "Sending" first
        StubMapping slow = env.twilio.answerLateFor(user.phone(), Duration.ofMillis(2500));
        WebDriver driver = HeadlessChromium.start();
        try {
            driver.manage().window().setSize(new Dimension(320, 900));
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
            signIn(driver, env, realm, user);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            Map<String, String> first = places(driver);
            String firstStatus = status(driver);

            wait.until(d -> status(d).equals("Sent: the SMS is on its way to your phone."));
            assertThat(places(driver)).as("after '" + firstStatus + "' turned into 'Sent'").isEqualTo(first);

            assertThat(callback(env, realm, user, TwilioStandIn.LATE_SID, "delivered", null)).isEqualTo(204);
            wait.until(d -> status(d).equals("Delivered to your phone."));
            assertThat(driver.findElement(By.id("otp-guard-check-form")).isDisplayed()).isFalse();
            assertThat(places(driver)).as("after 'Delivered' and 'Check again' gone").isEqualTo(first);
        } finally {
            driver.quit();
            env.twilio.remove(slow);
        }
    }

    /** Where the code field and Confirm are on the page (x, y, width and height). */
    private static Map<String, String> places(WebDriver driver) {
        Map<String, String> places = new LinkedHashMap<>();
        for (String id : List.of("code", "otp-guard-submit")) {
            Rectangle box = driver.findElement(By.id(id)).getRect();
            places.put(id, box.getX() + "," + box.getY() + " " + box.getWidth() + "x" + box.getHeight());
        }
        return places;
    }

    private static void signIn(WebDriver driver, Env env, String realm, TestUser user) {
        driver.get(Login.authUrl(env.baseUrl(), realm) + "&kc_locale=en");
        driver.findElement(By.id("username")).sendKeys(user.username());
        driver.findElement(By.id("password")).sendKeys(RealmSetup.PASSWORD);
        driver.findElement(By.id("kc-login")).click();
    }

    private static String status(WebDriver driver) {
        return driver.findElements(By.id("otp-guard-delivery-status")).isEmpty() ? ""
                : driver.findElement(By.id("otp-guard-delivery-status")).getText();
    }

    /** Posts a status callback signed as Twilio signs it, for the URL the sender gave Twilio. */
    private static int callback(Env env, String realm, TestUser user, String sid, String status, String errorCode)
            throws Exception {
        return TwilioStandIn.postStatusCallback(env.baseUrl(), realm, user.phone(), sid, status, errorCode);
    }

    /**
     * How long a callback took to show on the page (callback sent to text changed; the script asks after 0.5 s,
     * then every second for a few seconds, then every 3 s), appended to target/delivery-status-latency.txt for the
     * docs. Reported, never asserted: timing is the benchmark's business.
     */
    private static synchronized void measured(String what, long calledNanos) throws Exception {
        long millis = (System.nanoTime() - calledNanos) / 1_000_000;
        Path file = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "delivery-status-latency.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, what + ": callback to page " + millis + " ms\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Each status page passes axe-core, and its English screenshot documents it. */
    private void shoot(WebDriver driver, String name) throws Exception {
        AxeCore.violations(driver).forEach(v -> problems.add(name + ": " + v));
        Files.createDirectories(DOCS);
        Files.write(DOCS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
