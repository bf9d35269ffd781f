package dev.otpguard.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.cluster.Cluster.Node;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What one send's limit check costs (store calls, which are database round trips in stateless mode, and
 * milliseconds), read from the DEBUG line RealmQuotas logs on the nodes. A measurement, not a test of the suite:
 * its name does not end in IT, so {@code mvn -Pcluster verify} leaves it out. Run it once per mode, the same sends
 * in the same order, on an otherwise idle machine:
 * {@code mvn -B -q -Pcluster verify -Dit.test=SendLimitCost -Dotpguard.cluster.mode=STATELESS} (or CLUSTERED).
 * Writes target/cluster-send-limit-cost-<mode>.txt.
 */
class SendLimitCost {

    private static final Pattern CHECK = Pattern.compile(
            "OTP Guard send limit check: (\\d+) store calls in ([0-9.]+) ms");
    private static final int WARM_UP_SENDS = 10;
    private static final int USERS = 10;
    private static final int SENDS_PER_USER = 4;
    /** Concurrent SMS sends of different users of one realm, while the SMS gateway takes this long to answer. */
    private static final int CONCURRENT_SENDS = 6;
    private static final Duration GATEWAY_LATENCY = Duration.ofSeconds(1);

    @Test
    void measureOneSendsLimitCheck() throws Exception {
        Cluster.Mode mode = Cluster.Mode.valueOf(System.getProperty("otpguard.cluster.mode", "CLUSTERED"));
        Cluster.Times times = new Cluster.Times();
        try (Cluster cluster = Cluster.start(mode, times)) {
            RealmSetup setup = RealmSetup.realm(cluster.mailbox);
            List<TestUser> users = new ArrayList<>();
            for (int i = 0; i < WARM_UP_SENDS + USERS; i++) {
                TestUser user = ChannelUnderTest.newUser("cost");
                setup.user(user.username(), user.email(), null, user.phone());
                users.add(user);
            }
            String realm = setup.create(cluster.admin);
            for (int i = 0; i < WARM_UP_SENDS; i++) {
                send(cluster, i % 2 == 0 ? cluster.node1 : cluster.node2, realm, users.get(i));
            }
            awaitChecks(cluster, WARM_UP_SENDS);
            int before1 = checks(cluster.node1).size();
            int before2 = checks(cluster.node2).size();

            Instant t = Instant.now();
            int sends = 0;
            for (int round = 0; round < SENDS_PER_USER; round++) {
                for (int u = 0; u < USERS; u++) {
                    send(cluster, sends % 2 == 0 ? cluster.node1 : cluster.node2, realm, users.get(WARM_UP_SENDS + u));
                    sends++;
                }
            }
            awaitChecks(cluster, WARM_UP_SENDS + sends);
            times.step(sends + " measured sends, alternating nodes", t);

            List<double[]> measured = new ArrayList<>(checks(cluster.node1).subList(before1, checks(cluster.node1).size()));
            measured.addAll(checks(cluster.node2).subList(before2, checks(cluster.node2).size()));
            assertThat(measured).hasSize(sends);
            String report = String.format("mode %s, %d sends (after %d warm-up sends), load average before: %s%n"
                            + "store calls per check: median %s, p90 %s, min %s, max %s%n"
                            + "ms per check:          median %s, p90 %s, min %s, max %s%n",
                    mode, sends, WARM_UP_SENDS, loadAverage(),
                    quantile(measured, 0, 0.5), quantile(measured, 0, 0.9), quantile(measured, 0, 0), quantile(measured, 0, 1),
                    quantile(measured, 1, 0.5), quantile(measured, 1, 0.9), quantile(measured, 1, 0), quantile(measured, 1, 1));
            report += concurrentSmsSends(cluster, times);
            Path out = Path.of(System.getProperty("otpguard.project.dir", "."), "target",
                    "cluster-send-limit-cost-" + mode.name().toLowerCase(java.util.Locale.ROOT) + ".txt");
            Files.writeString(out, report);
            System.out.print(report);
        }
        times.write(Path.of(System.getProperty("otpguard.project.dir", "."), "target", "cluster-send-limit-cost-times.txt"));
    }

