package dev.otpguard.it.support;

import static dev.otpguard.it.support.EventMatch.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventMatchTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void namedFieldsMustMatchAndUnnamedOnesMatchAnything() throws Exception {
        JsonNode wrong = json("{\"type\":\"LOGIN_ERROR\",\"error\":\"invalid_user_credentials\","
                + "\"details\":{\"otp_guard_action\":\"verify\"}}");
        assertThat(event("LOGIN_ERROR").matches(wrong)).isTrue();
        assertThat(event("LOGIN_ERROR").error("invalid_user_credentials").action("verify").matches(wrong)).isTrue();
        assertThat(event("LOGIN_ERROR").error("expired_code").matches(wrong)).isFalse();
        assertThat(event("LOGIN_ERROR").action("resend").matches(wrong)).isFalse();
        assertThat(event("LOGIN_ERROR").success().matches(wrong)).isFalse();
        assertThat(event("LOGIN").matches(wrong)).isFalse();
        assertThat(event("LOGIN").success().matches(json("{\"type\":\"LOGIN\"}"))).isTrue();
    }

    @Test
    void aFailedAssertionNamesWhatItLookedFor() throws Exception {
        Events none = Events.of(List.of(json("{\"type\":\"LOGIN\"}")));
        assertThatThrownBy(() -> none.assertHas(event("LOGIN_ERROR").error("expired_code").action("verify")))
                .hasMessageContaining("event(LOGIN_ERROR: error=expired_code, otp_guard_action=verify)");
        none.assertHasNo(event("LOGIN_ERROR"));
    }
}
