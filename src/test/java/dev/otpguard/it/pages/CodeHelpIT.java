package dev.otpguard.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.AxeCore;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.PasswordReset;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.time.Duration;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Didn't get the code?" on the code pages (issue 17): collapsed until opened, with the advice that fits the
 * channel, the destination to check on sign-in pages only, pointers to the resend button and to Keycloak's own
 * "try another way", and the change-password advice with the link the realm offers. Reset pages name no
 * destination and read the same for real and unknown accounts.
 */
@ExtendWith(TestEnvironment.class)
class CodeHelpIT {

    private static final String SPAM = "Look in your spam or junk folder.";
    private static final String BLOCKED = "Some phones and carriers block messages from short codes or unknown senders";
    private static final String NOT_YOU = "If you did not ask for this code, someone else may know your password.";

    private static Element help(Page page) {
        Element help = page.document().getElementById("otp-guard-help");
        assertThat(help).as("no \"Didn't get the code?\" section on " + page.url() + "\n" + page.text()).isNotNull();
        return help;
    }

    private static TestUser user(Env env, String realm, String prefix, boolean phone, String locale) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        env.admin.createUser(realm, user.username(), user.email(), phone ? user.phone() : null, locale,
                RealmSetup.PASSWORD);
        return user;
    }

    @Test
    void theEmailPageOffersCollapsedHelpThatNamesTheAddressAndTheSpamFolder(Env env) {
        String realm = RealmSetup.realm(env).create(env);
        TestUser user = user(env, realm, "helpmail", false, null);

        Page codePage = new Login(env, realm).passwordStep(user.username());

        Element help = help(codePage);
        assertThat(help.tagName()).isEqualTo("details");
        assertThat(help.hasAttr("open")).as("collapsed by default").isFalse();
        assertThat(help.selectFirst("summary").text()).isEqualTo("Didn’t get the code?");
        assertThat(codePage.byId("otp-guard-help-destination"))
                .isEqualTo("Check the address: the code goes to " + ChannelUnderTest.EMAIL.masked(user) + ".");
        assertThat(codePage.byId("otp-guard-help-wait")).isEqualTo("Codes can take a minute to arrive.");
        assertThat(codePage.byId("otp-guard-help-spam")).isEqualTo(SPAM);
        assertThat(help.text()).doesNotContain(BLOCKED).doesNotContain(user.email());
        assertThat(codePage.byId("otp-guard-help-resend")).contains("“Send a new code” above");
        // this flow has no other way: neither the layout nor the section offers one
        assertThat(codePage.document().getElementById("otp-guard-help-other-way")).isNull();
        assertThat(codePage.document().getElementById("kc-select-try-another-way-form")).isNull();
        // the realm does not allow resetting: the advice without a link
        assertThat(codePage.byId("otp-guard-help-not-you")).isEqualTo(NOT_YOU + " Change it as soon as you can.");
        assertThat(help.select("a")).isEmpty();
    }

    @Test
    void theSmsPageWarnsOfBlockedSendersAndNamesTheNumberEnding(Env env) {
        String realm = RealmSetup.realm(env).step("otp-guard-sms").create(env);
        TestUser user = user(env, realm, "helpsms", true, null);

        Page codePage = new Login(env, realm).passwordStep(user.username());

        Element help = help(codePage);
        assertThat(help.hasAttr("open")).isFalse();
        assertThat(codePage.byId("otp-guard-help-destination")).isEqualTo(
                "Check the number: the code goes to your number ending in " + ChannelUnderTest.SMS.masked(user) + ".");
        assertThat(codePage.byId("otp-guard-help-blocked")).startsWith(BLOCKED);
        assertThat(help.text()).doesNotContain(SPAM).doesNotContain(user.phone().substring(3));
        assertThat(codePage.byId("otp-guard-help-not-you")).startsWith(NOT_YOU);
    }

    @Test
    void whereTheRealmAllowsResettingTheAdviceLinksToForgotPassword(Env env) {
        String realm = RealmSetup.realm(env).resetByCode("otp-guard-email").create(env);
        TestUser user = user(env, realm, "helplink", false, null);
        Browser browser = env.browser();

        Page codePage = new Login(browser, env.baseUrl(), realm).passwordStep(user.username());

        Element link = codePage.document().getElementById("otp-guard-help-change-password");
        assertThat(link).as(codePage.text()).isNotNull();
        assertThat(link.text()).isEqualTo("Change your password");
        assertThat(link.attr("href")).contains("/login-actions/reset-credentials");
        assertThat(codePage.byId("otp-guard-help-not-you")).isEqualTo(NOT_YOU + " Change your password");
        Page chooseUser = browser.get(link.absUrl("href"));
        assertThat(chooseUser.document().getElementById("kc-reset-password-form")).as(chooseUser.text()).isNotNull();
    }

    @Test
    void resetPagesNameNoDestinationAndReadTheSameForRealAndUnknownAccounts(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-email")
                .create(env);
        TestUser real = user(env, realm, "helpreset", true, null);
        // not shaped like an address: Keycloak's own RESET_PASSWORD_ERROR event logs what was typed unmasked, and
        // ServerLogIT refuses full test addresses in the log
        String unknown = "nobody-" + real.username();

        Page realPage = new PasswordReset(env.browser(), env.baseUrl(), realm).start(real.username());
        Page unknownPage = new PasswordReset(env.browser(), env.baseUrl(), realm).start(unknown);

        Element help = help(realPage);
        assertThat(help.outerHtml()).isEqualTo(help(unknownPage).outerHtml());
        assertThat(help.hasAttr("open")).isFalse();
        assertThat(help.getElementById("otp-guard-help-destination")).isNull();
        assertThat(help.getElementById("otp-guard-help-not-you")).as("the user is resetting already").isNull();
        assertThat(help.text()).contains(SPAM).doesNotContain(BLOCKED).doesNotContain("@")
                .doesNotContain(real.username()).doesNotContain(NOT_YOU);
    }

    @Test
    void aResetPageThatNamesNoChannelGivesTheAdviceOfBoth(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.PASSWORD_ONLY).resetByCode("otp-guard-sms")
                .resetConfig("resetChannels", "fallback").create(env);
        TestUser withPhone = user(env, realm, "helpany", true, null);
        TestUser emailOnly = user(env, realm, "helpanymail", false, null);
        String ghost = "ghost-" + emailOnly.username();

        String byPhone = help(new PasswordReset(env.browser(), env.baseUrl(), realm).start(withPhone.username()))
                .outerHtml();
        String byEmail = help(new PasswordReset(env.browser(), env.baseUrl(), realm).start(emailOnly.username()))
                .outerHtml();
        Element ghostHelp = help(new PasswordReset(env.browser(), env.baseUrl(), realm).start(ghost));

        assertThat(byPhone).isEqualTo(byEmail).isEqualTo(ghostHelp.outerHtml());
        assertThat(ghostHelp.text()).contains(SPAM).contains(BLOCKED).doesNotContain(NOT_YOU);
        assertThat(ghostHelp.getElementById("otp-guard-help-destination")).isNull();
    }

    @Test
    void theHelpSpeaksGermanToAGermanUser(Env env) {
        String realm = RealmSetup.realm(env).create(env);
        TestUser user = user(env, realm, "helpde", false, "de");

        Page codePage = new Login(env.browser().language("de"), env.baseUrl(), realm).passwordStep(user.username());

        Element help = help(codePage);
        assertThat(help.selectFirst("summary").text()).isEqualTo("Keinen Code erhalten?");
        assertThat(codePage.byId("otp-guard-help-destination")).isEqualTo(
                "Prüfen Sie die Adresse: Der Code geht an " + ChannelUnderTest.EMAIL.masked(user) + ".");
        assertThat(codePage.byId("otp-guard-help-spam")).isEqualTo("Sehen Sie in Ihrem Spam- oder Junk-Ordner nach.");
        assertThat(codePage.byId("otp-guard-help-resend")).contains("„Neuen Code senden“");
        assertThat(help.text()).doesNotContain(SPAM).doesNotContain("Didn’t");
    }

    @Test
    void whereTheFlowOffersAnotherWayTheHelpPointsToKeycloaksOneButton(Env env) {
        String realm = RealmSetup.realm(env).placement(Placement.EMAIL_OR_SMS).create(env);
        TestUser user = user(env, realm, "helpother", true, null);

        Page codePage = new Login(env, realm).passwordStep(user.username());

        // named as the layout's own button names itself (Keycloak's doTryAnotherWay)
        assertThat(codePage.byId("try-another-way")).isEqualTo("Try Another Way");
        assertThat(codePage.byId("otp-guard-help-other-way"))
                .isEqualTo("You can also choose “Try Another Way” below to use another sign-in method.");
        assertThat(codePage.document().select("#kc-select-try-another-way-form")).as("rendered once, by the layout")
                .hasSize(1);
        assertThat(codePage.document().select("[name=tryAnotherWay]")).hasSize(1);
        assertThat(help(codePage).select("form, button, input")).isEmpty();
    }

    @Test
    void inChromiumTheSectionOpensWithAndWithoutScriptAndPassesAxe(Env env) {
        String realm = RealmSetup.realm(env).strictScriptPolicy().create(env);
        TestUser user = user(env, realm, "helpchrome", false, null);
        openTheSection(env, realm, user, new ChromeOptions(), true, 1);

        ChromeOptions noScript = new ChromeOptions();
        noScript.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        openTheSection(env, realm, user, noScript, false, 2);
    }

    private static void openTheSection(Env env, String realm, TestUser user, ChromeOptions options, boolean axe,
                                       int mailNumber) {
        WebDriver driver = HeadlessChromium.start(options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(Login.authUrl(env.baseUrl(), realm));
            driver.findElement(By.id("username")).sendKeys(user.username());
            driver.findElement(By.id("password")).sendKeys(RealmSetup.PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            WebElement spam = driver.findElement(By.id("otp-guard-help-spam"));
            assertThat(spam.isDisplayed()).as("collapsed").isFalse();
            if (axe) {
                assertThat(AxeCore.violations(driver)).as("axe-core, collapsed").isEmpty();
            }

            driver.findElement(By.id("otp-guard-help-toggle")).click();

            wait.until(ExpectedConditions.visibilityOf(spam));
            assertThat(driver.findElement(By.id("otp-guard-help")).getAttribute("open")).isNotNull();
            assertThat(spam.getText()).isEqualTo(SPAM);
            if (axe) {
                assertThat(AxeCore.violations(driver)).as("axe-core, open").isEmpty();
            }
            // open, the section keeps the code form working
            driver.findElement(By.id("code")).sendKeys(env.mailbox.awaitCode(user.email(), mailNumber));
            driver.findElement(By.id("otp-guard-submit")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(RealmSetup.REDIRECT_URI));
        } finally {
            driver.quit();
        }
    }
}
