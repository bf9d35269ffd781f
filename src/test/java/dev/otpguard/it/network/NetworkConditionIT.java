package dev.otpguard.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Condition - network" (issue 19) in a conditional sub-flow before the email code step, against the real server:
 * which address it reads (the connection's, 127.0.0.1 here), that forged proxy headers change nothing on a server
 * that trusts no proxy and work on one started with {@code --proxy-headers xforwarded}, IPv6, and bad ranges.
 */
@ExtendWith(TestEnvironment.class)
class NetworkConditionIT {

    /** The password step's answer for a realm whose code sub-flow runs under the condition with these options. */
    private static Page afterPassword(Env env, String networks, String negate, String... headers) {
        String baseUrl = env.baseUrl();
        TestUser user = ChannelUnderTest.newUser("network");
        RealmSetup setup = RealmSetup.realm(env).placement(Placement.NETWORK);
        if (networks != null) {
            setup.networkConfig("networks", networks);
        }
        if (negate != null) {
            setup.networkConfig("negate", negate);
        }
        setup.user(user.username(), user.email());
        // the proxied tests claim public addresses: Keycloak's "HTTPS for external requests" would refuse them here
        new dev.otpguard.it.support.Admin(baseUrl).createRealm(setup.toJson().put("sslRequired", "none"));
        Browser browser = new Browser(baseUrl);
        for (int i = 0; i < headers.length; i += 2) {
            browser.header(headers[i], headers[i + 1]);
        }
        return new Login(browser, baseUrl, setup.name()).passwordStep(user.username());
    }

    @Tag("smoke")
    @Test
    void negatedTheOfficeNetworkSkipsTheCodeAndAnyOtherNetworkAsksForIt(Env env) {
        assertThat(afterPassword(env, "127.0.0.0/8", "true").isRedirectToApp())
                .as("from inside the listed network: no code").isTrue();
        assertThat(afterPassword(env, "10.0.0.0/8, 2001:db8::/32", "true").isCodePage())
                .as("from outside every listed network: a code").isTrue();
    }

    @Test
    void withoutNegationTheCodeIsAskedInsideTheNetworksOnly(Env env) {
        assertThat(afterPassword(env, "192.0.2.0/24\n127.0.0.1", null).isCodePage()).isTrue();
        assertThat(afterPassword(env, "192.0.2.0/24", "false").isRedirectToApp()).isTrue();
    }

    /** No proxy is configured on the shared server: what a client claims in headers is not its address. */
    @Test
    void forgedProxyHeadersChangeNothingWhenKeycloakTrustsNoProxy(Env env) {
        Page page = afterPassword(env, "10.0.0.0/8", "true",
                "X-Forwarded-For", "10.9.9.9",
                "Forwarded", "for=10.9.9.9;proto=https",
                "X-Real-IP", "10.9.9.9");
        assertThat(page.isCodePage()).as("the forged office address does not skip the code").isTrue();
        Page spoofedOutside = afterPassword(env, "127.0.0.0/8", "true", "X-Forwarded-For", "203.0.113.9");
        assertThat(spoofedOutside.isRedirectToApp()).as("nor does a forged outside address cost the office its skip")
                .isTrue();
    }

    @Test
    void badRangesStopTheLoginWithTheMisconfigurationPageAndAnErrorLineNamingThem(Env env) throws Exception {
        long logStart = Files.size(env.server.logFile());
        for (String bad : List.of("10.0.0.0/33, 127.0.0.0/8", "localhost", "fe80::1%eth0", "\u0661\u0662\u0667.0.0.1",
                "127.0.0.1/8 x".repeat(3))) {
            Page page = afterPassword(env, bad, "true");
            assertThat(page.isRedirectToApp()).as(bad).isFalse();
            assertThat(page.isCodePage()).as(bad).isFalse();
            assertThat(page.text()).as(bad).contains("This sign-in step is not set up correctly.");
            assertThat(page.status()).as(bad).isEqualTo(500);
        }
        Page none = afterPassword(env, null, "true");
        assertThat(none.text()).contains("This sign-in step is not set up correctly.");
        Page badFlag = afterPassword(env, "127.0.0.0/8", "yes");
        assertThat(badFlag.text()).contains("This sign-in step is not set up correctly.");

        String log = newLog(env, logStart);
        assertThat(log).contains("OTP Guard network condition in realm")
                .contains("networks: '10.0.0.0/33' is not a network")
                .contains("networks: 'localhost' is not a network")
                .contains("networks: 'fe80::1%eth0' is not a network")
                .contains("networks: '???.0.0.1' is not a network")
                .contains("networks: no network given")
                .contains("negate must be true or false")
                .doesNotContain("\u0661")
                // Keycloak itself logs the stop as KC-SERVICES0013 (WARN); the page must render (no template error)
                .doesNotContain("Error executing FreeMarker template").doesNotContain("NullPointerException");
    }

    /**
     * Behind a reverse proxy (Keycloak started with {@code --proxy-headers xforwarded}) the address is the one the
     * proxy forwards, IPv4 or IPv6, as Keycloak's own events record it.
     */
    @Test
    void behindAConfiguredProxyTheForwardedAddressCountsIpv4AndIpv6(Env shared) throws Exception {
        try (Env env = Env.start(Path.of(System.getProperty("keycloak.spare.home")), "keycloak-proxy-headers.log",
                List.of("--proxy-headers=xforwarded"), List.of())) {
            assertThat(afterPassword(env, "10.0.0.0/8", "true", "X-Forwarded-For", "10.9.9.9").isRedirectToApp())
                    .isTrue();
            assertThat(afterPassword(env, "10.0.0.0/8", "true", "X-Forwarded-For", "198.51.100.7").isCodePage())
                    .isTrue();
            assertThat(afterPassword(env, "2001:db8::/32", "true", "X-Forwarded-For", "2001:db8:1::5")
                    .isRedirectToApp()).isTrue();
            assertThat(afterPassword(env, "2001:db8::/32", "true", "X-Forwarded-For", "2001:db9::5").isCodePage())
                    .isTrue();
            assertThat(afterPassword(env, "10.0.0.0/8", "true", "X-Forwarded-For", "[2001:db8::1]").isCodePage())
                    .as("an IPv6 client is in no IPv4 network").isTrue();
        }
    }

    /** The docs' picture: the recipe's sub-flow in the admin console's flow editor. */
    @Test
    void theFlowEditorShowsTheConditionInItsSubFlow(Env env) throws Exception {
        RealmSetup setup = RealmSetup.realm(env).placement(Placement.NETWORK)
                .networkConfig("networks", "203.0.113.0/24, 2001:db8:100::/48").networkConfig("negate", "true");
        String realm = setup.create(env);
        String flowId = null;
        for (var flow : env.admin.get("/admin/realms/" + realm + "/authentication/flows")) {
            if ("otp-browser".equals(flow.get("alias").asText())) {
                flowId = flow.get("id").asText();
            }
        }
        org.openqa.selenium.WebDriver driver = dev.otpguard.it.support.HeadlessChromium.start();
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60));
            driver.get(env.baseUrl() + "/admin/master/console/");
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                    org.openqa.selenium.By.id("username"))).sendKeys(dev.otpguard.it.support.KeycloakServer.ADMIN_USER);
            driver.findElement(org.openqa.selenium.By.id("password"))
                    .sendKeys(dev.otpguard.it.support.KeycloakServer.ADMIN_PASSWORD);
            driver.findElement(org.openqa.selenium.By.id("kc-login")).click();
            driver.get(env.baseUrl() + "/admin/master/console/#/" + realm + "/authentication/" + flowId
                    + "/default");
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.tagName("body"), "Condition - network"));
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.tagName("body"), "Email code"));
            if (Boolean.parseBoolean(System.getProperty("otpguard.screenshots", "true"))) {
                Path docs = Path.of(System.getProperty("otpguard.project.dir", "."), "docs", "screenshots");
                Files.createDirectories(docs);
                Files.write(docs.resolve("admin-network-condition.png"),
                        ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(
                                org.openqa.selenium.OutputType.BYTES));
            }
        } finally {
            driver.quit();
        }
    }

    private static String newLog(Env env, long from) throws Exception {
        byte[] all = Files.readAllBytes(env.server.logFile());
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
    }
}
