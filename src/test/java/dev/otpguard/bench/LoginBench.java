package dev.otpguard.bench;

import static dev.otpguard.bench.Scenario.EMAIL;
import static dev.otpguard.bench.Scenario.MANY_KNOWN_DEVICES;
import static dev.otpguard.bench.Scenario.ONE_KNOWN_DEVICE;
import static dev.otpguard.bench.Scenario.PASSWORD;
import static dev.otpguard.bench.Scenario.PASSWORD_WHILE_SMS_STALLS;
import static dev.otpguard.bench.Scenario.RETURNING_DEVICE;
import static dev.otpguard.bench.Scenario.SMS;
import static dev.otpguard.bench.Scenario.TOTP;

import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.TwilioStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark: what OTP Guard's steps cost, side by side with Keycloak's own, on one Keycloak server. Runs only
 * with {@code mvn -Pbench verify} (never in the default build) and writes target/bench/report.md and report.json.
 * Targets are reported as met or missed, never asserted; the run fails only when the harness itself is broken
 * (a scenario with no completed login at all).
 *
 * <p>Order of the run: start GreenMail, the Twilio stand-in and Keycloak; import the realms; give the returning
 * device users their device cookie (and the many-devices users their 50 devices); warm every scenario up (not
 * measured); then {@code rounds} rounds in which every scenario gets one measured slice, in a rotating order, so
 * that a drift of the machine hits all scenarios alike; then the soak; then, if a target is missed, one more
 * round of the scenarios concerned under Java Flight Recorder.
 */
class LoginBench {

    private static final List<Scenario> COMPARED = List.of(PASSWORD, TOTP, EMAIL, SMS, RETURNING_DEVICE,
            PASSWORD_WHILE_SMS_STALLS, ONE_KNOWN_DEVICE, MANY_KNOWN_DEVICES);
    /** The soak runs our three flows side by side, virtual user i on flow i mod 3. */
    private static final List<Scenario> SOAK_MIX = List.of(EMAIL, SMS, RETURNING_DEVICE);
    private static final Pattern DEVICE_CHECK = Pattern.compile("device check: (\\d+) known devices, (\\d+) us");

