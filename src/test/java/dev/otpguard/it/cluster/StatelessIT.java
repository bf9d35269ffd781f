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
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.UserEvents;
import dev.otpguard.it.support.WrongCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * ClusterIT's claims (checklist A3, B6, C2, E5) on two Keycloak nodes that are NOT clustered: each runs with
 * {@code --cache=local} and Keycloak's {@code stateless} feature, which keeps authentication sessions, single-use
 * objects (our counters and used links) and login failures in the one PostgreSQL database they share. Black-box
 * over HTTP, each request routed to a node as a load balancer could; run with
 * {@code mvn -Pcluster verify -Dit.test=StatelessIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatelessIT {

    private static final String TOO_MANY_CODES = "Too many codes were requested. Try again in";
    private static final String LOCKED = "Too many failed attempts. Please try again later.";
    private static final String PAUSED = "Too many wrong codes were entered for this account recently. Code checks "
            + "are paused; try again later.";

    private static Cluster cluster;
    private static Node node1;
    private static Node node2;
    private Instant testStarted;

    @BeforeAll
    static void startNodes() {
        cluster = Cluster.start(Cluster.Mode.STATELESS, new Cluster.Times());
        node1 = cluster.node1;
        node2 = cluster.node2;
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.times.write(Path.of(System.getProperty("otpguard.project.dir", "."), "target",
                    "cluster-stateless-times.txt"));
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

    @Order(0)
    @Test
    void theNodesAreStatelessAndNotClustered() {
        for (Node node : List.of(node1, node2)) {
            String log = node.logText();
            assertThat(log).as(node.log().toString()).containsPattern("features enabled: .*stateless");
            assertThat(node.lastView()).as("a cluster view in " + node.log()).isNull();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(ChannelUnderTest.class)
    void aCodeSentByNode1CompletesTheLoginOnNode2(ChannelUnderTest channel) {
        TestUser user = ChannelUnderTest.newUser("a" + channel.name().toLowerCase(Locale.ROOT));
        String realm = RealmSetup.realm(cluster.mailbox).step(channel.stepId())
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Browser browser = cluster.browserOn(node1);
        Page codePage = passwordStep(browser, realm, user);
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        String code = awaitCode(channel, user, 1);
        awaitLogged(node1, "SEND_VERIFY_EMAIL", userId, 1);
        assertThat(node2.loggedEvents("SEND_VERIFY_EMAIL", userId)).as("sends logged by node2").isZero();

        // node2 has no cluster to ask and no restart cookie to rebuild from: only the database holds the login
        browser.cookies().remove("KC_RESTART");
        browser.route(cluster.publicBase, node2.baseUrl());
        Page done = enterCode(browser, codePage, code);

        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        awaitLogged(node2, "LOGIN", userId, 1);
        assertThat(node1.loggedEvents("LOGIN", userId)).as("logins logged by node1").isZero();
        JsonNode idToken = exchangeOn(node2, realm, done);
        assertThat(idToken.path("preferred_username").asText()).isEqualTo(user.username());
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
        Map<String, String> copiedCookies = Map.copyOf(browser.cookies());

        browser.route(cluster.publicBase, node2.baseUrl());
        Page done = enterCode(browser, codePage, code);
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        awaitLogged(node2, "LOGIN", userId, 1);

        for (Node node : List.of(node1, node2)) {
            Browser replayer = cluster.browserOn(node);
            replayer.cookies().putAll(copiedCookies);
            Page replay = enterCode(replayer, codePage, code);
            assertThat(replay.isRedirectToApp()).as("replay on " + node.name() + ": " + replay.text()).isFalse();
            assertThat(replay.document().getElementById("kc-form-login")).as("replay on " + node.name() + ": "
                    + replay.text()).isNotNull();
            assertThat(replay.text()).contains("Your login attempt timed out. Login will start from the beginning.");
            awaitLogLines(node, 1, "realmName=\"" + realm + "\"", "error=\"expired_code\"");
        }
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
    }

    @Order(3)
    @Test
    void aUsedThisWasntMeLinkIsDeadOnBothNodes() throws Exception {
        // codes by SMS, so the mailbox holds only the new-device alert
        ChannelUnderTest channel = ChannelUnderTest.SMS;
        TestUser user = ChannelUnderTest.newUser("notme");
        String realm = RealmSetup.realm(cluster.mailbox).step(channel.stepId()).placement(Placement.NEW_DEVICE)
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());
        signInWithCode(cluster.browserOn(node1), realm, user, 1);
        signInWithCode(cluster.browserOn(node2), realm, user, 2);

        String text = Mailbox.textOf(cluster.mailbox.awaitMessage(user.email(), 1));
        String link = text.lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        // the confirmation page on node1, the confirmation itself on node2 (same browser: it holds the login)
        Browser mailClient = cluster.browserOn(node1);
        Page confirm = mailClient.get(link);
        assertThat(confirm.text()).contains("Secure your account?");
        mailClient.route(cluster.publicBase, node2.baseUrl());
        Page secured = mailClient.get(proceedLink(confirm));
        assertThat(secured.text()).contains("Your account is secured");
        assertThat(cluster.admin.get("/admin/realms/" + realm + "/users/" + userId).get("requiredActions").toString())
                .contains("UPDATE_PASSWORD");

        // the same mail link again, confirmed on either node: the single-use store in the database refuses it
        for (Node node : List.of(node1, node2)) {
            Node other = node == node1 ? node2 : node1;
            Browser again = cluster.browserOn(other);
            // (since 0.1.0's hardening a used link is refused on its confirmation page already)
            Page refused = again.get(link);
            assertThat(refused.text()).as("second use on " + other.name()).contains("This link was already used.")
                    .doesNotContain("Secure your account?").doesNotContain("Your account is secured");
            assertThat(refused.status()).as("second use on " + other.name()).isEqualTo(400);
        }
    }

    private static String proceedLink(Page confirmation) {
        return confirmation.document().selectFirst("a[href*=action-token]").absUrl("href");
    }

    @Order(4)
    @Test
    void twentyParallelSendsOverBothNodesGetExactlyTheHourlyLimit() throws Exception {
        // the hourly counters use fixed hours: straddling the turn of an hour would reset them
        HourWindow.atLeastSecondsLeft(30);
        int sends = 20;
        int left = 7;
        // one send through each node first, so each node is known to have sent (once in CI node1 won all seven
        // slots of the race); the twenty parallel ones then race for the seven slots left
        int limit = left + 2;
        TestUser user = ChannelUnderTest.newUser("parallel");
        String realm = RealmSetup.realm(cluster.mailbox)
                .realmAttribute("otpGuard.sendsPerUserPerHour", Integer.toString(limit))
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());
        String realmId = cluster.admin.get("/admin/realms/" + realm).path("id").asText();
        for (Node node : List.of(node1, node2)) {
            Browser browser = cluster.browserOn(node);
            Page first = browser.submit(new Login(browser, cluster.publicBase, realm).open(), "kc-form-login",
                    Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
            assertThat(first.isCodePage()).as(first.text()).isTrue();
            assertThat(first.error()).as("the first send through " + node.name()).isEmpty();
        }

        // every browser opens its login first, so the twenty password POSTs (each one a send) start together
        List<Browser> browsers = new ArrayList<>();
        List<Page> loginPages = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            Browser browser = cluster.browserOn(i % 2 == 0 ? node1 : node2);
            browsers.add(browser);
            loginPages.add(new Login(browser, cluster.publicBase, realm).open());
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(sends);
        List<Future<Page>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < sends; i++) {
                Browser browser = browsers.get(i);
                Page loginPage = loginPages.get(i);
                answers.add(pool.submit(() -> {
                    go.await();
                    return browser.submit(loginPage, "kc-form-login",
                            Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
                }));
            }
            go.countDown();
            int accepted = 0;
            int refused = 0;
            for (Future<Page> answer : answers) {
                Page page = answer.get();
                assertThat(page.isCodePage()).as(page.text()).isTrue();
                if (page.error().isEmpty()) {
                    accepted++;
                } else {
                    assertThat(page.error()).startsWith(TOO_MANY_CODES);
                    refused++;
                }
            }
            assertThat(accepted).as("sends accepted").isEqualTo(left);
            assertThat(refused).as("sends refused").isEqualTo(sends - left);
        } finally {
            pool.shutdownNow();
        }
        Thread.sleep(500);
        assertThat(cluster.mailbox.messagesTo(user.email())).hasSize(limit);
        awaitLogLines(limit, () -> node1.loggedEvents("SEND_VERIFY_EMAIL", userId)
                + node2.loggedEvents("SEND_VERIFY_EMAIL", userId), "sends logged by both nodes");
        assertThat(node1.loggedEvents("SEND_VERIFY_EMAIL", userId)).as("sends by node1").isPositive();
        assertThat(node2.loggedEvents("SEND_VERIFY_EMAIL", userId)).as("sends by node2").isPositive();

        // the counter's slots are rows of the shared database: slots 1..limit, each taken once, none beyond
        assertThat(userSlotsInTheDatabase(realmId, userId)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, limit).boxed().toList());
    }

    @Order(5)
    @Test
    void aSlowSmsGatewayDoesNotHoldUpOtherUsersSends() throws Exception {
        // Different users of one realm share only the realm-wide counters. In the database a counter's slot is a
        // row; if the claim stayed uncommitted until the sending request ends, every other send of the realm would
        // wait on that row while this one's SMS is in flight.
        Duration latency = Duration.ofSeconds(2);
        int sends = 4;
        RealmSetup setup = RealmSetup.realm(cluster.mailbox).step(ChannelUnderTest.SMS.stepId());
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            TestUser user = ChannelUnderTest.newUser("slow");
            setup.user(user.username(), user.email(), null, user.phone());
            users.add(user);
        }
        String realm = setup.create(cluster.admin);
        List<Browser> browsers = new ArrayList<>();
        List<Page> loginPages = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            Browser browser = cluster.browserOn(i % 2 == 0 ? node1 : node2);
            browsers.add(browser);
            loginPages.add(new Login(browser, cluster.publicBase, realm).open());
        }
        int checksBefore1 = limitCheckMillis(node1).size();
        int checksBefore2 = limitCheckMillis(node2).size();
        cluster.twilio.latency(latency);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(sends);
        try {
            List<Future<Page>> answers = new ArrayList<>();
            for (int i = 0; i < sends; i++) {
                Browser browser = browsers.get(i);
                Page loginPage = loginPages.get(i);
                String username = users.get(i).username();
                answers.add(pool.submit(() -> {
                    go.await();
                    return browser.submit(loginPage, "kc-form-login",
                            Map.of("username", username, "password", RealmSetup.PASSWORD));
                }));
            }
            go.countDown();
            for (Future<Page> answer : answers) {
                Page page = answer.get();
                assertThat(page.isCodePage()).as(page.text()).isTrue();
                assertThat(page.error()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
            cluster.twilio.latency(Duration.ZERO);
        }
        awaitLogLines(checksBefore1 + checksBefore2 + sends,
                () -> limitCheckMillis(node1).size() + limitCheckMillis(node2).size(), "send limit checks logged");
        List<Double> millis = new ArrayList<>(limitCheckMillis(node1).subList(checksBefore1,
                limitCheckMillis(node1).size()));
        millis.addAll(limitCheckMillis(node2).subList(checksBefore2, limitCheckMillis(node2).size()));
        assertThat(millis).as("ms of each send's limit check (DEBUG lines of both nodes)")
                .allSatisfy(ms -> assertThat(ms).isLessThan(latency.toMillis() / 2.0));
    }

    /** The ms of every "send limit check" DEBUG line in the node's log. */
    private static List<Double> limitCheckMillis(Node node) {
        List<Double> millis = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "OTP Guard send limit check: \\d+ store calls in ([0-9.]+) ms").matcher(node.logText());
        while (m.find()) {
            millis.add(Double.parseDouble(m.group(1)));
        }
        return millis;
    }

    @Order(6)
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

        Browser second = cluster.browserOn(node2);
        Page page2 = passwordStep(second, realm, user);
        assertThat(page2.error()).as(page2.text()).isEqualTo(PAUSED);
        assertThat(page2.isCodePage()).as("no code to type: none was sent").isFalse();
        assertThat(cluster.mailbox.messagesTo(user.email())).hasSize(1);

        first.route(cluster.publicBase, node2.baseUrl());
        Page refused = enterCode(first, page, code);
        assertThat(refused.isRedirectToApp()).as(refused.text()).isFalse();
        assertThat(refused.error()).isEqualTo(LOCKED);
        assertThat(UserEvents.of(cluster.admin, realm, user.username()))
                .filteredOn(e -> "LOGIN".equals(e.path("type").asText())).isEmpty();
    }

    @Order(7)
    @Test
    void keycloaksBruteForceLockoutFromNode1HoldsOnNode2() throws Exception {
        TestUser user = ChannelUnderTest.newUser("brute");
        String realm = RealmSetup.realm(cluster.mailbox).bruteForce()
                .user(user.username(), user.email(), null, user.phone()).create(cluster.admin);
        String userId = cluster.admin.userId(realm, user.username());

        Browser browser = cluster.browserOn(node1);
        Page page = passwordStep(browser, realm, user);
        String code = cluster.mailbox.awaitCode(user.email(), 1);
        for (int i = 1; i <= 3; i++) {
            page = enterCode(browser, page, WrongCode.besides(code));
            // Keycloak records failures on a background executor; waiting for each keeps the count exact
            awaitBruteForceStatus(cluster.admin, realm, userId, i);
        }
        // node2 reads the lockout from the database: its admin API and its code check both see it
        JsonNode status = awaitBruteForceStatus(new Admin(node2.baseUrl()), realm, userId, 3);
        assertThat(status.path("disabled").asBoolean()).as("node2's brute-force status " + status).isTrue();

        browser.route(cluster.publicBase, node2.baseUrl());
        Page locked = enterCode(browser, page, code);
        assertThat(locked.isRedirectToApp()).as(locked.text()).isFalse();
        assertThat(locked.error()).isEqualTo(LOCKED);
        assertThat(UserEvents.of(cluster.admin, realm, user.username()))
                .filteredOn(e -> "LOGIN".equals(e.path("type").asText())).isEmpty();
    }

    private static void signInWithCode(Browser browser, String realm, TestUser user, int codesSoFar) {
        Page codePage = passwordStep(browser, realm, user);
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();
        Page done = enterCode(browser, codePage, cluster.twilio.awaitCode(user.phone(), codesSoFar));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }

    /**
     * The slot numbers of the user's per-user send counter that the database holds. The key is the one SendQuotas
     * builds (a hash of realm id and user id), so no user data is in the query.
     */
    private static List<Long> userSlotsInTheDatabase(String realmId, String userId) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((realmId + "\n" + userId.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
        String prefix = "otp-guard:count:user:" + realmId + ":" + HexFormat.of().formatHex(digest, 0, 16) + ":";
        List<Long> slots = new ArrayList<>();
        try (Connection c = cluster.database();
             PreparedStatement q = c.prepareStatement("select id from single_use_object where id like ?")) {
            q.setString(1, prefix + "%");
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    slots.add(Long.parseLong(id.substring(id.lastIndexOf(':') + 1)));
                }
            }
        }
        return slots;
    }

    private static JsonNode awaitBruteForceStatus(Admin admin, String realm, String userId, int failures)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode status;
        do {
            status = admin.get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId);
            if (status.path("numFailures").asInt() >= failures) {
                return status;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return status;
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

    private static void awaitLogged(Node node, String type, String userId, long count) {
        awaitLogLines(node, count, "type=\"" + type + "\",", "userId=\"" + userId + "\"");
    }

    private static void awaitLogLines(Node node, long count, String... pieces) {
        awaitLogLines(count, () -> node.loggedLines(pieces), "lines with " + List.of(pieces) + " in " + node.log());
    }

    /** Waits (a log line may trail the HTTP answer) until the count is reached, then checks it exactly. */
    private static void awaitLogLines(long count, LongSupplier logged, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (logged.getAsLong() < count && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        assertThat(logged.getAsLong()).as(what).isEqualTo(count);
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
