package dev.otpguard.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/**
 * The token moved from the device package to this one (issue 17, so that the sign-in code mail can carry it).
 * Keycloak parses a link's JSON into the handler's token class, so links mailed before the move keep working only
 * if the JSON form stays the same: these literals are what the token wrote before it moved.
 */
class NotMeActionTokenTest {

    /** Written by {@code dev.otpguard.device.NotMeActionToken} before the move; the nonce is random per token. */
    private static final String BEFORE_THE_MOVE = "{\"exp\":2000000000,\"newSecondFactor\":true,\"sub\":\"user-1\","
            + "\"typ\":\"otp-guard-not-me\",\"azp\":\"test-app\",\"nonce\":\"<nonce>\"}";

    @Test
    void itsJsonFormIsTheOneLinksWereMailedWith() throws Exception {
        String json = JsonSerialization.writeValueAsString(
                new NotMeActionToken("user-1", 2000000000, "test-app", true));

        assertThat(json.replaceAll("\"nonce\":\"[0-9a-f-]{36}\"", "\"nonce\":\"<nonce>\"")).isEqualTo(BEFORE_THE_MOVE);
    }

    @Test
    void aLinkMailedBeforeTheMoveIsReadBack() throws Exception {
        String mailed = "{\"exp\":2000000000,\"iat\":1999990000,\"newSecondFactor\":true,\"sub\":\"user-1\","
                + "\"typ\":\"otp-guard-not-me\",\"azp\":\"test-app\","
                + "\"nonce\":\"0b7c3a2e-1c4d-4e8f-9a6b-5d2e1f0a9c8b\"}";

        NotMeActionToken token = JsonSerialization.readValue(mailed, NotMeActionToken.class);

        assertThat(token.getSubject()).isEqualTo("user-1");
        assertThat(token.getType()).isEqualTo(NotMeActionToken.TOKEN_TYPE);
        assertThat(token.getIssuedFor()).isEqualTo("test-app");
        assertThat(token.getExp()).isEqualTo(2000000000L);
        assertThat(token.isNewSecondFactor()).isTrue();
        assertThat(token.getActionVerificationNonce()).hasToString("0b7c3a2e-1c4d-4e8f-9a6b-5d2e1f0a9c8b");
    }
}
