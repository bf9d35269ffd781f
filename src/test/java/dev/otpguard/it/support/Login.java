package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    public String realm() {
        return realm;
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

    /** The code page's "Check again" button: the delivery's latest status, as a browser without JavaScript asks. */
    public Page checkAgain(Page codePage) {
        return browser.submit(codePage, "otp-guard-check-form", Map.of());
    }

    /**
     * Codes leave after the request: presses "Check again" until the page knows whether the code left (any status
     * but "sending"), as a browser without JavaScript would, and returns that page. A page that follows no send is
     * returned as it is.
     */
    public Page awaitSend(Page codePage) {
        return awaitSend(codePage, java.time.Duration.ofSeconds(30));
    }

    /** {@link #awaitSend(Page)}, failing when the page still says "sending" after {@code atMost}. */
    public Page awaitSend(Page codePage, java.time.Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Page page = codePage;
        while (sending(page)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the code page still says 'sending' after " + atMost.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            page = checkAgain(page);
        }
        return page;
    }

    private static boolean sending(Page page) {
        if (page.document() == null || page.document().getElementById("otp-guard-check-form") == null) {
            return false;
        }
        org.jsoup.nodes.Element box = page.document().getElementById("otp-guard-delivery");
        return box != null && "sending".equals(box.attr("data-status"));
    }

    /** Trades the authorization code of a finished login for tokens, and returns the ID token's claims. */
    public JsonNode exchange(Page redirect) {
        JsonNode tokens = tokens(redirect);
        String idToken = tokens.path("id_token").asText();
        if (idToken.isEmpty()) {
            throw new AssertionError("no id_token: " + tokens);
        }
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trades the authorization code of a finished login for tokens: the token endpoint's answer as it came. */
    public JsonNode tokens(Page redirect) {
        String code = URI.create(redirect.url()).getQuery().replaceAll(".*(?:^|&)code=([^&]+).*", "$1");
        return tokenEndpoint("grant_type=authorization_code&client_id=" + RealmSetup.CLIENT_ID + "&redirect_uri="
                + URLEncoder.encode(RealmSetup.REDIRECT_URI, StandardCharsets.UTF_8) + "&code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8)).body();
    }

    /** Asks for new tokens with a refresh token, as the application would; status and answer as they came. */
    public TokenAnswer refresh(String refreshToken) {
        return tokenEndpoint("grant_type=refresh_token&client_id=" + RealmSetup.CLIENT_ID + "&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
    }

    public record TokenAnswer(int status, JsonNode body) {
    }

    private TokenAnswer tokenEndpoint(String form) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            return new TokenAnswer(response.statusCode(), new ObjectMapper().readTree(response.body()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
