package dev.otpguard.it.support;

import java.util.Map;
import org.jsoup.nodes.Element;

/** "Forgot password?" as a user takes it: from the login page, type a name, type the code, choose a password. */
public final class PasswordReset {

    private final Browser browser;
    private final Login login;

    public PasswordReset(Browser browser, String baseUrl, String realm) {
        this.browser = browser;
        this.login = new Login(browser, baseUrl, realm);
    }

    /** Opens the app's login, follows "Forgot password?" and returns Keycloak's "Choose user" page. */
    public Page open() {
        Page loginPage = login.open();
        Element link = loginPage.document().selectFirst("a[href*=reset-credentials]");
        if (link == null) {
            throw new AssertionError("no 'Forgot password?' link on " + loginPage.url() + "\n" + loginPage.text());
        }
        return browser.get(link.absUrl("href"));
    }

    /** Opens the reset and submits {@code typed} on "Choose user"; returns the page that follows. */
    public Page start(String typed) {
        return browser.submit(open(), "kc-reset-password-form", Map.of("username", typed));
    }

    public Page enterCode(Page codePage, String code) {
        return login.enterCode(codePage, code);
    }

    public Page resend(Page codePage) {
        return login.resend(codePage);
    }

    /** The resend form posted with a way to get the code ({@code via}) that reset pages never offer: forged. */
    public Page resendVia(Page codePage, String via) {
        return browser.submit(codePage, "otp-guard-resend-form", Map.of("via", via));
    }

    /** Picks a channel on the "where should we send your code?" page. */
    public Page enterChoice(Page choicePage, String channel) {
        return browser.submit(choicePage, "otp-guard-choice-form", Map.of("channel", channel));
    }

    public static boolean isNewPasswordPage(Page page) {
        return page.document() != null && page.document().getElementById("kc-passwd-update-form") != null;
    }

    /** Submits the new password twice on Keycloak's update-password page. */
    public Page choosePassword(Page page, String password) {
        return browser.submit(page, "kc-passwd-update-form",
                Map.of("password-new", password, "password-confirm", password));
    }
}