    /**
     * Different users of one realm send at once while each SMS takes {@link #GATEWAY_LATENCY}: they share only the
     * realm-wide counters. Shows whether one send's check waits for another send's request to end.
     */
    private static String concurrentSmsSends(Cluster cluster, Cluster.Times times) throws Exception {
        RealmSetup setup = RealmSetup.realm(cluster.mailbox).step(ChannelUnderTest.SMS.stepId());
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_SENDS; i++) {
            TestUser user = ChannelUnderTest.newUser("conc");
            setup.user(user.username(), user.email(), null, user.phone());
            users.add(user);
        }
        String realm = setup.create(cluster.admin);
        cluster.twilio.latency(GATEWAY_LATENCY);
        int before1 = checks(cluster.node1).size();
        int before2 = checks(cluster.node2).size();
        List<dev.otpguard.it.support.Browser> browsers = new ArrayList<>();
        List<Page> loginPages = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_SENDS; i++) {
            dev.otpguard.it.support.Browser browser = cluster.browserOn(i % 2 == 0 ? cluster.node1 : cluster.node2);
            browsers.add(browser);
            loginPages.add(new Login(browser, cluster.publicBase, realm).open());
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CONCURRENT_SENDS);
        List<java.util.concurrent.Future<Page>> answers = new ArrayList<>();
        Instant t = Instant.now();
        try {
            for (int i = 0; i < CONCURRENT_SENDS; i++) {
                dev.otpguard.it.support.Browser browser = browsers.get(i);
                Page loginPage = loginPages.get(i);
                String username = users.get(i).username();
                answers.add(pool.submit(() -> {
                    go.await();
                    return browser.submit(loginPage, "kc-form-login",
                            java.util.Map.of("username", username, "password", RealmSetup.PASSWORD));
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Page> answer : answers) {
                Page page = answer.get();
                assertThat(page.isCodePage()).as(page.text()).isTrue();
                assertThat(page.error()).as("a send within every limit").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        times.step(CONCURRENT_SENDS + " concurrent SMS sends of different users, gateway latency "
                + GATEWAY_LATENCY.toMillis() + " ms", t);
        long wall = Duration.between(t, Instant.now()).toMillis();
        awaitChecks(cluster, before1 + before2 + CONCURRENT_SENDS);
        List<double[]> measured = new ArrayList<>(checks(cluster.node1).subList(before1, checks(cluster.node1).size()));
        measured.addAll(checks(cluster.node2).subList(before2, checks(cluster.node2).size()));
        return String.format("%d concurrent SMS sends of different users of one realm, gateway latency %d ms, "
                        + "all answered after %d ms:%n"
                        + "ms per check:          median %s, p90 %s, min %s, max %s%n",
                CONCURRENT_SENDS, GATEWAY_LATENCY.toMillis(), wall,
                quantile(measured, 1, 0.5), quantile(measured, 1, 0.9), quantile(measured, 1, 0), quantile(measured, 1, 1));
    }

    private static void send(Cluster cluster, Node node, String realm, TestUser user) {
        Page page = new Login(cluster.browserOn(node), cluster.publicBase, realm).passwordStep(user.username());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(page.error()).as("a send within every limit").isEmpty();
    }

    /** Every check line of this node's log: {store calls, ms}. */
    private static List<double[]> checks(Node node) {
        List<double[]> checks = new ArrayList<>();
        Matcher m = CHECK.matcher(node.logText());
        while (m.find()) {
            checks.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return checks;
    }

    private static void awaitChecks(Cluster cluster, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (checks(cluster.node1).size() + checks(cluster.node2).size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(checks(cluster.node1).size() + checks(cluster.node2).size()).as("check lines in both logs")
                .isEqualTo(count);
    }

    /** The nearest-rank quantile of one column. */
    private static String quantile(List<double[]> rows, int column, double q) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int rank = (int) Math.ceil(q * values.length);
        double v = values[Math.max(0, Math.min(values.length - 1, rank - 1))];
        return column == 0 ? Long.toString(Math.round(v)) : String.format("%.1f", v);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