    private final BenchSettings settings = BenchSettings.fromSystemProperties();
    private final Path out = Path.of(System.getProperty("otpguard.project.dir", "."), "target", "bench");
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "virtual-user");
        thread.setDaemon(true);
        return thread;
    });

    private KeycloakServer server;
    private Admin admin;
    private ServerProbe probe;
    private BenchRealms realms;
    private final Map<Scenario, List<VirtualUser>> virtualUsers = new EnumMap<>(Scenario.class);
    private final List<VirtualUser> stalledUsers = new ArrayList<>();
    private final Map<Scenario, Samples> measured = new EnumMap<>(Scenario.class);
    private final Map<Scenario, Samples> warmup = new EnumMap<>(Scenario.class);
    private final Samples soak = new Samples();
    /** What scenario 6's stalled users did during its measured slices (their stalled password POSTs). */
    private final Samples stalled = new Samples();

    @Test
    void benchmark() throws Exception {
        Files.createDirectories(out);
        Report report = new Report(settings, out);
        report.phase("started");
        try (Mailbox mailbox = new Mailbox(KeycloakServer.freePort());
             SlowSmtpRelay relay = new SlowSmtpRelay(mailbox.port(), settings.mailLatency());
             TwilioStandIn twilio = TwilioStandIn.forLoad().latency(settings.smsLatency())) {
            startServer(twilio);
            try {
                report.server(server, probe);
                realms = BenchRealms.create(admin, mailbox, settings.mailLatency().isZero() ? mailbox.port() : relay.port(),
                        settings);
                report.phase("realms imported");
                prepareVirtualUsers(new VirtualUser.Inboxes(mailbox, new SmsInbox(twilio)), twilio);
                report.phase("devices enrolled");
                if (settings.jfr().equals("always")) {
                    probe.startRecording("bench-run");
                }
                warmUp();
                report.phase("warmed up");
                compare();
                report.phase("compared");
                soak(report);
                report.phase("soak done");
                if (settings.jfr().equals("always")) {
                    Path jfr = out.resolve("server-whole-run.jfr");
                    probe.stopRecording("bench-run", jfr);
                    report.recording(jfr, "the whole measured run (warm-up, comparison, soak)");
                }
                report.results(measured, warmup, soak, stalled, deviceCount());
                List<Report.Target> missed = report.missedTargets();
                if (!missed.isEmpty() && settings.jfr().equals("onMiss")) {
                    recordMissedTargets(missed, report);
                }
            } finally {
                report.write();
                server.close();
                threads.shutdownNow();
            }
        }
        for (Scenario scenario : COMPARED) {
            if (measured.get(scenario).logins() == 0) {
                throw new AssertionError("scenario " + scenario.label() + " completed no login: the harness is "
                        + "broken, see " + out.resolve("report.md") + " and " + server.logFile());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- set-up

    private void startServer(TwilioStandIn twilio) throws Exception {
        Path log = out.resolve("keycloak-bench.log");
        Files.deleteIfExists(log);
        server = new KeycloakServer(KeycloakServer.homeFromSystemProperty(), KeycloakServer.freePort(), log)
                // INFO only: the tests' trace logging would be a cost of its own. The one DEBUG line kept is the
                // device check's own timing, which the 1 vs 50 devices comparison reads.
                .logLevel("INFO,dev.otpguard.device.NewDeviceCondition:debug");
        server.installProvider(KeycloakServer.providerJarFromSystemProperty());
        List<String> options = new ArrayList<>();
        for (String option : twilio.keycloakOptions()) {
            // the tests' short Twilio timeouts would cut scenario 6's stall; the bench keeps the server defaults
            if (!option.contains("timeout-millis")) {
                options.add(option);
            }
        }
        // start-dev re-reads themes and re-parses every template on every page; production (the Dockerfile's
        // "start --optimized") caches them. Measured in the first full run: template parsing was most of the
        // page-rendering time and, being larger, our code page cost twice Keycloak's OTP page (T1).
        options.add("--spi-theme--cache-themes=true");
        options.add("--spi-theme--cache-templates=true");
        if (settings.metrics()) {
            // what OTP Guard's meters cost per sign-in: compare a run with and one without (docs/performance.md)
            options.add("--metrics-enabled=true");
        }
        server.start(options);
        admin = new Admin(server.baseUrl());
        probe = new ServerProbe(server.javaPid());
        System.out.println("[bench] Keycloak ready in " + server.startupTime().toSeconds() + " s, Java pid "
                + probe.pid());
    }

    private void prepareVirtualUsers(VirtualUser.Inboxes inboxes, TwilioStandIn twilio) throws Exception {
        String base = server.baseUrl();
        virtualUsers.put(PASSWORD, each(realms.passwordUsers, u ->
                VirtualUser.as(base, realms.passwordRealm, Scenario.SecondStep.NONE, u, inboxes)));
        virtualUsers.put(PASSWORD_WHILE_SMS_STALLS, virtualUsers.get(PASSWORD));
        TotpPool pool = new TotpPool(realms.totpUsers);
        List<VirtualUser> totp = new ArrayList<>();
        for (int i = 0; i < settings.users(); i++) {
            totp.add(VirtualUser.fromPool(base, realms.totpRealm, pool, inboxes));
        }
        virtualUsers.put(TOTP, totp);
        virtualUsers.put(EMAIL, each(realms.emailUsers, u ->
                VirtualUser.as(base, realms.emailRealm, Scenario.SecondStep.EMAIL, u, inboxes)));
        virtualUsers.put(SMS, each(realms.smsUsers, u ->
                VirtualUser.as(base, realms.smsRealm, Scenario.SecondStep.SMS, u, inboxes)));
        for (BenchUser user : realms.stalledSmsUsers) {
            twilio.stallFor(user.phone(), settings.stall());
            stalledUsers.add(VirtualUser.as(base, realms.smsRealm, Scenario.SecondStep.SMS, user, inboxes));
        }

        // Scenario 5: each virtual user logs in once with a code, so its browser is a known device from then on.
        // 5b: users with many known devices, made by as many logins from fresh cookie jars; the last jar stays.
        // One user's logins run one after another (its codes share one inbox); different users side by side.
        List<VirtualUser> returning = each(realms.deviceUsers, u ->
                VirtualUser.as(base, realms.deviceRealm, Scenario.SecondStep.NONE, u, inboxes));
        List<VirtualUser> many = each(realms.manyDeviceUsers, u ->
                VirtualUser.as(base, realms.deviceRealm, Scenario.SecondStep.NONE, u, inboxes));
        List<Runnable> enrolments = new ArrayList<>();
        many.forEach(vu -> enrolments.add(() -> {
            for (int i = 0; i < settings.knownDevices(); i++) {
                vu.enrolDevice(true);
            }
        }));
        returning.forEach(vu -> enrolments.add(() -> vu.enrolDevice(false)));
        inParallel(enrolments);
        virtualUsers.put(RETURNING_DEVICE, returning);
        virtualUsers.put(ONE_KNOWN_DEVICE, returning.subList(0, settings.deviceUsers()));
        virtualUsers.put(MANY_KNOWN_DEVICES, many);
        for (Scenario scenario : COMPARED) {
            measured.put(scenario, new Samples());
            warmup.put(scenario, new Samples());
        }
        logoutEverybody();
    }

    private int deviceCount() {
        return settings.knownDevices();
    }

    // ---------------------------------------------------------------------------------------------- phases

    /** Scenario 6 runs scenario 1's logins (warmed up already) and its stall costs no CPU: it gets no warm-up. */
    private void warmUp() throws Exception {
        for (Scenario scenario : COMPARED) {
            if (scenario == PASSWORD_WHILE_SMS_STALLS) {
                continue;
            }
            System.out.println("[bench] warm-up " + scenario.label());
            runSlice(scenario, warmup.get(scenario), settings.warmup());
        }
    }

    /** Every round gives every scenario one slice; each round starts one scenario later than the one before. */
    private void compare() throws Exception {
        for (int round = 0; round < settings.rounds(); round++) {
            for (int i = 0; i < COMPARED.size(); i++) {
                Scenario scenario = COMPARED.get((i + round) % COMPARED.size());
                Samples samples = measured.get(scenario);
                if (round == 0) {
                    samples.heapBeforeBytes = heapAfterGc();
                }
                System.out.println("[bench] round " + (round + 1) + "/" + settings.rounds() + ": "
                        + scenario.label());
                runSlice(scenario, samples, settings.slice());
                if (round == settings.rounds() - 1) {
                    samples.heapAfterBytes = heapAfterGc();
                }
            }
        }
    }

    private void soak(Report report) throws Exception {
        System.out.println("[bench] soak: " + settings.soakUsers() + " users for " + settings.soak().toSeconds() + " s");
        soak.heapBeforeBytes = heapAfterGc();
        Map<String, long[]> before = probe.classHistogram(out.resolve("heap-histogram-soak-start.txt"));
        runMixedSlice(soakUsers(), soak, settings.soak());
        soak.heapAfterBytes = heapAfterGc();
        Map<String, long[]> after = probe.classHistogram(out.resolve("heap-histogram-soak-end.txt"));
        ServerProbe.writeGrowth(before, after, out.resolve("heap-histogram-soak-growth.txt"), 40);
    }

    private List<VirtualUser> soakUsers() {
        List<VirtualUser> users = new ArrayList<>();
        for (int i = 0; i < settings.soakUsers(); i++) {
            users.add(virtualUsers.get(SOAK_MIX.get(i % SOAK_MIX.size())).get(i / SOAK_MIX.size()));
        }
        return users;
    }

    /**
     * One more slice of each scenario a missed target compares (and a soak slice if the soak missed), while Java
     * Flight Recorder records the server: where the time goes. The measured numbers are already taken.
     */
    private void recordMissedTargets(List<Report.Target> missed, Report report) throws Exception {
        Set<Scenario> scenarios = new LinkedHashSet<>();
        boolean soakMissed = false;
        for (Report.Target target : missed) {
            scenarios.addAll(target.scenarios());
            soakMissed |= target.soak();
        }
        System.out.println("[bench] recording the server with JFR for missed targets: " + scenarios
                + (soakMissed ? " + soak" : ""));
        probe.startRecording("missed-targets");
        StringBuilder what = new StringBuilder();
        for (Scenario scenario : scenarios) {
            runSlice(scenario, new Samples(), settings.slice());
            what.append(what.length() == 0 ? "" : ", ").append(scenario.id).append(" (")
                    .append(settings.slice().toSeconds()).append(" s)");
        }
        if (soakMissed) {
            Duration length = settings.slice().multipliedBy(2);
            runMixedSlice(soakUsers(), new Samples(), length);
            what.append(what.length() == 0 ? "" : ", ").append("soak mix with ").append(settings.soakUsers())
                    .append(" users (").append(length.toSeconds()).append(" s)");
        }
        Path jfr = out.resolve("server-missed-targets.jfr");
        probe.stopRecording("missed-targets", jfr);
        report.recording(jfr, "one more slice of " + what + ", after the measured run, with JFR's 'profile' settings");
    }

    // ---------------------------------------------------------------------------------------------- slices

    /** One slice of one scenario with its virtual users (the comparison's number of them). */
    private void runSlice(Scenario scenario, Samples samples, Duration length) throws Exception {
        List<VirtualUser> users = virtualUsers.get(scenario);
        int count = switch (scenario) {
            case ONE_KNOWN_DEVICE, MANY_KNOWN_DEVICES -> settings.deviceUsers();
            default -> settings.users();
        };
        List<Future<?>> stalls = List.of();
        if (scenario == PASSWORD_WHILE_SMS_STALLS) {
            // the stalled SMS logins start first and hold their server threads through the whole slice
            long until = System.nanoTime() + length.toNanos() + 1_000_000_000L;
            stalls = startStalledLogins(until, samples == measured.get(scenario) ? stalled : new Samples());
            Thread.sleep(1000);
        }
        long logBefore = Files.size(server.logFile());
        runMixedSlice(users.subList(0, Math.min(count, users.size())), samples, length);
        if (scenario == ONE_KNOWN_DEVICE || scenario == MANY_KNOWN_DEVICES || scenario == RETURNING_DEVICE) {
            samples.deviceChecks(deviceChecks(logBefore, Files.size(server.logFile())));
        }
        for (Future<?> stall : stalls) {
            stall.get(settings.stall().toSeconds() + 60, TimeUnit.SECONDS);
        }
        logout(scenario);
    }

    /** Virtual users log in over and over until the slice ends; CPU is read at the start and at the end. */
    private void runMixedSlice(List<VirtualUser> users, Samples samples, Duration length) throws Exception {
        double server0 = probe.serverCpuSeconds();
        double client0 = ServerProbe.clientCpuSeconds();
        double machine0 = probe.machineBusySeconds();
        long start = System.nanoTime();
        Slice slice = new Slice(samples, start + length.toNanos());
        List<Future<?>> running = new ArrayList<>();
        for (VirtualUser user : users) {
            running.add(threads.submit(() -> {
                while (slice.running()) {
                    user.login(slice);
                }
            }));
        }
        long sleep = slice.endNanos() - System.nanoTime();
        if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double server = probe.serverCpuSeconds() - server0;
        double client = ServerProbe.clientCpuSeconds() - client0;
        double other = probe.machineBusySeconds() - machine0 - server - client;
        samples.slice(seconds, server, client, Math.max(0, other));
        for (Future<?> user : running) {
            user.get(5, TimeUnit.MINUTES); // logins under way when the slice ended finish uncounted
        }
    }

    /** Stalled users start logins until {@code untilNanos}; each takes as long as the stall (recorded in full). */
    private List<Future<?>> startStalledLogins(long untilNanos, Samples into) {
        Slice unbounded = new Slice(into, Long.MAX_VALUE);
        List<Future<?>> futures = new ArrayList<>();
        for (VirtualUser user : stalledUsers) {
            futures.add(threads.submit(() -> {
                while (System.nanoTime() < untilNanos) {
                    user.stalledLogin(unbounded);
                }
            }));
        }
        return futures;
    }

    /** The server-side device check times logged while a slice ran (the condition's own DEBUG line). */
    private List<Long> deviceChecks(long from, long to) throws IOException {
        List<Long> micros = new ArrayList<>();
        try (var file = new java.io.RandomAccessFile(server.logFile().toFile(), "r")) {
            file.seek(from);
            byte[] bytes = new byte[(int) Math.max(0, to - from)];
            file.readFully(bytes);
            Matcher m = DEVICE_CHECK.matcher(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                micros.add(Long.parseLong(m.group(2)));
            }
        }
        return micros;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * Ends the sessions of a scenario's realm after its slice: every login leaves a user session, and without this
     * they would pile up in the server (and its in-memory database) over the run.
     */
    private void logout(Scenario scenario) {
        String realm = switch (scenario) {
            case PASSWORD, PASSWORD_WHILE_SMS_STALLS -> realms.passwordRealm;
            case TOTP -> realms.totpRealm;
            case EMAIL -> realms.emailRealm;
            case SMS -> realms.smsRealm;
            case RETURNING_DEVICE, ONE_KNOWN_DEVICE, MANY_KNOWN_DEVICES -> realms.deviceRealm;
        };
        logout(realm);
        if (scenario == PASSWORD_WHILE_SMS_STALLS) {
            logout(realms.smsRealm);
        }
    }

    private void logout(String realm) {
        var response = admin.post("/admin/realms/" + realm + "/logout-all", "");
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("logout-all failed: " + response.statusCode() + " " + response.body());
        }
    }

    private void logoutEverybody() {
        realms.all().forEach(this::logout);
    }

    /** Heap after GC with every user session ended first: sessions are expected state, not growth. */
    private long heapAfterGc() {
        logoutEverybody();
        return probe.heapAfterGc();
    }

    private static List<VirtualUser> each(List<BenchUser> users, java.util.function.Function<BenchUser, VirtualUser> f) {
        return users.stream().map(f).toList();
    }

    private void inParallel(List<Runnable> tasks) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
            futures.add(threads.submit(task));
        }
        for (Future<?> future : futures) {
            future.get(10, TimeUnit.MINUTES);
        }
    }

    static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
