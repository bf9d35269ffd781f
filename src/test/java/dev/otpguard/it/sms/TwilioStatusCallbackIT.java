package dev.otpguard.it.sms;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Events;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Twilio's delivery status callbacks, end to end: the sign-in SMS asks Twilio for them (StatusCallback, and a
 * ValidityPeriod of the code's lifetime), a correctly signed callback for the SID the stand-in gave moves the
 * status the code page polls, and everything else (forged, unsigned, signed for another URL, replayed, unknown,
 * huge, HTML) is refused with one WARN line, changes nothing and never gives a 500.
 */
@ExtendWith(TestEnvironment.class)
class TwilioStatusCallbackIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One sign-in code sent by SMS and followed: its realm, user, the ticket on the page and Twilio's SID. */
    private record TrackedSms(Env env, String realm, TestUser user, String ticket, String sid, Login login,
                              Page page) {

        String statusUrl() {
            return statusUrl(env, realm);
        }

        static String statusUrl(Env env, String realm) {
            return env.baseUrl() + "/realms/" + realm + "/otp-guard/twilio/status";
        }

        Map<String, String> callback(String status, String errorCode) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("SmsSid", sid);
            form.put("SmsStatus", status);
            form.put("MessageStatus", status);
            form.put("To", user.phone());
            form.put("MessageSid", sid);
            form.put("AccountSid", TwilioStandIn.ACCOUNT_SID);
            form.put("From", TwilioStandIn.FROM);
            form.put("ApiVersion", "2010-04-01");
            if (errorCode != null) {
                form.put("ErrorCode", errorCode);
            }
            return form;
        }

        String deliveryStatus() throws Exception {
            HttpResponse<String> answer = get(env.baseUrl() + "/realms/" + realm + "/otp-guard/delivery/" + ticket);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
            return answer.body();
        }

        /** The endpoint's answer body, or "" while the ticket is unknown (404). */
        String deliveryStatusOrEmpty() throws Exception {
            HttpResponse<String> answer = get(env.baseUrl() + "/realms/" + realm + "/otp-guard/delivery/" + ticket);
            return answer.statusCode() == 404 ? "" : answer.body();
        }

        void awaitStatus(String wire) throws Exception {
            Instant deadline = Instant.now().plusSeconds(20);
            while (!deliveryStatusOrEmpty().equals("{\"status\":\"" + wire + "\"}")) {
                assertThat(Instant.now()).as("status %s within 20 s, last %s", wire, deliveryStatusOrEmpty())
                        .isBefore(deadline);
                Thread.sleep(100);
            }
        }

        long warnings() throws IOException {
            return refusalLines(env, realm).size();
        }
    }

    private static TrackedSms signIn(Env env, String prefix) {
        TestUser user = ChannelUnderTest.newUser(prefix);
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms");
        String realm = setup.create(env);
        env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
        Login login = new Login(env, realm);
        // the SMS leaves after the request; once the page says "sent", its SID is linked to the ticket
        Page page = login.awaitSend(login.passwordStep(user.username()));
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        var holder = page.document().getElementById("otp-guard-delivery");
        assertThat(holder).as("the code page follows its delivery: %s", page.text()).isNotNull();
        String statusUrl = holder.attr("data-status-url");
        String ticket = statusUrl.substring(statusUrl.lastIndexOf('/') + 1);
        String sid = Poll.nth(() -> env.twilio.messageSidsTo(user.phone()), 1, "SID of the SMS to " + user.phone());
        return new TrackedSms(env, realm, user, ticket, sid, login, page);
    }

    @Test
    void theSmsAsksTwilioForStatusReportsAndToDropItWhenTheCodeExpires(Env env) {
        TrackedSms sms = signIn(env, "cbwire");
        Map<String, String> sent = env.twilio.messagesTo(sms.user().phone()).get(0);
        assertThat(sent.get("ValidityPeriod")).isEqualTo("300");
        assertThat(sent.get("StatusCallback")).isEqualTo(sms.statusUrl());
    }

    @Test
    void sentThenDeliveredShowsOnTheStatusEndpointAndAsEvents(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbok");
        sms.awaitStatus("sent");

        assertThat(postSigned(sms, sms.callback("sent", null)).statusCode()).isEqualTo(204);
        assertThat(sms.deliveryStatus()).isEqualTo("{\"status\":\"sent\"}");
        long posted = System.nanoTime();
        assertThat(postSigned(sms, sms.callback("delivered", null)).statusCode()).isEqualTo(204);
        assertThat(sms.deliveryStatus()).isEqualTo("{\"status\":\"delivered\"}");
        // a record, not a limit: from the callback's POST to the status endpoint saying so
        System.out.println("callback to status endpoint: " + (System.nanoTime() - posted) / 1_000_000 + " ms");
        // a late "sent" (callbacks can arrive out of order) does not take "delivered" back
        assertThat(postSigned(sms, sms.callback("queued", null)).statusCode()).isEqualTo(204);
        assertThat(sms.deliveryStatus()).isEqualTo("{\"status\":\"delivered\"}");
        assertThat(sms.warnings()).isZero();
        // the page without JavaScript says it too
        assertThat(sms.login().checkAgain(sms.page()).byId("otp-guard-delivery-status"))
                .isEqualTo("Delivered to your phone.");

        Events.of(env, sms.realm(), sms.user().username()).assertHas(event("SEND_VERIFY_EMAIL").success()
                .action("delivery").detail("otp_guard_delivery", "delivered").detail("otp_guard_channel", "sms"));
    }

    @ParameterizedTest(name = "undelivered {0} -> {1}")
    @CsvSource({"30003, unreachable, This number cannot receive text messages.",
        "30005, unreachable, This number cannot receive text messages.",
        "30007, carrier-blocked, Your mobile carrier blocked the message.",
        "30008, undelivered, The message could not be delivered in time."})
    void anUndeliveredReportShowsWhyAndIsAnErrorEvent(String errorCode, String wire, String shown, Env env)
            throws Exception {
        TrackedSms sms = signIn(env, "cbu" + errorCode.substring(3));
        assertThat(postSigned(sms, sms.callback("undelivered", errorCode)).statusCode()).isEqualTo(204);
        assertThat(sms.deliveryStatus()).isEqualTo("{\"status\":\"" + wire + "\"}");
        assertThat(sms.login().checkAgain(sms.page()).byId("otp-guard-delivery-status")).startsWith(shown);
        Events.of(env, sms.realm(), sms.user().username()).assertHas(event("SEND_VERIFY_EMAIL_ERROR")
                .error("otp_delivery_failed").action("delivery").detail("otp_guard_delivery", wire)
                .detail("otp_guard_delivery_error", errorCode));
    }

    @Test
    void aForgedSignatureIsRefused(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbforge");
        Map<String, String> form = sms.callback("delivered", null);
        String forged = sign("not-the-auth-token", sms.statusUrl(), form);
        assertRefused(sms, () -> post(sms.statusUrl(), encode(form), forged), 403, "does not match");
    }

    @Test
    void aMissingSignatureIsRefused(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbnosig");
        assertRefused(sms, () -> post(sms.statusUrl(), encode(sms.callback("delivered", null)), null), 403,
                "no X-Twilio-Signature");
    }

    @Test
    void aSignatureForAnotherUrlIsRefused(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cburl");
        Map<String, String> form = sms.callback("delivered", null);
        String otherUrl = "https://attacker.example/realms/" + sms.realm() + "/otp-guard/twilio/status";
        String signedForOther = sign(TwilioStandIn.AUTH_TOKEN, otherUrl, form);
        assertRefused(sms, () -> post(sms.statusUrl(), encode(form), signedForOther), 403, "does not match");
    }

    @Test
    void aReplayedCallbackIsRefused(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbreplay");
        Map<String, String> sent = sms.callback("sent", null);
        assertThat(postSigned(sms, sent).statusCode()).isEqualTo(204);
        assertRefused(sms, () -> postSigned(sms, sent), 403, "replay");
    }

    @Test
    void aCallbackForAMessageWeDidNotSendIsRefused(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbunknown");
        TrackedSms other = new TrackedSms(env, sms.realm(), sms.user(), sms.ticket(),
                "SM" + "0".repeat(31) + "1", sms.login(), sms.page());
        assertRefused(sms, () -> postSigned(other, other.callback("delivered", null)), 403, "unknown message");
    }

    @Test
    void aOneMegabyteBodyIsRefused(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbhuge");
        StringBuilder form = new StringBuilder("MessageStatus=delivered&MessageSid=" + sms.sid());
        for (int i = 0; form.length() < 1_048_576; i++) {
            form.append("&F").append(i).append('=').append("a".repeat(1500));
        }
        byte[] huge = form.toString().getBytes(StandardCharsets.US_ASCII);
        Instant start = Instant.now();
        assertRefused(sms, () -> send(HttpRequest.newBuilder(URI.create(sms.statusUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build()), 413, "body over");
        // without a declared length (chunked) the fields are counted
        assertRefused(sms, () -> send(HttpRequest.newBuilder(URI.create(sms.statusUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build()),
                400, "too many fields");
        // one 1 MB field: the server's own form limit answers before our endpoint runs
        byte[] oneField = ("MessageStatus=delivered&MessageSid=" + sms.sid() + "&Body=" + "a".repeat(1_048_576))
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> field = send(HttpRequest.newBuilder(URI.create(sms.statusUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oneField)).build());
        assertThat(field.statusCode()).isIn(400, 413);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(sms.deliveryStatusOrEmpty()).doesNotContain("delivered");
    }

    @Test
    void htmlInTheFieldsIsRefusedAndNeverAServerError(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbhtml");
        assertRefused(sms, () -> postSigned(sms, sms.callback("<script>alert(1)</script>", null)), 400, "malformed");
        assertRefused(sms, () -> postSigned(sms, sms.callback("undelivered", "<b>30007</b>")), 400, "malformed");
        assertRefused(sms, () -> post(sms.statusUrl(), "MessageSid=%3Cimg%20src%3Dx%3E&MessageStatus=%3Ch1%3E",
                "<svg onload=alert(1)>"), 403, "does not match");
        HttpResponse<String> garbage = post(sms.statusUrl(), "MessageStatus=%3Cb%3E%00&&==\u0001", null);
        assertThat(garbage.statusCode()).isIn(400, 403);
        HttpResponse<String> notAForm = send(HttpRequest.newBuilder(URI.create(sms.statusUrl()))
                .header("Content-Type", "application/json").header("X-Twilio-Signature", "x")
                .POST(HttpRequest.BodyPublishers.ofString("{\"MessageStatus\":\"<b>\"}")).build());
        assertThat(notAForm.statusCode()).isIn(400, 403, 415);
    }

    /**
     * A body that is not even percent-encoding ({@code %%%}) fails in Keycloak's own form parser, before any realm
     * resource runs: Keycloak answers it for our endpoint exactly as for its own token endpoint (a known gap).
     */
    @Test
    void aBodyKeycloakCannotDecodeIsAnsweredAsKeycloakAnswersIt(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cbpct");
        HttpResponse<String> ours = HTTP.send(HttpRequest.newBuilder(URI.create(sms.statusUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("%%%")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> keycloaks = HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + "/realms/"
                + sms.realm() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("%%%")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ours.statusCode()).as("Keycloak's token endpoint answered %s", keycloaks.statusCode())
                .isEqualTo(keycloaks.statusCode());
        assertThat(sms.warnings()).isZero();
    }

    @Test
    void theStatusOfATicketNobodyHasIsNotFound(Env env) throws Exception {
        TrackedSms sms = signIn(env, "cb404");
        String base = env.baseUrl() + "/realms/" + sms.realm() + "/otp-guard/delivery/";
        for (String ticket : List.of("A".repeat(22), "not-a-ticket", "%3Cscript%3E", "A".repeat(5000))) {
            HttpResponse<String> answer = get(base + ticket);
            assertThat(answer.statusCode()).as(ticket).isEqualTo(404);
            assertThat(answer.headers().firstValue("Cache-Control")).as(ticket).contains("no-store");
        }
        assertThat(sms.deliveryStatus()).doesNotContain(sms.user().phone());
    }

    // ---------------------------------------------------------------- helpers

    /** Refused with {@code status}, one new WARN line naming {@code reason} without the number, status unchanged. */
    private static void assertRefused(TrackedSms sms, Call call, int status, String reason) throws Exception {
        long before = sms.warnings();
        String statusBefore = sms.deliveryStatusOrEmpty();
        HttpResponse<String> answer = call.send();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        List<String> lines = awaitRefusals(sms.env(), sms.realm(), before + 1);
        assertThat(lines).as("one WARN per refused callback").hasSize((int) (before + 1));
        String line = lines.get(lines.size() - 1);
        assertThat(line).contains(" WARN ").contains(reason).doesNotContain(sms.user().phone())
                .doesNotContain("+49151");
        assertThat(sms.deliveryStatusOrEmpty()).as("nothing changed").isEqualTo(statusBefore);
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static List<String> awaitRefusals(Env env, String realm, long atLeast) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        List<String> lines = refusalLines(env, realm);
        while (lines.size() < atLeast && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            lines = refusalLines(env, realm);
        }
        // a moment more: a second line for the same request would show now
        Thread.sleep(300);
        return refusalLines(env, realm);
    }

    private static List<String> refusalLines(Env env, String realm) throws IOException {
        String marker = "refused a Twilio status callback (realm " + realm + ")";
        return Files.readAllLines(env.server.logFile(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(marker)).toList();
    }

    private static HttpResponse<String> postSigned(TrackedSms sms, Map<String, String> form) throws Exception {
        return post(sms.statusUrl(), encode(form), sign(TwilioStandIn.AUTH_TOKEN, sms.statusUrl(), form));
    }

    private static HttpResponse<String> post(String url, String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return send(request.build());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("never a server error: %s", answer.body()).isLessThan(500);
        return answer;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** Twilio's signature: HMAC-SHA1 with the auth token over the URL and the fields sorted by name, Base64. */
    private static String sign(String authToken, String url, Map<String, String> form) {
        return TwilioStandIn.signCallback(authToken, url, form);
    }
}
