package dev.otpguard.sms.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.otpguard.sms.SmsMessage;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ready configurations of docs/deploy/http-sms-sender.md, read from the page itself, each sending one message
 * through the {@code http} sender to a WireMock stand-in. The expected requests and answers are those of each
 * gateway's API reference (Sinch SMS REST API "batches", Infobip "send SMS message", Vonage Messages API), written
 * out here, so a change of the page that breaks a gateway fails.
 */
class HttpGatewaysTest {

    private static final Path PAGE = Path.of("docs/deploy/http-sms-sender.md");
    private static final String NUMBER = "+4915123456789";
    /** Needs escaping in JSON: a quote, a backslash, a line break and non-Latin script. */
    private static final String TEXT = "123456 is your \"Acme\" code\\n\nعربي";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The block under {@code ### <heading>} as server options, its URL pointed at the stand-in (path kept). */
    private static Map<String, String> documented(String heading) throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int at = page.indexOf("### " + heading);
        assertThat(at).as("section '%s' in %s", heading, PAGE).isPositive();
        int open = page.indexOf("```properties\n", at) + "```properties\n".length();
        String block = page.substring(open, page.indexOf("```", open));
        Properties properties = new Properties();
        properties.load(new StringReader(block));
        Map<String, String> options = new HashMap<>();
        String prefix = "spi-otp-guard-sms-sender--http--";
        for (String name : properties.stringPropertyNames()) {
            assertThat(name).startsWith(prefix);
            options.put(name.substring(prefix.length()), properties.getProperty(name));
        }
        URI documentedUrl = URI.create(options.get("url"));
        options.put("url", "http://localhost:" + gateway.port() + documentedUrl.getRawPath());
        return options;
    }

    private static String send(Map<String, String> options, Map<String, String> vault) throws Exception {
        HttpGatewaySettings.Parsed parsed = HttpGatewaySettings.from(new MapScope(options));
        assertThat(parsed.problems()).isEmpty();
        HttpSmsSender sender = new HttpSmsSender(parsed.settings(), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build(), vault::get, "acme");
        return sender.sendTracked(new SmsMessage(NUMBER, TEXT));
    }

    private static LoggedRequest theRequest() {
        List<LoggedRequest> requests = gateway.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void sinch() throws Exception {
        Map<String, String> options = documented("Sinch");
        options.put("from", "12345");
        gateway.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withHeader("Content-Type",
                "application/json").withBody("{\"id\":\"01FC66621XXXXX119Z8PMV1QPQ\",\"to\":[\"" + NUMBER
                + "\"],\"from\":\"12345\",\"canceled\":false,\"body\":\"x\",\"type\":\"mt_text\"}")));

        String id = send(options, Map.of("${vault.sinch_api_token}", "sinch-token-1"));

        LoggedRequest request = theRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/xms/v1/YOUR_SERVICE_PLAN_ID/batches");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sinch-token-1");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(request.getBodyAsString())).isEqualTo(JSON.readTree(
                "{\"from\":\"12345\",\"to\":[\"+4915123456789\"],\"body\":" + JSON.writeValueAsString(TEXT) + "}"));
        assertThat(id).isEqualTo("01FC66621XXXXX119Z8PMV1QPQ");
    }

    @Test
    void infobip() throws Exception {
        Map<String, String> options = documented("Infobip");
        options.put("from", "InfoSMS");
        gateway.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "application/json").withBody("{\"bulkId\":\"2034072219640523072\",\"messages\":[{\"messageId\":"
                + "\"2250be2d4219-3af1-78856-aabe-1362af1edfd2\",\"status\":{\"description\":\"Message sent to next "
                + "instance\",\"groupId\":1,\"groupName\":\"PENDING\",\"id\":26,\"name\":\"PENDING_ACCEPTED\"},"
                + "\"to\":\"4915123456789\"}]}")));

        String id = send(options, Map.of("${vault.infobip_api_key}", "infobip-key-1"));

        LoggedRequest request = theRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/sms/2/text/advanced");
        assertThat(request.getHeader("Authorization")).isEqualTo("App infobip-key-1");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(JSON.readTree(request.getBodyAsString())).isEqualTo(JSON.readTree(
                "{\"messages\":[{\"destinations\":[{\"to\":\"4915123456789\"}],\"from\":\"InfoSMS\",\"text\":"
                        + JSON.writeValueAsString(TEXT) + "}]}"));
        assertThat(id).isEqualTo("2250be2d4219-3af1-78856-aabe-1362af1edfd2");

        // Infobip's refusal inside a 200: the documented success pointer sees it
        gateway.resetAll();
        gateway.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"status\":"
                + "{\"groupId\":5,\"groupName\":\"REJECTED\",\"name\":\"REJECTED_DESTINATION\"}}]}")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> send(options,
                Map.of("${vault.infobip_api_key}", "infobip-key-1"))).hasMessageContaining("'REJECTED'");
    }

    @Test
    void vonage() throws Exception {
        Map<String, String> options = documented("Vonage");
        options.put("from", "447700900001");
        gateway.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202).withHeader("Content-Type",
                "application/json").withBody("{\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab\"}")));

        String id = send(options, Map.of("${vault.vonage_api_key}", "abcd1234", "${vault.vonage_api_secret}",
                "s3cr3t"));

        LoggedRequest request = theRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/v1/messages");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("abcd1234:s3cr3t".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(request.getBodyAsString())).isEqualTo(JSON.readTree(
                "{\"message_type\":\"text\",\"channel\":\"sms\",\"to\":\"4915123456789\",\"from\":\"447700900001\","
                        + "\"text\":" + JSON.writeValueAsString(TEXT) + "}"));
        assertThat(id).isEqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab");
    }

    @Test
    void aFormEncodedGateway() throws Exception {
        Map<String, String> options = documented("A form-encoded in-house gateway");
        gateway.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        send(options, Map.of("${vault.sms_gateway_key}", "key-1"));

        LoggedRequest request = theRequest();
        assertThat(request.getUrl()).isEqualTo("/send");
        assertThat(request.getHeader("X-Api-Key")).isEqualTo("key-1");
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.formParameters().get("to").firstValue()).isEqualTo(NUMBER);
        assertThat(request.formParameters().get("message").firstValue()).isEqualTo(TEXT);
        assertThat(request.formParameters().get("tenant").firstValue()).isEqualTo("acme");
    }
}
