package dev.otpguard.it.support;

import java.util.Map;

/** The steps of a browser login, as a user takes them: open the app's login, type password, type code. */
public final class Login {

    private final Browser browser;
    private final String baseUrl;
    private final String realm;

    public Login(TestEnvironment.Env env, String realm) {
        this(env.browser(), env.baseUrl(), realm);
    }

    public Login(Browser browser, String baseUrl, String realm) {
        this.browser = browser;
        this.baseUrl = baseUrl;
        this.realm = realm;
    }

    public Browser browser() {
        return browser;
    }

    public static String authUrl(String baseUrl, String realm) {
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + RealmSetup.CLIENT_ID
                + "&redirect_uri=" + RealmSetup.REDIRECT_URI + "&response_type=code&scope=openid";
    }

    public Page open() {
        return browser.get(authUrl(baseUrl, realm));
    }

    /** Opens the login and passes the password form; returns the page that follows (usually the code page). */
    public Page passwordStep(String username) {
        Page loginPage = open();
        return browser.submit(loginPage, "kc-form-login",
                Map.of("username", username, "password", RealmSetup.PASSWORD));
    }

    public Page enterCode(Page codePage, String code) {
        return browser.submit(codePage, "otp-guard-code-form", Map.of("code", code));
    }

    public Page resend(Page codePage) {
        return browser.submit(codePage, "otp-guard-resend-form", Map.of());
    }

    /**
     * Reloads the current page: a GET of its address. Keycloak answers a stale action address with its
     * "page has expired" page, whose "continue" link shows the current step again, as a user would click it.
     */
    public Page reload(Page page) {
        Page again = browser.get(page.url());
        if (again.document() != null && again.document().getElementById("loginContinueLink") != null) {
            again = browser.get(again.document().getElementById("loginContinueLink").absUrl("href"));
        }
        return again;
    }
}
