package dev.otpguard.it.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code http} sender in the real server: the shared test server configures it (TwilioStandIn's options) as a
 * JSON gateway with the realm's vault token in the Authorization header; a step picks it with smsSender=http.
 */
@ExtendWith(TestEnvironment.class)
class HttpSenderIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String realm(Env env, TestUser user) {
        return RealmSetup.realm(env).step("otp-guard-sms").config("smsSender", "http")
                .user(user.username(), user.email(), null, user.phone()).create(env);
    }

    private static LoggedRequest awaitRequest(Env env, String number, int n) {
        return Poll.nth(() -> env.twilio.gatewayRequestsTo(number), n, "gateway request to " + number);
    }

    @Tag("smoke")
    @Test
    void aSignInCodeLeavesThroughTheHttpGatewayWithTheRealmsVaultToken(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("http");
        String realm = realm(env, user);
        String token = "gw-token-" + realm + "-never-logged";
        env.vaultSecret(realm, TwilioStandIn.GATEWAY_TOKEN_KEY, token);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user.username());
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();

        LoggedRequest request = awaitRequest(env, user.phone(), 1);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + token);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.get("to").asText()).isEqualTo(user.phone());
        assertThat(body.get("from").asText()).isEqualTo("OTPGuard");
        assertThat(body.get("tenant").asText()).isEqualTo(realm);
        Matcher code = CODE.matcher(body.get("text").asText());
        assertThat(code.find()).as(body.get("text").asText()).isTrue();
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();

        Page done = login.enterCode(codePage, code.group(1));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        String log = Files.readString(env.server.logFile());
        assertThat(log).doesNotContain(token).doesNotContain(code.group(1));
    }

    @Test
    void aRefusingGatewayOrAMissingVaultEntryIsToldOnThePageAndNothingLeaks(Env env) {
        TestUser refused = ChannelUnderTest.newUser("http401");
        String realm = realm(env, refused);
        env.vaultSecret(realm, TwilioStandIn.GATEWAY_TOKEN_KEY, "gw-token-refused");
        var stub = env.twilio.gatewayFailsFor(refused.phone(), 401);
        try {
            Login login = new Login(env, realm);
            Page page = login.awaitSend(login.passwordStep(refused.username()));
            assertThat(page.text()).contains("not set up");
        } finally {
            env.twilio.remove(stub);
        }

        TestUser noToken = ChannelUnderTest.newUser("httpnovault");
        String bare = realm(env, noToken);
        Login login = new Login(env, bare);
        Page page = login.awaitSend(login.passwordStep(noToken.username()));
        assertThat(page.text()).contains("not set up");
        assertThat(env.twilio.gatewayRequestsTo(noToken.phone())).isEmpty();
    }
}
