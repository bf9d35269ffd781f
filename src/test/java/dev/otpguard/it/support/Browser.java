package dev.otpguard.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * An HTTP "browser" that follows Keycloak's pages by their real forms and links. It keeps its own cookie jar:
 * Keycloak marks its cookies Secure even on http://localhost, which java.net.CookieManager would drop.
 * Redirects are followed until they leave Keycloak (the client's redirect URI), which ends a login.
 * Several threads may post through one browser at once (a user double-clicking, a script in a burst): the
 * cookie jar is shared and guarded.
 */
public final class Browser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final String keycloakBase;
    private String acceptLanguage = "en";
    private java.util.function.Consumer<String> setCookieListener = header -> { };

    public Browser(String keycloakBase) {
        this.keycloakBase = keycloakBase;
    }

    private String userAgent = "otp-guard-tests";
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    /** Sends this header with every request (for example a forged X-Forwarded-For). */
    public Browser header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public Browser userAgent(String value) {
        this.userAgent = value;
        return this;
    }

    public Browser language(String tag) {
        this.acceptLanguage = tag;
        return this;
    }

    /** Lets a test see every raw Set-Cookie header (to check cookie flags). */
    public void onSetCookie(java.util.function.Consumer<String> listener) {
        this.setCookieListener = listener;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    private String routedPrefix;
    private String routedTo;

    /**
     * Plays the load balancer in front of a cluster: every request whose URL starts with {@code publicBase}
     * (Keycloak's {@code --hostname}, where nothing listens) goes to {@code nodeBase} instead. Keycloak writes the
     * public address into its form actions and redirects, so calling this again between two steps moves the
     * login to another node. Pages keep the public address. The cookie jar ignores host and port, as a browser
     * ignores the port: cookies one node sets go to every node.
     */
    public Browser route(String publicBase, String nodeBase) {
        this.routedPrefix = publicBase;
        this.routedTo = nodeBase;
        return this;
    }

    private URI target(String url) {
        if (routedPrefix != null && url.startsWith(routedPrefix)) {
            return URI.create(routedTo + url.substring(routedPrefix.length()));
        }
        return URI.create(url);
    }

    public Page get(String url) {
        return follow(HttpRequest.newBuilder(target(url)).GET(), url);
    }

    /** Submits the form with this id, with the given fields added to (or replacing) its hidden inputs. */
    public Page submit(Page page, String formId, Map<String, String> fields) {
        Element form = page.document().getElementById(formId);
        if (form == null) {
            throw new AssertionError("no form #" + formId + " on page " + page.url() + "\n" + page.text());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[type=hidden]")) {
            values.put(input.attr("name"), input.attr("value"));
        }
        values.putAll(fields);
        return post(form.absUrl("action"), values);
    }

    /** Submits a form element (for pages where several forms share an id). */
    public Page submit(Element form, Map<String, String> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[type=hidden]")) {
            values.put(input.attr("name"), input.attr("value"));
        }
        values.putAll(fields);
        return post(form.absUrl("action"), values);
    }

    public Page post(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return follow(HttpRequest.newBuilder(target(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), url);
    }

    /**
     * Sends any method with a raw body (null: none) and content type, as a hostile client would: for bodies no
     * form would produce (duplicate or malformed fields, other content types) and methods forms never use.
     */
    public Page send(String method, String url, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return follow(request, url);
    }

    private Page follow(HttpRequest.Builder request, String url) {
        HttpResponse<String> response = send(request, url);
        int hops = 0;
        while (response.statusCode() / 100 == 3 && hops++ < 10) {
            String location = response.headers().firstValue("Location").orElseThrow();
            URI next = URI.create(url).resolve(location);
            if (!next.toString().startsWith(keycloakBase)) {
                return new Page(next.toString(), response.statusCode(), null, response.body());
            }
            url = next.toString();
            response = send(HttpRequest.newBuilder(target(url)).GET(), url);
        }
        Document document = Jsoup.parse(response.body(), url);
        return new Page(url, response.statusCode(), document, response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String url) {
        request.timeout(Duration.ofSeconds(60)).header("Accept-Language", acceptLanguage).header("User-Agent", userAgent)
                .header("Accept", "text/html,application/xhtml+xml");
        extraHeaders.forEach(request::header);
        synchronized (cookies) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            remember(response.headers());
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("request to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(HttpHeaders headers) {
        for (String header : headers.allValues("Set-Cookie")) {
            setCookieListener.accept(header);
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean expired = header.toLowerCase().contains("max-age=0") || value.isEmpty();
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
