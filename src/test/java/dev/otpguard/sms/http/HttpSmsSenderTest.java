package dev.otpguard.sms.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.otpguard.sms.SmsException;
import dev.otpguard.sms.SmsMessage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real HTTP server (WireMock): what each answer means for the user, the timeouts, and that no
 * error text ever carries the number, the text or a secret.
 */
class HttpSmsSenderTest {

    private static final String NUMBER = "+4915123456789";
    private static final String TEXT = "123456 is your code";
    private static final String TOKEN = "tok-SECRET-42";

    private static WireMockServer gateway;

    @BeforeAll
    static void start() {
        gateway = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        gateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.stop();
    }

    @BeforeEach
    void reset() {
        gateway.resetAll();
    }

    private static HttpSmsSender sender(Map<String, String> extra, Map<String, String> vault) {
        Map<String, String> options = new HashMap<>();
        options.put("url", "http://localhost:" + gateway.port() + "/send");
        options.put("body", "{\"to\":\"{{to}}\",\"text\":\"{{text}}\"}");
        options.put("header-1", "Authorization: Bearer {{vault.token}}");
        options.put("answer-timeout-millis", "1500");
        options.putAll(extra);
        HttpGatewaySettings.Parsed parsed = HttpGatewaySettings.from(new MapScope(options));
        assertThat(parsed.problems()).isEmpty();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new HttpSmsSender(parsed.settings(), http, vault::get, "acme");
    }

    private static HttpSmsSender sender(Map<String, String> extra) {
        return sender(extra, Map.of("${vault.token}", TOKEN));
    }

    private static SmsException failure(HttpSmsSender sender) {
        SmsException e = catchThrowableOfType(SmsException.class,
                () -> sender.sendTracked(new SmsMessage(NUMBER, TEXT)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(NUMBER).doesNotContain("5123456789").doesNotContain(TEXT)
                .doesNotContain(TOKEN);
        return e;
    }

    @Test
    void eachStatusMeansWhatTheUserIsTold() {
        Map<Integer, SmsException.Reason> expected = Map.of(401, SmsException.Reason.NOT_CONFIGURED,
                403, SmsException.Reason.NOT_CONFIGURED, 404, SmsException.Reason.NOT_CONFIGURED,
                429, SmsException.Reason.RATE_LIMITED, 400, SmsException.Reason.INVALID_NUMBER,
                422, SmsException.Reason.INVALID_NUMBER, 500, SmsException.Reason.UNAVAILABLE,
                503, SmsException.Reason.UNAVAILABLE, 302, SmsException.Reason.UNAVAILABLE);
        expected.forEach((status, reason) -> {
            gateway.resetAll();
            gateway.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(status)
                    .withHeader("Location", "https://elsewhere.example/").withBody("{\"to\":\"" + NUMBER + "\"}")));
            SmsException e = failure(sender(Map.of()));
            assertThat(e.reason()).as("HTTP " + status).isEqualTo(reason);
            assertThat(e.getMessage()).contains("HTTP " + status).contains("localhost");
        });
        // the redirect was not followed
        assertThat(gateway.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void aSlowOrStalledGatewayIsCutOffAtTheAnswerTimeout() {
        gateway.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
        long start = System.nanoTime();
        assertThat(failure(sender(Map.of())).reason()).isEqualTo(SmsException.Reason.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));

        gateway.resetAll();
        // headers at once, then the body a byte at a time over 5 s
        gateway.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"" + "x".repeat(50) + "\"}").withChunkedDribbleDelay(50, 5000)));
        start = System.nanoTime();
        assertThat(failure(sender(Map.of("message-id-pointer", "/id"))).getMessage())
                .contains("no complete answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aMissingOrBrokenVaultEntryStopsTheSendBeforeAnyRequest() {
        SmsException missing = failure(sender(Map.of(), Map.of()));
        assertThat(missing.reason()).isEqualTo(SmsException.Reason.NOT_CONFIGURED);
        assertThat(missing.getMessage()).contains("header-1").contains("'token'");

        SmsException split = failure(sender(Map.of(), Map.of("${vault.token}", TOKEN + "\r\nX-Evil: 1")));
        assertThat(split.reason()).isEqualTo(SmsException.Reason.NOT_CONFIGURED);
        assertThat(split.getMessage()).contains("control characters");
        assertThat(gateway.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aRefusalInsideA200IsARefusal() {
        gateway.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"status\":\"REJECTED\",\"to\":\"" + NUMBER + "\"}]}")));
        SmsException e = failure(sender(Map.of("success-pointer", "/messages/0/status", "success-value",
                "PENDING")));
        assertThat(e.reason()).isEqualTo(SmsException.Reason.UNAVAILABLE);
        assertThat(e.getMessage()).contains("/messages/0/status is 'REJECTED'");

        gateway.resetAll();
        gateway.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(200).withBody("not json")));
        assertThat(failure(sender(Map.of("success-pointer", "/ok"))).getMessage()).contains("is not JSON");
    }

    @Test
    void theMessageIdIsTakenOnlyWhenItIsAPlainToken() throws Exception {
        gateway.stubFor(post(urlEqualTo("/send")).willReturn(aResponse().withStatus(201)
                .withBody("{\"id\":\"01FC66621XXXXX119Z8PMV1QPQ\",\"bad\":\"a b\\n<c>\"}")));
        assertThat(sender(Map.of("message-id-pointer", "/id")).sendTracked(new SmsMessage(NUMBER, TEXT)))
                .isEqualTo("01FC66621XXXXX119Z8PMV1QPQ");
        assertThat(sender(Map.of("message-id-pointer", "/bad")).sendTracked(new SmsMessage(NUMBER, TEXT))).isNull();
        assertThat(sender(Map.of("message-id-pointer", "/none")).sendTracked(new SmsMessage(NUMBER, TEXT)))
                .isNull();
    }
}
