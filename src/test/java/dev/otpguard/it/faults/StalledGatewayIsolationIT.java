package dev.otpguard.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Codes leave on a worker pool, and a stalled gateway must not hold the codes of everyone else. Six SMS logins whose
 * messages the Twilio stand-in holds (beyond the 4 s read timeout) occupy six sends at once; an email login that
 * comes after them gets its code while all six are still waiting. Keycloak's pool for the task, as Keycloak builds
 * it, runs four at a time (four core threads, a queue without bound): there the mail would wait until stalled sends
 * gave up, and this test fails.
 */
@ExtendWith(TestEnvironment.class)
class StalledGatewayIsolationIT {

    private static final int STALLED = 6;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sendsStalledAtTheGatewayDoNotHoldAnotherUsersCode(Env env) throws Exception {
        String smsRealm = RealmSetup.realm(env).step("otp-guard-sms").create(env);
        String emailRealm = RealmSetup.realm(env).create(env);
        List<TestUser> stalledUsers = new ArrayList<>();
        List<StubMapping> stalls = new ArrayList<>();
        for (int i = 0; i < STALLED; i++) {
            TestUser user = ChannelUnderTest.newUser("stalled" + i);
            env.admin.createUser(smsRealm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
            stalls.add(env.twilio.stallFor(user.phone(), Duration.ofSeconds(10)));
            stalledUsers.add(user);
        }
        TestUser mailUser = ChannelUnderTest.newUser("unstalled");
        env.admin.createUser(emailRealm, mailUser.username(), mailUser.email(), null, null, RealmSetup.PASSWORD);

        ExecutorService logins = Executors.newFixedThreadPool(STALLED);
        try {
            List<Future<Page>> pages = new ArrayList<>();
            for (TestUser user : stalledUsers) {
                pages.add(logins.submit(() -> new Login(env, smsRealm).passwordStep(user.username())));
            }
            List<String> statusUrls = new ArrayList<>();
            for (Future<Page> page : pages) {
                statusUrls.add(page.get().document().getElementById("otp-guard-delivery").attr("data-status-url"));
            }
            // six sends were handed to the pool before this login; the first could give up only 4 s from now

            Page mailPage = new Login(env, emailRealm).passwordStep(mailUser.username());
            assertThat(mailPage.isCodePage()).as(mailPage.text()).isTrue();
            env.mailbox.awaitCode(mailUser.email(), 1);

            for (String url : statusUrls) {
                assertThat(status(url)).as("a stalled send is still waiting when the other user's mail arrived")
                        .isEqualTo("{\"status\":\"sending\"}");
            }
        } finally {
            logins.shutdownNow();
            stalls.forEach(env.twilio::remove);
        }
    }

    private static String status(String url) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.body();
    }
}
