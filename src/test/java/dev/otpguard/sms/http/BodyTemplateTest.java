package dev.otpguard.sms.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever a value holds, it stays inside its JSON string or form field: it can add no member and no field. */
class BodyTemplateTest {

    private static final List<String> HOSTILE = List.of("plain 123456", "quote \" and backslash \\ end",
            "\",\"to\":\"+19005550000", "line\nbreak\r\ttab", "\u2028\u2029 separators", "nul \u0000 bell \u0007",
            "عربي 123456 ✓ 🙂", "}{ ]] \"\"\" \\u0022", "a&to=%2B1900&b=c", "{{to}} stays text");

    private static BodyTemplate template(String body, BodyTemplate.Format format) {
        List<String> problems = new ArrayList<>();
        BodyTemplate template = BodyTemplate.parse(body, format, problems);
        assertThat(problems).isEmpty();
        return template;
    }

    @Test
    void jsonValuesStayInsideTheirStrings() throws Exception {
        BodyTemplate body = template("{\"to\":\"{{to}}\",\"text\":\"{{text}}\",\"realm\":\"{{realm}}\"}",
                BodyTemplate.Format.JSON);
        for (String text : HOSTILE) {
            Map<String, String> values = values(text);
            JsonNode parsed = new ObjectMapper().readTree(body.render(values));
            assertThat(parsed.size()).as(text).isEqualTo(3);
            assertThat(parsed.get("to").asText()).isEqualTo("+4915123456789");
            assertThat(parsed.get("text").asText()).isEqualTo(text);
            assertThat(parsed.get("realm").asText()).isEqualTo(text);
        }
    }

    @Test
    void formValuesStayInsideTheirFields() {
        BodyTemplate body = template("to={{to}}&message={{text}}&tenant={{realm}}", BodyTemplate.Format.FORM);
        for (String text : HOSTILE) {
            String rendered = body.render(values(text));
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : rendered.split("&")) {
                String[] kv = pair.split("=", 2);
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            assertThat(fields).as(text).containsOnlyKeys("to", "message", "tenant");
            assertThat(fields.get("to")).isEqualTo("+4915123456789");
            assertThat(fields.get("message")).isEqualTo(text);
        }
    }

    @Test
    void toDigitsIsTheNumberWithoutItsPlus() {
        BodyTemplate body = template("{\"to\":\"{{to_digits}}\"}", BodyTemplate.Format.JSON);
        assertThat(body.render(Map.of("to_digits", "4915123456789"))).isEqualTo("{\"to\":\"4915123456789\"}");
    }

    private static Map<String, String> values(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("to", "+4915123456789");
        values.put("text", text);
        values.put("realm", text);
        return values;
    }
}
