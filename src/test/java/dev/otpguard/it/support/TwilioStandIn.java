package dev.otpguard.it.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP stand-in for the Twilio API (WireMock): the real twilio-java inside Keycloak talks to it through
 * the sender's api-base-url option. Messages and Verify calls are answered as Twilio would; tests can make a
 * number fail with an HTTP status and Twilio error code, or stall.
 */
public final class TwilioStandIn implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "tw-auth-token-never-logged-7f3a9c";
    public static final String FROM = "+15005550006";
    public static final String VERIFY_SERVICE_SID = "VA0123456789abcdef0123456789abcdef";
    /** The code the Verify stand-in accepts for every number. */
    public static final String VERIFY_CODE = "864209";

    /** The read and connect timeouts Keycloak's Twilio senders get in the tests (server options), in ms. */
    /** 4 s: the first Twilio call of a run on a busy 2-core machine took more than 2 s. */
    public static final int READ_TIMEOUT_MILLIS = 4000;
    public static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    /** The path of the stand-in's plain HTTP gateway, for the {@code http} sender (a Sinch-like JSON API). */
    public static final String GATEWAY = "/http-gateway/sms";
    /** The vault key the {@code http} sender's Authorization header names. */
    public static final String GATEWAY_TOKEN_KEY = "sms_gateway_token";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,10})\\b");

    private final WireMockServer server;
    private final Set<String> seenCodes = ConcurrentHashMap.newKeySet();
    private StubMapping messagesAnswer;

    public TwilioStandIn() {
        this(WireMockConfiguration.options().containerThreads(20));
    }

    /**
     * A stand-in for load (the benchmark): enough threads for many stalled requests at once, and no request
     * journal, which would grow with every message. {@link #messagesTo} then sees nothing: use {@link #onMessage}.
     */
    public static TwilioStandIn forLoad() {
        return new TwilioStandIn(WireMockConfiguration.options().containerThreads(200).disableRequestJournal());
    }

    private TwilioStandIn(WireMockConfiguration options) {
        server = new WireMockServer(options.dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        messagesAnswer = server.stubFor(messagesAnswer(Duration.ZERO));
        server.stubFor(post(urlPathEqualTo(GATEWAY)).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"gw-{{randomValue length=16 type='ALPHANUMERIC'}}\"}")));
        server.stubFor(get(urlPathEqualTo("/v2/Services/" + VERIFY_SERVICE_SID)).willReturn(json(200,
                "{\"sid\":\"" + VERIFY_SERVICE_SID + "\",\"code_length\":6}")));
        server.stubFor(post(urlPathEqualTo("/v2/Services/" + VERIFY_SERVICE_SID + "/Verifications")).willReturn(
                json(201, "{\"sid\":\"VE0123456789abcdef0123456789abcdef\",\"status\":\"pending\"}")));
        server.stubFor(post(urlPathEqualTo("/v2/Services/" + VERIFY_SERVICE_SID + "/VerificationCheck"))
                .atPriority(10).willReturn(json(200, "{\"status\":\"pending\",\"valid\":false}")));
        server.stubFor(post(urlPathEqualTo("/v2/Services/" + VERIFY_SERVICE_SID + "/VerificationCheck"))
                .withRequestBody(containing("Code=" + VERIFY_CODE)).atPriority(5)
                .willReturn(json(200, "{\"status\":\"approved\",\"valid\":true}")));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder messagesAnswer(Duration latency) {
        // a SID of its own for every message, as Twilio's: status callbacks name the message by it
        return post(urlPathMatching("/2010-04-01/Accounts/[A-Za-z0-9_]+/Messages.json")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withFixedDelay((int) latency.toMillis())
                        .withHeader("Content-Type", "application/json").withTransformers("response-template")
                        .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\",\"status\":\"queued\","
                                + "\"account_sid\":\"" + ACCOUNT_SID + "\"}"));
    }

    /** Every Messages request (unless a number has its own answer) is answered after this delay, like Twilio's. */
    public TwilioStandIn latency(Duration latency) {
        server.removeStub(messagesAnswer);
        messagesAnswer = server.stubFor(messagesAnswer(latency));
        return this;
    }

    /**
     * Calls {@code listener} with the form parameters (To, Body, …) of every Messages request as it arrives, before
     * the answer (and any delay): a lookup without scanning the journal, for many concurrent logins.
     */
    public void onMessage(java.util.function.Consumer<Map<String, String>> listener) {
        server.addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().startsWith(MESSAGES)) {
                listener.accept(form(request.getBodyAsString()));
            }
        });
    }

    /** The code in a message text, or null. */
    public static String codeIn(String body) {
        Matcher m = CODE.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** The Keycloak options that point both Twilio senders at this stand-in. */
    public List<String> keycloakOptions() {
        List<String> options = new ArrayList<>();
        for (String provider : List.of("twilio", "twilio-verify")) {
            String prefix = "--spi-otp-guard-sms-sender--" + provider + "--";
            options.add(prefix + "account-sid=" + ACCOUNT_SID);
            options.add(prefix + "auth-token=" + AUTH_TOKEN);
            options.add(prefix + "api-base-url=" + baseUrl());
            options.add(prefix + "read-timeout-millis=" + READ_TIMEOUT_MILLIS);
            options.add(prefix + "connect-timeout-millis=" + CONNECT_TIMEOUT_MILLIS);
        }
        options.add("--spi-otp-guard-sms-sender--twilio--from=" + FROM);
        options.add("--spi-otp-guard-sms-sender--twilio-verify--verify-service-sid=" + VERIFY_SERVICE_SID);
        // the http sender, for steps that choose it: JSON with the realm's vault token (docs/deploy/http-sms-sender.md)
        String http = "--spi-otp-guard-sms-sender--http--";
        options.add(http + "url=" + baseUrl() + GATEWAY);
        options.add(http + "from=OTPGuard");
        options.add(http + "body={\"to\":\"{{to}}\",\"text\":\"{{text}}\",\"from\":\"{{from}}\","
                + "\"tenant\":\"{{realm}}\"}");
        options.add(http + "header-1=Authorization: Bearer {{vault." + GATEWAY_TOKEN_KEY + "}}");
        options.add(http + "message-id-pointer=/id");
        options.add(http + "answer-timeout-millis=" + READ_TIMEOUT_MILLIS);
        // provider-default (not provider) keeps every sender loaded, so a step may choose twilio-verify or log
        options.add("--spi-otp-guard-sms-sender--provider-default=twilio");
        return options;
    }

    /** Requests of the plain HTTP gateway for one number, oldest first. */
    public List<LoggedRequest> gatewayRequestsTo(String number) {
        List<LoggedRequest> all = new ArrayList<>(server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals(GATEWAY) && r.getBodyAsString().contains("\"to\":\"" + number + "\""))
                .toList());
        all.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return all;
    }

    /** Makes the plain HTTP gateway answer every message to {@code number} with this status. */
    public StubMapping gatewayFailsFor(String number, int status) {
        return server.stubFor(post(urlPathEqualTo(GATEWAY)).atPriority(1)
                .withRequestBody(containing("\"to\":\"" + number + "\""))
                .willReturn(json(status, "{\"code\":\"refused\",\"to\":\"" + number + "\"}")));
    }

    /** Messages-API requests for one number, oldest first, as form parameters. */
    public List<Map<String, String>> messagesTo(String number) {
        return requests(MESSAGES, number);
    }

    /** The SIDs the stand-in gave the Messages requests for one number, oldest first. */
    public List<String> messageSidsTo(String number) {
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        List<String> sids = new ArrayList<>();
        Pattern sid = Pattern.compile("\"sid\":\"([A-Za-z0-9]+)\"");
        for (var event : events) {
            if (event.getRequest().getUrl().startsWith(MESSAGES)
                    && number.equals(form(event.getRequest().getBodyAsString()).get("To"))
                    && event.getResponse() != null) {
                Matcher m = sid.matcher(event.getResponse().getBodyAsString());
                if (m.find()) {
                    sids.add(m.group(1));
                }
            }
        }
        return sids;
    }

    /** Verify-API "send a verification" requests for one number. */
    public List<Map<String, String>> verificationsTo(String number) {
        return requests("/v2/Services/" + VERIFY_SERVICE_SID + "/Verifications", number);
    }

    private List<Map<String, String>> requests(String path, String number) {
        List<Map<String, String>> result = new ArrayList<>();
        List<LoggedRequest> all = new ArrayList<>(server.getAllServeEvents().stream().map(e -> e.getRequest()).toList());
        all.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        for (LoggedRequest request : all) {
            if (request.getUrl().startsWith(path)) {
                Map<String, String> form = form(request.getBodyAsString());
                if (number.equals(form.get("To"))) {
                    result.add(form);
                }
            }
        }
        return result;
    }

    /** Waits for the n-th message to {@code number} (1-based) and returns the code in it. */
    public String awaitCode(String number, int n) {
        String body = Poll.nth(() -> messagesTo(number), n, "SMS to " + number).get("Body");
        Matcher m = CODE.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no code in SMS: " + body);
        }
        seenCodes.add(m.group(1));
        return m.group(1);
    }

    public Set<String> seenCodes() {
        return seenCodes;
    }

    /** Makes every message to {@code number} fail with this HTTP status and Twilio error code. */
    public StubMapping failFor(String number, int status, int twilioCode) {
        return server.stubFor(post(urlPathEqualTo(MESSAGES)).atPriority(1)
                .withRequestBody(containing("To=" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                .willReturn(json(status, "{\"code\":" + twilioCode + ",\"message\":\"The 'To' number " + number
                        + " is not valid\",\"more_info\":\"https://www.twilio.com/docs/errors/" + twilioCode
                        + "\",\"status\":" + status + "}")));
    }

    /** The message SID {@link #answerLateFor} answers with: the form Twilio's SIDs have, so callbacks may name it. */
    public static final String LATE_SID = "SM" + "1a7e".repeat(8);

    /**
     * Makes every message to {@code number} accepted after {@code delay} (keep it below the sender's read timeout),
     * with the SID {@link #LATE_SID}: a Twilio that is slow, not broken.
     */
    public StubMapping answerLateFor(String number, Duration delay) {
        return server.stubFor(post(urlPathEqualTo(MESSAGES)).atPriority(1)
                .withRequestBody(containing("To=" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(201).withFixedDelay((int) delay.toMillis())
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + LATE_SID + "\",\"status\":\"queued\"}")));
    }

    /** Makes every message to {@code number} hang for {@code delay} before Twilio "answers". */
    public StubMapping stallFor(String number, Duration delay) {
        return server.stubFor(post(urlPathEqualTo(MESSAGES)).atPriority(1)
                .withRequestBody(containing("To=" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(201).withFixedDelay((int) delay.toMillis())
                        .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SMx\"}")));
    }

    /**
     * Makes every message to {@code number} get its status line and headers at once, and then its body in small
     * pieces spread over {@code duration}: a Twilio (or proxy) that starts to answer and then stalls.
     */
    public StubMapping stallBodyFor(String number, Duration duration) {
        return server.stubFor(post(urlPathEqualTo(MESSAGES)).atPriority(1)
                .withRequestBody(containing("To=" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\"}")
                        .withChunkedDribbleDelay(20, (int) duration.toMillis())));
    }

    /** Makes every message to {@code number} end with the connection reset, before any HTTP answer. */
    public StubMapping dropFor(String number) {
        return server.stubFor(post(urlPathEqualTo(MESSAGES)).atPriority(1)
                .withRequestBody(containing("To=" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** How long the stand-in itself took per Messages request (excluding deliberate stalls), in ms. */
    public List<Long> processingMillis() {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(MESSAGES))
                .filter(e -> e.getTiming() != null && e.getTiming().getServeTime() != null)
                .map(e -> (long) e.getTiming().getServeTime())
                .filter(ms -> ms < 1000)
                .toList();
    }

    public void remove(StubMapping stub) {
        server.removeStub(stub);
    }

    public List<LoggedRequest> allRequests() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }


    @Override
    public void close() {
        server.stop();
    }

    /**
     * The {@code X-Twilio-Signature} Twilio puts on a status callback to {@code url}: HMAC-SHA1 with the auth token
     * over the URL followed by the fields sorted by name and their values, Base64.
     */
    /**
     * Posts a delivery status callback for message {@code sid} to the realm's OTP Guard endpoint, form-encoded and
     * signed as Twilio signs it; returns the HTTP status.
     *
     * @param errorCode Twilio's error code, or null
     */
    public static int postStatusCallback(String baseUrl, String realm, String to, String sid, String status,
                                         String errorCode) throws java.io.IOException, InterruptedException {
        String url = baseUrl + "/realms/" + realm + "/otp-guard/twilio/status";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("SmsSid", sid);
        form.put("MessageStatus", status);
        form.put("SmsStatus", status);
        form.put("To", to);
        form.put("From", FROM);
        form.put("AccountSid", ACCOUNT_SID);
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Twilio-Signature", signCallback(url, form))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public static String signCallback(String url, Map<String, String> form) {
        return signCallback(AUTH_TOKEN, url, form);
    }

    /** The same signature made with {@code authToken} (a forger's guess, in tests of refusals). */
    public static String signCallback(String authToken, String url, Map<String, String> form) {
        StringBuilder data = new StringBuilder(url);
        new java.util.TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(authToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA1"));
            return java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
