package dev.otpguard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackFormTest {

    private static Map<String, List<String>> form(String... nameValues) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.computeIfAbsent(nameValues[i], n -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return form;
    }

    @Test
    void aTwilioCallbackKeepsItsFields() throws Exception {
        assertThat(CallbackForm.of(120, form("MessageSid", "SM0123", "MessageStatus", "undelivered",
                "ErrorCode", "30007", "To", "+4915112345678", "Body", "")))
                .containsEntry("MessageSid", "SM0123").containsEntry("MessageStatus", "undelivered")
                .containsEntry("ErrorCode", "30007").containsEntry("To", "+4915112345678").containsEntry("Body", "");
    }

    @Test
    void aDeclaredLengthOverTheBoundIsRefusedBeforeAnyField() {
        assertThatThrownBy(() -> CallbackForm.of(1_048_576, form("MessageStatus", "sent")))
                .isInstanceOf(CallbackForm.TooLargeException.class);
    }

    @Test
    void anUndeclaredBodyIsCounted() {
        String big = "a".repeat(2000);
        Map<String, List<String>> many = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("f" + i, List.of(big));
        }
        assertThatThrownBy(() -> CallbackForm.of(-1, many)).isInstanceOf(CallbackForm.TooLargeException.class);
    }

    @Test
    void brokenFormsAreRefused() {
        for (Map<String, List<String>> broken : List.of(form("a", "1", "a", "2"), form("", "x"), form("a\nb", "1"),
                form("<b>\u00e9", "1"))) {
            assertThatThrownBy(() -> CallbackForm.of(10, broken)).as("%s", broken)
                    .isInstanceOf(CallbackForm.MalformedException.class);
        }
        Map<String, List<String>> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 70; i++) {
            tooMany.put("f" + i, List.of("1"));
        }
        assertThatThrownBy(() -> CallbackForm.of(-1, tooMany)).isInstanceOf(CallbackForm.MalformedException.class);
    }

    @Test
    void htmlInAValueIsJustText() throws Exception {
        assertThat(CallbackForm.of(50, form("MessageStatus", "<script>alert(1)</script>")))
                .containsEntry("MessageStatus", "<script>alert(1)</script>");
    }
}
