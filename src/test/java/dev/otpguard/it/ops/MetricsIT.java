package dev.otpguard.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.HourWindow;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OTP Guard's meters on Keycloak's own {@code /metrics} (management port, {@code --metrics-enabled=true}, which the
 * shared test server runs with): each one moves by exactly what a scripted sign-in, wrong code, expiry, refused
 * send or failed send should add, in a realm of its own so that other tests' traffic does not count; hostile input
 * leaves every tag value in its fixed set; and without metrics Keycloak starts and OTP Guard works as before.
 */
@ExtendWith(TestEnvironment.class)
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^(otp_guard_[a-z_]+)\\{([^}]*)\\} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of an OTP Guard series, as Prometheus' text format gives it. */
    private record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    private static List<Sample> scrape(String managementUrl) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/metrics")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET /metrics").isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : answer.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                Map<String, String> labels = new LinkedHashMap<>();
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
            }
        }
        return samples;
    }

    /** The sum of a series' samples that carry these labels (0 when none exists yet). */
    private static double value(Env env, String name, String... labels) throws Exception {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return scrape(env.server.managementUrl()).stream().filter(s -> s.name().equals(name) && s.has(wanted))
                .mapToDouble(Sample::value).sum();
    }

    /** A counter reaches {@code expected} (a worker counts sends a moment after the page answered). */
    private static void awaitValue(Env env, double expected, String name, String... labels) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value(env, name, labels) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(value(env, name, labels)).as("%s %s", name, List.of(labels)).isEqualTo(expected);
    }

    private static Login login(Env env, RealmSetup setup, TestUser user) {
        setup.user(user.username(), user.email(), null, user.phone());
        return new Login(env, setup.create(env));
    }

    @Tag("smoke")
    @Test
    void aSignInWithAWrongThenTheRightCodeCountsOneSendOneWrongAndOneAcceptedCheck(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("metrics-mail");
        Login login = login(env, RealmSetup.realm(env), user);
        String realm = login.realm();
        double sendsTimed = value(env, "otp_guard_delivery_seconds_count", "channel", "email", "outcome", "sent");

        Page page = login.awaitSend(login.passwordStep(user.username()));
        awaitValue(env, 1, "otp_guard_codes_sent_total", "realm", realm, "channel", "email", "purpose", "sign_in",
                "country", "none");
        Page wrong = login.enterCode(page, "000000".equals(env.mailbox.awaitCode(user.email(), 1)) ? "111111"
                : "000000");
        assertThat(wrong.isCodePage()).isTrue();
        assertThat(value(env, "otp_guard_code_checks_total", "realm", realm, "result", "wrong")).isEqualTo(1);
        assertThat(login.enterCode(wrong, env.mailbox.awaitCode(user.email(), 1)).isRedirectToApp()).isTrue();

        assertThat(value(env, "otp_guard_code_checks_total", "realm", realm, "channel", "email", "purpose",
                "sign_in", "result", "accepted")).isEqualTo(1);
        assertThat(value(env, "otp_guard_code_checks_total", "realm", realm)).isEqualTo(2);
        assertThat(value(env, "otp_guard_codes_sent_total", "realm", realm)).isEqualTo(1);
        assertThat(value(env, "otp_guard_send_failures_total", "realm", realm)).isZero();
        assertThat(value(env, "otp_guard_delivery_seconds_count", "channel", "email", "outcome", "sent"))
                .as("the send's time is in the histogram").isGreaterThanOrEqualTo(sendsTimed + 1);
    }

    @Test
    void anSmsIsCountedByTheCallingCodeOfItsNumber(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("metrics-sms");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        login.awaitSend(login.passwordStep(user.username()));
        awaitValue(env, 1, "otp_guard_codes_sent_total", "realm", login.realm(), "channel", "sms", "purpose",
                "sign_in", "country", "49");
        assertThat(value(env, "otp_guard_codes_sent_total", "realm", login.realm())).isEqualTo(1);
    }

    /**
     * The SMS budget gauges: this hour's cluster-wide count and the budget, read at scrape time, so a changed
     * budget shows at the next scrape without a send.
     */
    @Test
    void theSmsBudgetGaugesShowThisHoursCountAgainstTheBudget(Env env) throws Exception {
        HourWindow.atLeastSecondsLeft(60);
        TestUser first = ChannelUnderTest.newUser("metrics-budget-1");
        TestUser second = ChannelUnderTest.newUser("metrics-budget-2");
        RealmSetup setup = RealmSetup.realm(env).step("otp-guard-sms")
                .realmAttribute("otpGuard.smsPerRealmPerHour", "5");
        setup.user(first.username(), first.email(), null, first.phone());
        setup.user(second.username(), second.email(), null, second.phone());
        String realm = setup.create(env);
        assertThat(scrape(env.server.managementUrl()).stream().filter(s -> realm.equals(s.labels().get("realm"))))
                .as("no series of a realm before its first code").isEmpty();

        Login one = new Login(env, realm);
        one.awaitSend(one.passwordStep(first.username()));
        awaitValue(env, 1, "otp_guard_sms_budget_used", "realm", realm);
        assertThat(value(env, "otp_guard_sms_budget_per_hour", "realm", realm)).isEqualTo(5);
        Login two = new Login(env, realm);
        two.awaitSend(two.passwordStep(second.username()));
        awaitValue(env, 2, "otp_guard_sms_budget_used", "realm", realm);

        com.fasterxml.jackson.databind.node.ObjectNode representation =
                (com.fasterxml.jackson.databind.node.ObjectNode) env.admin.get("/admin/realms/" + realm);
        ((com.fasterxml.jackson.databind.node.ObjectNode) representation.get("attributes"))
                .put("otpGuard.smsPerRealmPerHour", "3");
        assertThat(env.admin.put("/admin/realms/" + realm, representation).statusCode()).isEqualTo(204);
        assertThat(value(env, "otp_guard_sms_budget_per_hour", "realm", realm)).isEqualTo(3);
        assertThat(value(env, "otp_guard_sms_budget_used", "realm", realm)).isEqualTo(2);
        assertThat(scrape(env.server.managementUrl()).stream()
                .filter(s -> s.name().startsWith("otp_guard_sms_budget") && realm.equals(s.labels().get("realm")))
                .map(s -> s.labels().keySet()).distinct().toList())
                .as("the gauges carry the realm and nothing else").containsExactly(java.util.Set.of("realm"));

        // what a scrape costs with the gauges read from the store (a fact for docs/deploy/operations.md)
        long realms = scrape(env.server.managementUrl()).stream()
                .filter(s -> s.name().equals("otp_guard_sms_budget_used")).count();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long started = System.nanoTime();
            scrape(env.server.managementUrl());
            micros.add((System.nanoTime() - started) / 1000);
        }
        java.util.Collections.sort(micros);
        Files.writeString(Path.of(System.getProperty("otpguard.project.dir", "."), "target",
                "sms-budget-gauges-scrape.txt"), "GET /metrics with the SMS budget gauges of " + realms
                + " realms (per realm two sessions of its own, each about ten store reads): median " + micros.get(10) / 1000.0 + " ms, max "
                + micros.get(20) / 1000.0 + " ms over 21 scrapes\n");
    }

    @Test
    void anExpiredCodeAndAnEarlyResendAreCountedOnceEach(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("metrics-expiry");
        Login login = login(env, RealmSetup.realm(env).config("codeLifetimeSeconds", "10")
                .config("resendCooldownSeconds", "30"), user);
        String realm = login.realm();
        Page page = login.awaitSend(login.passwordStep(user.username()));
        String code = env.mailbox.awaitCode(user.email(), 1);

        Page early = login.resend(page);
        assertThat(early.error()).isNotEmpty();
        assertThat(value(env, "otp_guard_sends_refused_total", "realm", realm, "channel", "email", "purpose",
                "sign_in", "limit", "cooldown")).isEqualTo(1);
        Thread.sleep(10_500);
        Page expired = login.enterCode(early, code);
        assertThat(expired.error()).isEqualTo("This code has expired. Request a new code.");

        assertThat(value(env, "otp_guard_code_checks_total", "realm", realm, "result", "expired")).isEqualTo(1);
        assertThat(value(env, "otp_guard_code_checks_total", "realm", realm)).isEqualTo(1);
        assertThat(value(env, "otp_guard_sends_refused_total", "realm", realm)).isEqualTo(1);
        assertThat(value(env, "otp_guard_codes_sent_total", "realm", realm)).isEqualTo(1);
    }

    @Test
    void aSendTheGatewayRefusesIsAFailureWithItsReasonAndNoSend(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("metrics-fail");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        StubMapping failure = env.twilio.failFor(user.phone(), 400, 21211);
        try {
            Page failed = login.awaitSend(login.passwordStep(user.username()));
            assertThat(failed.error()).isNotEmpty();
            awaitValue(env, 1, "otp_guard_send_failures_total", "realm", login.realm(), "channel", "sms",
                    "purpose", "sign_in", "reason", "invalid_number");
            assertThat(value(env, "otp_guard_send_failures_total", "realm", login.realm())).isEqualTo(1);
            assertThat(value(env, "otp_guard_codes_sent_total", "realm", login.realm())).isZero();
        } finally {
            env.twilio.remove(failure);
        }
    }

    @Test
    void whatTwilioReportsIsCountedOnceByStatus(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("metrics-status");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        login.awaitSend(login.passwordStep(user.username()));
        String sid = Poll.nth(() -> env.twilio.messageSidsTo(user.phone()), 1, "SID of the SMS to " + user.phone());

        assertThat(TwilioStandIn.postStatusCallback(env.baseUrl(), login.realm(), user.phone(), sid, "delivered",
                null)).isEqualTo(204);
        assertThat(value(env, "otp_guard_sms_delivery_status_total", "realm", login.realm(), "status", "delivered"))
                .isEqualTo(1);
        // Twilio retries a callback it thinks failed: the replay is refused and not counted again
        assertThat(TwilioStandIn.postStatusCallback(env.baseUrl(), login.realm(), user.phone(), sid, "delivered",
                null)).isEqualTo(403);
        assertThat(value(env, "otp_guard_sms_delivery_status_total", "realm", login.realm())).isEqualTo(1);
    }

    /**
     * The tag space is fixed: hostile codes, usernames and resends leave every tag of every OTP Guard series in its
     * closed set (realm names are the admins', never a request's).
     */
    @Test
    void hostileInputLeavesEveryTagInItsFixedSet(Env env) throws Exception {
        TestUser user = ChannelUnderTest.newUser("metrics-hostile");
        Login login = login(env, RealmSetup.realm(env).step("otp-guard-sms"), user);
        Page page = login.awaitSend(login.passwordStep(user.username()));
        for (String hostile : List.of("${7*7}", "\r\nX: 1", "\u202Eevil", "é中文", "9".repeat(5000),
                "<script>x</script>", "+999123456789")) {
            Page answer = login.enterCode(page, hostile);
            assertThat(answer.status()).isLessThan(500);
            page = answer.isCodePage() ? answer : page;
        }
        login.resend(page);

        Set<String> channels = Set.of("email", "sms");
        Set<String> purposes = Set.of("sign_in", "reset", "enrolment", "contact_change");
        Set<String> results = Set.of("accepted", "wrong", "expired", "exhausted", "locked");
        Set<String> limits = Set.of("cooldown", "send_limit", "quota_user", "quota_destination", "quota_ip",
                "quota_realm", "quota_sms_budget", "guessing_stopped");
        Set<String> reasons = Set.of("mail_server", "invalid_number", "not_configured", "rate_limited",
                "gateway_unavailable", "queue_full", "no_account", "other");
        Set<String> outcomes = Set.of("sent", "not_sent");
        Set<String> statuses = Set.of("sent", "delivered", "not_sent", "unreachable", "carrier_blocked",
                "undelivered");
        Pattern country = Pattern.compile("none|other|[1-9][0-9]{0,2}");
        Pattern realmName = Pattern.compile("[A-Za-z0-9_-]{1,64}");
        List<Sample> samples = scrape(env.server.managementUrl()).stream()
                .filter(s -> s.name().startsWith("otp_guard_")).toList();
        assertThat(samples).isNotEmpty();
        for (Sample s : samples) {
            s.labels().forEach((key, value) -> {
                switch (key) {
                    case "realm" -> assertThat(value).matches(realmName);
                    case "channel" -> assertThat(value).isIn(channels);
                    case "purpose" -> assertThat(value).isIn(purposes);
                    case "result" -> assertThat(value).isIn(results);
                    case "limit" -> assertThat(value).isIn(limits);
                    case "reason" -> assertThat(value).isIn(reasons);
                    case "outcome" -> assertThat(value).isIn(outcomes);
                    case "status" -> assertThat(value).isIn(statuses);
                    case "country" -> assertThat(value).matches(country);
                    case "le" -> assertThat(value).matches("[0-9.eE+-]+|\\+Inf");
                    default -> throw new AssertionError("unexpected tag " + key + " on " + s);
                }
            });
        }
        // what is not a code is refused before any check, so it counts as none; the early resend is one refusal
        assertThat(value(env, "otp_guard_code_checks_total", "realm", login.realm())).isZero();
        assertThat(value(env, "otp_guard_sends_refused_total", "realm", login.realm(), "limit", "cooldown"))
                .isEqualTo(1);
        assertThat(value(env, "otp_guard_codes_sent_total", "realm", login.realm())).isEqualTo(1);
    }

    /**
     * The Grafana dashboard and the alert rules in docker/ query only series a real scrape has, once each meter has
     * seen one event: a sign-in with a wrong and a right code, an early resend, a send Twilio refuses, and a
     * delivery report.
     */
    @Test
    void everySeriesTheDashboardAndTheAlertRulesQueryIsInARealScrape(Env env) throws Exception {
        TestUser mail = ChannelUnderTest.newUser("metrics-dash-mail");
        Login mailLogin = login(env, RealmSetup.realm(env).config("resendCooldownSeconds", "30"), mail);
        Page page = mailLogin.awaitSend(mailLogin.passwordStep(mail.username()));
        String code = env.mailbox.awaitCode(mail.email(), 1);
        page = mailLogin.resend(page);
        page = mailLogin.enterCode(page, "000000".equals(code) ? "111111" : "000000");
        assertThat(mailLogin.enterCode(page, code).isRedirectToApp()).isTrue();

        TestUser sms = ChannelUnderTest.newUser("metrics-dash-sms");
        Login smsLogin = login(env, RealmSetup.realm(env).step("otp-guard-sms"), sms);
        smsLogin.awaitSend(smsLogin.passwordStep(sms.username()));
        String sid = Poll.nth(() -> env.twilio.messageSidsTo(sms.phone()), 1, "SID of the SMS to " + sms.phone());
        assertThat(TwilioStandIn.postStatusCallback(env.baseUrl(), smsLogin.realm(), sms.phone(), sid, "delivered",
                null)).isEqualTo(204);
        TestUser refused = ChannelUnderTest.newUser("metrics-dash-fail");
        Login failLogin = login(env, RealmSetup.realm(env).step("otp-guard-sms"), refused);
        StubMapping failure = env.twilio.failFor(refused.phone(), 400, 21211);
        try {
            failLogin.awaitSend(failLogin.passwordStep(refused.username()));
            awaitValue(env, 1, "otp_guard_send_failures_total", "realm", failLogin.realm());
        } finally {
            env.twilio.remove(failure);
        }

        Set<String> scraped = new java.util.HashSet<>();
        scrape(env.server.managementUrl()).forEach(sample -> scraped.add(sample.name()));
        Path docker = Path.of(System.getProperty("otpguard.project.dir", "."), "docker");
        Pattern series = Pattern.compile("otp_guard_[a-z_]+");
        for (Path queries : List.of(docker.resolve("grafana/otp-guard.json"),
                docker.resolve("prometheus/otp-guard-alerts.yml"))) {
            Matcher named = series.matcher(Files.readString(queries));
            Set<String> wanted = new java.util.TreeSet<>();
            while (named.find()) {
                wanted.add(named.group());
            }
            assertThat(wanted).as(queries.toString()).isNotEmpty();
            assertThat(scraped).as("series %s queries", queries.getFileName()).containsAll(wanted);
        }
    }

    /** Without {@code --metrics-enabled} there is no {@code /metrics}, and a sign-in with a code works as ever. */
    @Test
    void withoutMetricsKeycloakStartsServesNoMetricsAndCodesStillWork(Env env) throws Exception {
        Path log = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "keycloak-no-metrics.log");
        Files.deleteIfExists(log);
        try (KeycloakServer server = new KeycloakServer(Path.of(System.getProperty("keycloak.spare.home")),
                KeycloakServer.freePort(), log)) {
            server.installProvider(KeycloakServer.providerJarFromSystemProperty());
            server.start(List.of());
            RealmSetup setup = RealmSetup.realm(env);
            TestUser user = ChannelUnderTest.newUser("metrics-off");
            setup.user(user.username(), user.email(), null, user.phone());
            new dev.otpguard.it.support.Admin(server.baseUrl()).createRealm(setup.toJson());
            Login login = new Login(new Browser(server.baseUrl()), server.baseUrl(), setup.name());
            Page page = login.awaitSend(login.passwordStep(user.username()));
            assertThat(login.enterCode(page, env.mailbox.awaitCode(user.email(), 1)).isRedirectToApp()).isTrue();

            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(server.managementUrl()
                    + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(404);
            assertThat(Files.readString(log)).doesNotContain("micrometer").doesNotContain("Micrometer");

            // nor the declarative UI: the console draws no OTP Guard tab, and a realm update (which the tab's
            // listener hears) works; the tab's copy stays current, so turning the feature on later shows the truth
            dev.otpguard.it.support.Admin admin = new dev.otpguard.it.support.Admin(server.baseUrl());
            java.util.List<String> declarativeUi = new java.util.ArrayList<>();
            admin.get("/admin/serverinfo").path("features").forEach(feature -> {
                if ("DECLARATIVE_UI".equals(feature.path("name").asText())) {
                    declarativeUi.add(feature.path("enabled").asText());
                }
            });
            assertThat(declarativeUi).containsExactly("false");
            com.fasterxml.jackson.databind.node.ObjectNode realm =
                    (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/admin/realms/" + setup.name());
            realm.putObject("attributes").put("otpGuard.sendsPerUserPerHour", "9");
            assertThat(admin.put("/admin/realms/" + setup.name(), realm).statusCode()).isEqualTo(204);
            assertThat(admin.get("/admin/realms/" + setup.name()).path("attributes")
                    .path("otpGuard.sendsPerUserPerHour").asText()).isEqualTo("9");
            assertThat(admin.get("/admin/realms/" + setup.name()
                    + "/components?type=org.keycloak.services.ui.extend.UiTabProvider").get(0).path("config")
                    .path("sendsPerUserPerHour").get(0).asText()).isEqualTo("9");
        }
    }
}
