package dev.otpguard.sms.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every wrong option is refused at start-up, named by its option; a value (maybe a secret) is never repeated. */
class HttpGatewaySettingsTest {

    private static final String SECRET = "s3cr3t-TOKEN-value";

    private static Map<String, String> good() {
        Map<String, String> options = new HashMap<>();
        options.put("url", "https://gateway.example/send");
        options.put("body", "{\"to\":\"{{to}}\",\"text\":\"{{text}}\"}");
        options.put("header-1", "Authorization: Bearer {{vault.token}}");
        return options;
    }

    private static HttpGatewaySettings.Parsed parse(Map<String, String> options) {
        return HttpGatewaySettings.from(new MapScope(options));
    }

    private static void refused(String option, String value, String named) {
        Map<String, String> options = good();
        if (value == null) {
            options.remove(option);
        } else {
            options.put(option, value);
        }
        HttpGatewaySettings.Parsed parsed = parse(options);
        assertThat(parsed.settings()).as(option + "=" + value).isNull();
        assertThat(String.join("; ", parsed.problems())).as(option + "=" + value).contains(named)
                .doesNotContain(SECRET);
    }

    @Test
    void aGoodConfigurationParses() {
        HttpGatewaySettings.Parsed parsed = parse(good());
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.settings().method()).isEqualTo("POST");
        assertThat(parsed.settings().toString()).doesNotContain("Bearer");
        Map<String, String> local = good();
        local.put("url", "http://localhost:8089/send");
        assertThat(parse(local).problems()).isEmpty();
    }

    @Test
    void theUrlMustBeHttpsOrLocalAndCarryNoCredentials() {
        refused("url", null, "url is not set");
        refused("url", "http://gateway.example/send", "url must be an https URL");
        refused("url", "ftp://gateway.example/send", "url must be an https URL");
        refused("url", "https://user:" + SECRET + "@gateway.example/send", "url must not carry credentials");
        refused("url", "not a url at all", "url");
        refused("url", "http://127.0.0.1.evil.example/send", "url must be an https URL");
    }

    @Test
    void methodFormatAndBodyAreChecked() {
        refused("method", "DELETE", "method must be POST or PUT");
        refused("body-format", "xml", "body-format must be json or form");
        refused("body", null, "body is not set");
        refused("body", "{\"to\":\"{{to}}\",\"code\":\"{{code}}\"}", "unknown variables [{{code}}]");
        refused("body", "{\"key\":\"{{vault.api_key}}\"}", "unknown variables [{{vault.api_key}}]");
        refused("body", "{\"to\":{{to}}}", "body is not valid JSON");
        refused("body", "{\"text\":\"{{text}}\"", "body is not valid JSON");
    }

    @Test
    void headersAndBasicAuthAreChecked() {
        refused("header-1", "Authorization Bearer " + SECRET, "header-1 must be 'Name: value'");
        refused("header-1", "Host: evil.example", "header-1 sets Host");
        refused("header-1", "Content-Length: 0", "header-1 sets Content-Length");
        refused("header-1", "Bad Name: x", "header-1 has a header name that is not an HTTP token");
        refused("header-1", "X-Token: " + SECRET + "\u0001x", "header-1 has an empty value or control characters");
        refused("basic-user", "user", "basic-user and basic-password go together");
        Map<String, String> both = good();
        both.put("basic-user", "u");
        both.put("basic-password", SECRET);
        assertThat(String.join(";", parse(both).problems())).contains("exclude each other").doesNotContain(SECRET);
    }

    @Test
    void pointersAndTimeoutsAreChecked() {
        refused("success-value", "0", "success-value needs success-pointer");
        refused("message-id-pointer", "messages.0.id", "message-id-pointer must be a JSON pointer");
        refused("connect-timeout-millis", "0", "connect-timeout-millis must be a whole number");
        refused("answer-timeout-millis", "99999999", "answer-timeout-millis must be a whole number");
        refused("answer-timeout-millis", "١٠٠٠", "answer-timeout-millis must be a whole number");
    }

    @Test
    void nothingSetIsNotConfiguredAndSaysSo() {
        HttpGatewaySettings.Parsed parsed = parse(Map.of());
        assertThat(parsed.configured()).isFalse();
        assertThat(parsed.problems()).contains("url is not set", "body is not set");
    }
}
