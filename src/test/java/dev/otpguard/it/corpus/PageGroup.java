package dev.otpguard.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.corpus.Corpus.Case;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;

/**
 * The pages of one corpus page group: its own realm and users, set up once and shared by the group's cases;
 * how a case is sent; and the check that the session (or link) is still usable afterwards.
 */
abstract class PageGroup {

    static final String FORM = "application/x-www-form-urlencoded";
    /**
     * How many cases share one login (or, for links, one check of the account) before the proof that it still
     * works: the right code, a valid number or address, the genuine link. {@code -Dotpguard.corpus.chain=1} proves
     * it after every single case (slower); the default proves it after every ten, which also shows that ten bad
     * inputs in a row do not wear a login down.
     */
    static final int CHAIN = Integer.getInteger("otpguard.corpus.chain", 10);

    final Env env;
    final Map<String, String> vars = new HashMap<>();
    final List<String> chain = new ArrayList<>();
    String realm;
    /** How many times the proof ran. */
    int proofs;
    private Case last;

    PageGroup(Env env) {
        this.env = env;
    }

    abstract void setUp();

    /** Sends the case; returns the page it ended on. */
    abstract Page run(Case c);

    /**
     * Proves that the user can still finish what they were doing (right code, valid number, genuine link): after
     * the case, the session is back at its page; when the chain ends, the proof runs.
     */
    abstract void stillUsable(Case c, Page result);

    /** Forgets the session in progress (after a failed case, so the next case starts clean). */
    void reset() {
        chain.clear();
    }

    void lastCase(Case c) {
        this.last = c;
    }

    /** Records the case in the chain; true when the chain ends with it and the proof is due. */
    boolean chainEnds(Case c) {
        chain.add(c.id());
        return chain.size() >= CHAIN || c.equals(last);
    }

    /** The cases the proof at the end of a chain speaks for, for its failure message. */
    String afterChain() {
        List<String> cases = List.copyOf(chain);
        chain.clear();
        proofs++;
        return "after the cases " + cases;
    }

    /** Keycloak's own login form of this realm, sent the same raw body: for telling platform answers from ours. */
    Page keycloakLoginFormWith(String contentType, byte[] body) {
        Browser browser = env.browser();
        Page loginPage = browser.get(Login.authUrl(env.baseUrl(), realm));
        Element form = loginPage.document().getElementById("kc-form-login");
        assertThat(form).as(loginPage.text()).isNotNull();
        return browser.send("POST", form.absUrl("action"), contentType, body);
    }

    /**
     * Every corpus realm: OTP Guard's hourly limits raised out of the way (the corpus signs in and sends far more
     * often than a person does), and one hash iteration for passwords, so that a login stays cheap. Users are
     * created after the policy, so their passwords are hashed with it.
     */
    static RealmSetup corpusRealm(Env env) {
        RealmSetup setup = RealmSetup.realm(env);
        for (String limit : new String[] {"sendsPerUserPerHour", "sendsPerDestinationPerHour", "sendsPerIpPerHour",
                "sendsPerRealmPerHour", "smsPerRealmPerHour"}) {
            setup.realmAttribute("otpGuard." + limit, "100000");
        }
        return setup.realmAttribute("otpGuard.failedCodesPerUserPerHour", "100");
    }

    String create(RealmSetup setup) {
        realm = setup.create(env);
        var response = env.admin.put("/admin/realms/" + realm, Map.of("passwordPolicy", "hashIterations(1)"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        return realm;
    }

    String user(String username, String email, String phone) {
        return env.admin.createUser(realm, username, email, phone, null, RealmSetup.PASSWORD);
    }

    Login login(Browser browser) {
        return new Login(browser, env.baseUrl(), realm);
    }

    String fill(String text) {
        return Transform.fill(text, vars);
    }

    /**
     * Sends a form case against the form {@code formId} of {@code page}: {@code base} are the fields a person
     * would send (the case changes one of them), {@code neutral} the fields sent when the case changes the URL,
     * the method or a cookie, chosen so that they would earn a known message if they reached our code.
     */
    Page sendFormCase(Browser browser, Page page, String formId, Map<String, String> base,
                      Map<String, String> neutral, Case c) {
        Element form = page.document().getElementById(formId);
        assertThat(form).as("form #" + formId + " on " + page.url() + ": " + page.text()).isNotNull();
        String action = form.absUrl("action");
        Map<String, String> hidden = new LinkedHashMap<>();
        for (Element input : form.select("input[type=hidden]")) {
            hidden.put(input.attr("name"), input.attr("value"));
        }
        String value = fill(c.decoded());
        switch (c.part()) {
            case "field" -> {
                Map<String, String> fields = new LinkedHashMap<>(hidden);
                fields.putAll(base);
                if (c.absent()) {
                    fields.remove(c.target());
                } else {
                    fields.put(c.target(), value);
                }
                return browser.post(action, fields);
            }
            case "body" -> {
                return browser.send("POST", action, c.target().equals("-") ? null : c.target(),
                        value.getBytes(StandardCharsets.UTF_8));
            }
            case "query" -> {
                Map<String, String> fields = new LinkedHashMap<>(hidden);
                fields.putAll(neutral);
                return browser.post(withParam(action, c.target(), c.absent() ? null : value), fields);
            }
            case "method" -> {
                Map<String, String> fields = new LinkedHashMap<>(hidden);
                fields.putAll(neutral);
                byte[] body = c.absent() ? null : encode(fields).getBytes(StandardCharsets.UTF_8);
                return browser.send(c.target(), action, body == null ? null : FORM, body);
            }
            case "cookie" -> {
                Map<String, String> saved = new LinkedHashMap<>(browser.cookies());
                if (c.absent()) {
                    browser.cookies().remove(c.target());
                } else {
                    browser.cookies().put(c.target(), value);
                }
                Map<String, String> fields = new LinkedHashMap<>(hidden);
                fields.putAll(neutral);
                try {
                    return browser.post(action, fields);
                } finally {
                    // the person's own browser still has its cookies: only this one request was tampered with
                    browser.cookies().clear();
                    browser.cookies().putAll(saved);
                }
            }
            default -> throw new IllegalArgumentException("page group " + c.page() + " has no part " + c.part());
        }
    }

    /** The page with form {@code formId} again: the result itself, or the current step reached by reloading. */
    static Page resume(Login login, Page before, Page result, String formId) {
        if (result.document() != null && result.document().getElementById(formId) != null) {
            return result;
        }
        Page again = login.reload(before);
        assertThat(again.document() == null ? null : again.document().getElementById(formId))
                .as("the session must survive the case and show #" + formId + " again; got " + again.url() + ": "
                        + again.text()).isNotNull();
        return again;
    }

    static String withParam(String url, String name, String value) {
        URI uri = URI.create(url);
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return params.isEmpty() ? base : base + "?" + encode(params);
    }

    static String param(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no parameter " + name + " in " + url);
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
