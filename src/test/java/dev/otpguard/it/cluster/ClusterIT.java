package dev.otpguard.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.it.cluster.Cluster.Node;
import dev.otpguard.it.support.HourWindow;
import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.WrongCode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OTP Guard on a real two-node Keycloak cluster (checklist A3, B6, C2; issue "Abuse resistance"), black-box over
 * HTTP. Each test moves one user's requests between the nodes the way a load balancer could, and each node's own
 * event log lines show which node handled which step. Run with {@code mvn -Pcluster verify}.
 *
 * <p>The crash test kills node 1, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String TOO_MANY_CODES = "Too many codes were requested. Try again in";
    private static final String LOCKED = "Too many failed attempts. Please try again later.";
    private static final String PAUSED = "Too many wrong codes were entered for this account recently. Code checks "
            + "are paused; try again later.";

    private static Cluster cluster;
    private static Node node1;
    private static Node node2;
    private Instant testStarted;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start(new Cluster.Times());
        node1 = cluster.node1;
        node2 = cluster.node2;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.times.write(Path.of(System.getProperty("otpguard.project.dir", "."), "target",
                    "cluster-times.txt"));
        }
    }

    @BeforeEach
    void startClock() {
        testStarted = Instant.now();
    }

    @AfterEach
    void stopClock(TestInfo test) {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("?");
        String name = test.getDisplayName().equals(method + "()") ? method : method + " " + test.getDisplayName();
        cluster.times.step("test " + name, testStarted);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(ChannelUnderTest.class)
    void aCodeSentByNode1CompletesTheLoginOnNode2(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("a" + channel.name().toLowerCase());
        String realm = RealmSetup.realm(cluster.mailbox).step(channel.stepId())
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Browser browser = cluster.browserOn(node1);
        Page codePage = passwordStep(browser, realm, user);
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        String code = awaitCode(channel, user, 1);
        awaitLogged(node1, "SEND_VERIFY_EMAIL", userId, 1);
        assertThat(node2.loggedEvents("SEND_VERIFY_EMAIL", userId)).as("sends logged by node2").isZero();

        // Without the restart cookie node2 cannot rebuild the login from the cookie: it must find node1's
        // authentication session, which holds the code's hash, in the cluster.
        assertThat(browser.cookies()).containsKey("KC_RESTART");
        browser.cookies().remove("KC_RESTART");
        browser.route(cluster.publicBase, node2.baseUrl());
        Page done = enterCode(browser, codePage, code);

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        awaitLogged(node2, "LOGIN", userId, 1);
        assertThat(node1.loggedEvents("LOGIN", userId)).as("logins logged by node1").isZero();
        JsonNode idToken = exchangeOn(node2, realm, done);
        assertThat(idToken.path("preferred_username").asText()).isEqualTo(user.username());
        assertThat(idToken.path("acr").asText()).isEqualTo("1");
    }

    @Order(2)
    @Test
    void aUsedCodeIsDeadOnBothNodes() {
        ChannelUnderTest channel = ChannelUnderTest.SMS;
        TestUser user = ChannelUnderTest.newUser("replay");
        String realm = RealmSetup.realm(cluster.mailbox).step(channel.stepId())
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Browser browser = cluster.browserOn(node1);
        Page codePage = passwordStep(browser, realm, user);
        String code = awaitCode(channel, user, 1);
        // what an attacker who copied this browser's cookies and form before the code was used could replay
        Map<String, String> copiedCookies = Map.copyOf(browser.cookies());

        browser.route(cluster.publicBase, node2.baseUrl());
        Page done = enterCode(browser, codePage, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        awaitLogged(node2, "LOGIN", userId, 1);

        for (Node node : List.of(node1, node2)) {
            Browser replayer = cluster.browserOn(node);
            replayer.cookies().putAll(copiedCookies);
            Page replay = enterCode(replayer, codePage, code);
            // neither node knows that login any more: Keycloak starts over from the restart cookie
            assertThat(replay.isRedirectToApp()).as("replay on " + node.name() + ": " + replay.text()).isFalse();
            assertThat(replay.document().getElementById("kc-form-login")).as("replay on " + node.name() + ": "
                    + replay.text()).isNotNull();
            assertThat(replay.text()).contains("Your login attempt timed out. Login will start from the beginning.");
            awaitLogLines(node, 1, "realmName=\"" + realm + "\"", "error=\"expired_code\"");
        }
        // nor can the browser that signed in send it again, on either node: back to the app without a code
        for (Node node : List.of(node1, node2)) {
            browser.route(cluster.publicBase, node.baseUrl());
            Page again = enterCode(browser, codePage, code);
            assertThat(again.document()).as("second use on " + node.name() + ": " + again.text()).isNull();
            assertThat(again.url()).as("second use on " + node.name()).startsWith(RealmSetup.REDIRECT_URI)
                    .contains("error=temporarily_unavailable").doesNotContain("code=");
            awaitLogLines(node, 1, "realmName=\"" + realm + "\"", "error=\"already_logged_in\"");
        }
        assertThat(UserEvents.of(cluster.admin, realm, user.username()))
                .filteredOn(e -> "LOGIN".equals(e.path("type").asText())).as("logins of the user").hasSize(1);
        assertThat(node1.loggedEvents("LOGIN", userId) + node2.loggedEvents("LOGIN", userId)).isEqualTo(1);
    }

    @Order(3)
    @Test
    void theHourlySendQuotaCountsSendsOfBothNodes() throws Exception {
        // the hourly counters use fixed hours: straddling the turn of an hour would reset them, and in its last
        // minute the refusal says "1 minute", not "N minutes" (a run at 18:59 met it)
        HourWindow.atLeastSecondsLeft(90);
        TestUser user = ChannelUnderTest.newUser("quota");
        String realm = RealmSetup.realm(cluster.mailbox).realmAttribute("otpGuard.sendsPerUserPerHour", "2")
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Page first = passwordStep(cluster.browserOn(node1), realm, user);
        assertThat(first.isCodePage()).as(first.text()).isTrue();
        assertThat(first.error()).isEmpty();
        cluster.mailbox.awaitMessage(user.email(), 1);
        Page second = passwordStep(cluster.browserOn(node2), realm, user);
        assertThat(second.error()).isEmpty();
        cluster.mailbox.awaitMessage(user.email(), 2);
        awaitLogged(node1, "SEND_VERIFY_EMAIL", userId, 1);
        awaitLogged(node2, "SEND_VERIFY_EMAIL", userId, 1);

        Page thirdOnNode1 = passwordStep(cluster.browserOn(node1), realm, user);
        Page thirdOnNode2 = passwordStep(cluster.browserOn(node2), realm, user);

        assertThat(thirdOnNode1.error()).as("node1").startsWith(TOO_MANY_CODES).endsWith("minutes.");
        assertThat(thirdOnNode2.error()).as("node2").startsWith(TOO_MANY_CODES).endsWith("minutes.");
        Thread.sleep(500);
        assertThat(cluster.mailbox.messagesTo(user.email())).hasSize(2);
        awaitLogged(node1, "SEND_VERIFY_EMAIL_ERROR", userId, 1);
        awaitLogged(node2, "SEND_VERIFY_EMAIL_ERROR", userId, 1);
        assertThat(UserEvents.of(cluster.admin, realm, user.username()))
                .filteredOn(e -> "otp_send_quota_reached".equals(e.path("error").asText()))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.at("/details/reason").asText()).isEqualTo("quota_user"));
    }

    @Order(4)
    @Test
    void wrongCodesOnNode1StopCodeChecksOnNode2() throws Exception {
        // the hourly counters use fixed hours: straddling the turn of an hour would reset them
        HourWindow.atLeastSecondsLeft(30);
        TestUser user = ChannelUnderTest.newUser("guess");
        String realm = RealmSetup.realm(cluster.mailbox).realmAttribute("otpGuard.failedCodesPerUserPerHour", "3")
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Browser first = cluster.browserOn(node1);
        Page page = passwordStep(first, realm, user);
        String code = cluster.mailbox.awaitCode(user.email(), 1);
        for (int i = 1; i <= 3; i++) {
            page = enterCode(first, page, WrongCode.besides(code));
            assertThat(page.error()).as("wrong code " + i + " on node1").startsWith("Wrong code.");
        }
        assertThat(node1.logText()).contains("OTP Guard stops code checks for user id " + userId);
        awaitLogLines(node1, 3, "userId=\"" + userId + "\"", "error=\"invalid_user_credentials\"");
        assertThat(node2.loggedLines("userId=\"" + userId + "\"", "error=\"invalid_user_credentials\"")).isZero();

        // a new login, entirely on node2: node2 never saw a wrong code of this user, the cluster did
        Browser second = cluster.browserOn(node2);
        // (since 0.1.0's hardening the stop is seen before a send: no code is mailed, the page says why)
        Page page2 = passwordStep(second, realm, user);
        assertThat(page2.error()).as(page2.text()).isEqualTo(PAUSED);
        assertThat(page2.isCodePage()).as("no code to type: none was sent").isFalse();
        awaitLogLines(node2, 1, "type=\"SEND_VERIFY_EMAIL_ERROR\",", "userId=\"" + userId + "\"",
                "error=\"otp_code_checks_paused\"");
        assertThat(cluster.mailbox.messagesTo(user.email())).hasSize(1);

        // and the right code of the first login, sent to node2
        first.route(cluster.publicBase, node2.baseUrl());
        Page refused = enterCode(first, page, code);
        assertThat(refused.isRedirectToApp()).as(refused.text()).isFalse();
        assertThat(refused.error()).isEqualTo(LOCKED);

        awaitLogLines(node2, 1, "type=\"LOGIN_ERROR\",", "userId=\"" + userId + "\"",
                "error=\"user_temporarily_disabled\"");
        assertThat(UserEvents.of(cluster.admin, realm, user.username()))
                .filteredOn(e -> "LOGIN".equals(e.path("type").asText())).isEmpty();
    }

    /**
     * Twilio's status callback lands on whichever node the load balancer picks: a "delivered" received by node 2
     * shows on the code page node 1 renders (the report lives in the replicated single-use-object store).
     */
    @Order(5)
    @Test
    void aDeliveryReportReceivedByNode2ShowsOnTheCodePageOfNode1() throws Exception {
        TestUser user = ChannelUnderTest.newUser("cbcluster");
        String realm = RealmSetup.realm(cluster.mailbox).step("otp-guard-sms")
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        Browser browser = cluster.browserOn(node1);
        // the SMS leaves after the request: node 1's page says "sending" until its worker reports
        Page codePage = new Login(browser, cluster.publicBase, realm).awaitSend(passwordStep(browser, realm, user));
        assertThat(codePage.byId("otp-guard-delivery-status")).as(codePage.text())
                .isEqualTo("Sent: the SMS is on its way to your phone.");
        String callbackUrl = cluster.publicBase + "/realms/" + realm + "/otp-guard/twilio/status";
        Map<String, String> sms = cluster.twilio.messagesTo(user.phone()).get(0);
        assertThat(sms.get("StatusCallback")).as("both nodes name the public URL").isEqualTo(callbackUrl);
        String sid = dev.otpguard.it.support.Poll.nth(() -> cluster.twilio.messageSidsTo(user.phone()), 1,
                "SID of the SMS to " + user.phone());

        Map<String, String> delivered = new java.util.LinkedHashMap<>();
        delivered.put("MessageSid", sid);
        delivered.put("MessageStatus", "delivered");
        delivered.put("To", user.phone());
        delivered.put("AccountSid", dev.otpguard.it.support.TwilioStandIn.ACCOUNT_SID);
        String body = delivered.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(),
                java.nio.charset.StandardCharsets.UTF_8) + "=" + java.net.URLEncoder.encode(e.getValue(),
                java.nio.charset.StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(node2.baseUrl() + "/realms/" + realm
                                + "/otp-guard/twilio/status"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature",
                                dev.otpguard.it.support.TwilioStandIn.signCallback(callbackUrl, delivered))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);

        // node 1 renders the page again ("Check again", as without JavaScript)
        Page again = browser.submit(codePage, "otp-guard-check-form", Map.of());
        assertThat(again.byId("otp-guard-delivery-status")).as(again.text()).isEqualTo("Delivered to your phone.");
        assertThat(node2.loggedEvents("SEND_VERIFY_EMAIL", cluster.admin.userId(realm, user.username())))
                .as("node 2 logged the delivery").isGreaterThanOrEqualTo(1);
    }

    @Order(99)
    @Test
    void node1KilledMidLoginTheUserFinishesOnNode2AndNothingIsLost() throws Exception {
        TestUser user = ChannelUnderTest.newUser("crash");
        String realm = RealmSetup.realm(cluster.mailbox)
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Browser browser = cluster.browserOn(node1);
        Page codePage = passwordStep(browser, realm, user);
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        String code = cluster.mailbox.awaitCode(user.email(), 1);
        awaitLogged(node1, "SEND_VERIFY_EMAIL", userId, 1);

        Instant killed = Instant.now();
        node1.server().killHard();
        cluster.times.step("kill -9 of node1's Java process, until it was gone", killed);

        // the user's next click reaches the survivor at once, as a load balancer would send it
        browser.route(cluster.publicBase, node2.baseUrl());
        Instant posted = Instant.now();
        Page after = enterCode(browser, codePage, code);
        cluster.times.step("code POSTed to node2 right after the kill, until node2 answered", posted);
        cluster.times.note("outcome on node2: " + (after.isRedirectToApp() ? "login finished (redirect to the app)"
                : "page: " + after.text()));

        assertThat(after.isRedirectToApp()).as("the login begun on the dead node finishes on node2; got: "
                + after.status() + " " + after.text()).isTrue();
        Admin survivor = new Admin(node2.baseUrl());
        JsonNode idToken = exchangeOn(node2, realm, after);
        assertThat(idToken.path("preferred_username").asText()).isEqualTo(user.username());

        cluster.awaitView(List.of(node2), List.of("node2"));
        cluster.times.step("kill -9 until node2 logged the 1-member view", killed);

        // nothing is lost: the user signs in again, start to end on node2, with a new code
        Browser later = cluster.browserOn(node2);
        Page again = passwordStep(later, realm, user);
        assertThat(again.isCodePage()).as(again.text()).isTrue();
        Page done = enterCode(later, again, cluster.mailbox.awaitCode(user.email(), 2));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        assertThat(exchangeOn(node2, realm, done).path("sub").asText()).isEqualTo(userId);
        List<JsonNode> events = UserEvents.of(survivor, realm, user.username());
        assertThat(events).filteredOn(e -> "LOGIN".equals(e.path("type").asText())).hasSize(2);
        assertThat(events).filteredOn(e -> "SEND_VERIFY_EMAIL".equals(e.path("type").asText())).hasSize(2);
    }

    private static Page passwordStep(Browser browser, String realm, TestUser user) {
        return new Login(browser, cluster.publicBase, realm).passwordStep(user.username());
    }

    private static Page enterCode(Browser browser, Page codePage, String code) {
        return browser.submit(codePage, "otp-guard-code-form", Map.of("code", code));
    }

    private static JsonNode exchangeOn(Node node, String realm, Page redirect) {
        return new Login(null, node.baseUrl(), realm).exchange(redirect);
    }

    private static String awaitCode(ChannelUnderTest channel, TestUser user, int n) {
        return channel == ChannelUnderTest.EMAIL ? cluster.mailbox.awaitCode(user.email(), n)
                : cluster.twilio.awaitCode(user.phone(), n);
    }

    /** Waits until the node's log holds this many event lines of this type for this user, then checks the count. */
    private static void awaitLogged(Node node, String type, String userId, long count) {
        awaitLogLines(node, count, "type=\"" + type + "\",", "userId=\"" + userId + "\"");
    }

    /** Waits (a log line may trail the HTTP answer) until the node's log holds this many lines with all pieces. */
    private static void awaitLogLines(Node node, long count, String... pieces) {
        LongSupplier logged = () -> node.loggedLines(pieces);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (logged.getAsLong() < count && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        assertThat(logged.getAsLong()).as("lines with " + List.of(pieces) + " in " + node.log()).isEqualTo(count);
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
