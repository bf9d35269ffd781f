package dev.otpguard.bench;

import static dev.otpguard.bench.Scenario.EMAIL;
import static dev.otpguard.bench.Scenario.MANY_KNOWN_DEVICES;
import static dev.otpguard.bench.Scenario.ONE_KNOWN_DEVICE;
import static dev.otpguard.bench.Scenario.PASSWORD;
import static dev.otpguard.bench.Scenario.PASSWORD_WHILE_SMS_STALLS;
import static dev.otpguard.bench.Scenario.RETURNING_DEVICE;
import static dev.otpguard.bench.Scenario.SMS;
import static dev.otpguard.bench.Scenario.TOTP;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otpguard.bench.Samples.Request;
import dev.otpguard.it.support.KeycloakServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results as target/bench/report.md (for people) and report.json (for tools), and the targets of
 * the issue, computed as ratios within the same run and reported as met or missed.
 */
final class Report {

    /**
     * A target: {@code value} must stay at or below {@code limit} (at or above when {@code atLeast}). The scenarios
     * are what a profiling pass records when it is missed; {@code soak} when the soak is concerned.
     */
    record Target(String id, String description, double value, double limit, boolean atLeast, String unit,
                  List<Scenario> scenarios, boolean soak) {

        boolean measured() {
            return !Double.isNaN(value);
        }

        boolean met() {
            return measured() && (atLeast ? value >= limit : value <= limit);
        }

        String result() {
            return !measured() ? "not measured" : met() ? "met" : "**missed**";
        }
    }

    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    private final BenchSettings settings;
    private final Path out;
    private final Map<String, String> phases = new LinkedHashMap<>();
    private final Map<String, Object> server = new LinkedHashMap<>();
    private final List<Map<String, String>> recordings = new ArrayList<>();
    private final String loadAtStart = loadAverage();
    private Map<Scenario, Samples> measured = Map.of();
    private Map<Scenario, Samples> warmup = Map.of();
    private Samples soak;
    private Samples stalled;
    private int knownDevices;
    private final List<Target> targets = new ArrayList<>();

    Report(BenchSettings settings, Path out) {
        this.settings = settings;
        this.out = out;
    }

    void phase(String name) {
        phases.put(name, LoginBench.now());
        System.out.println("[bench] " + name + " at " + phases.get(name));
    }

    void server(KeycloakServer keycloak, ServerProbe probe) {
        String home = KeycloakServer.homeFromSystemProperty().getFileName().toString();
        server.put("keycloak", home.replace("keycloak-", ""));
        server.put("mode", "start-dev, --db=dev-mem, --cache=local, themes and templates cached as in production, "
                + "log level INFO, metrics " + (settings.metrics() ? "on (--metrics-enabled=true)" : "off"));
        server.put("heap", System.getenv().getOrDefault("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g"));
        server.put("startupSeconds", keycloak.startupTime().toMillis() / 1000.0);
        server.put("javaPid", probe.pid());
        server.put("log", out.relativize(keycloak.logFile()).toString());
    }

    void recording(Path file, String what) {
        recordings.add(Map.of("file", file.toAbsolutePath().toString(), "what", what));
    }

    void results(Map<Scenario, Samples> measured, Map<Scenario, Samples> warmup, Samples soak, Samples stalled,
                 int knownDevices) {
        this.measured = measured;
        this.warmup = warmup;
        this.soak = soak;
        this.stalled = stalled;
        this.knownDevices = knownDevices;
        targets.clear();
        targets.add(new Target("T1", "throughput 3 ÷ 2 (email code vs TOTP)",
                ratio(lps(EMAIL), lps(TOTP)), 0.95, true, "×", List.of(TOTP, EMAIL), false));
        targets.add(new Target("T2a", "code POST p99: email (3) ÷ TOTP (2)",
                ratio(p99(EMAIL, Request.CODE), p99(TOTP, Request.CODE)), 1.2, false, "×", List.of(TOTP, EMAIL), false));
        targets.add(new Target("T2b", "code POST p99: SMS (4) ÷ TOTP (2)",
                ratio(p99(SMS, Request.CODE), p99(TOTP, Request.CODE)), 1.2, false, "×", List.of(TOTP, SMS), false));
        // with the relay and the gateway answering after settings' latency: a send inside the request shows here
        targets.add(new Target("T8a", "password POST p50: email (3) ÷ TOTP (2), mail relay "
                + settings.mailLatency().toMillis() + " ms", ratio(p50(EMAIL, Request.PASSWORD),
                p50(TOTP, Request.PASSWORD)), 1.05, false, "×", List.of(TOTP, EMAIL), false));
        targets.add(new Target("T8b", "password POST p50: SMS (4) ÷ TOTP (2), gateway "
                + settings.smsLatency().toMillis() + " ms", ratio(p50(SMS, Request.PASSWORD),
                p50(TOTP, Request.PASSWORD)), 1.05, false, "×", List.of(TOTP, SMS), false));
        targets.add(new Target("T3", "throughput 5 ÷ 1 (returning device vs password only)",
                ratio(lps(RETURNING_DEVICE), lps(PASSWORD)), 0.95, true, "×", List.of(PASSWORD, RETURNING_DEVICE), false));
        targets.add(new Target("T4", "device check p99 (server side): " + knownDevices + " known devices ÷ 1",
                ratio(measured.get(MANY_KNOWN_DEVICES).deviceCheckMicros(0.99),
                        measured.get(ONE_KNOWN_DEVICE).deviceCheckMicros(0.99)),
                1.1, false, "×", List.of(ONE_KNOWN_DEVICE, MANY_KNOWN_DEVICES), false));
        targets.add(new Target("T4e", "returning-device password POST p99 (end to end): " + knownDevices
                + " known devices ÷ 1", ratio(p99(MANY_KNOWN_DEVICES, Request.PASSWORD),
                p99(ONE_KNOWN_DEVICE, Request.PASSWORD)), 1.1, false, "×",
                List.of(ONE_KNOWN_DEVICE, MANY_KNOWN_DEVICES), false));
        targets.add(new Target("T5", "throughput 6 ÷ 1 (password only while " + settings.stallUsers()
                + " users' SMS stall " + settings.stall().toSeconds() + " s)",
                ratio(lps(PASSWORD_WHILE_SMS_STALLS), lps(PASSWORD)), 0.9, true, "×",
                List.of(PASSWORD, PASSWORD_WHILE_SMS_STALLS), false));
        targets.add(new Target("T6", "soak (" + settings.soakUsers() + " users, " + settings.soak().toSeconds()
                + " s): errors", soak.logins() + soak.errorCount() == 0 ? Double.NaN : soak.errorCount(), 0, false,
                "", List.of(), true));
        targets.add(new Target("T7", "soak: heap after GC, end ÷ start (growth; shrinking is fine)",
                soak.heapBeforeBytes == null || soak.heapAfterBytes == null ? Double.NaN
                        : (double) soak.heapAfterBytes / soak.heapBeforeBytes, 1.10, false, "×", List.of(), true));
    }

    List<Target> missedTargets() {
        return targets.stream().filter(t -> t.measured() && !t.met()).toList();
    }

    // ---------------------------------------------------------------------------------------------- writing

    void write() throws IOException {
        phases.put("report written", LoginBench.now());
        Files.writeString(out.resolve("report.md"), markdown());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(), json());
        System.out.println("[bench] report: " + out.resolve("report.md"));
        System.out.println(markdown());
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# OTP Guard benchmark\n\n");
        md.append(settings.quick() ? "**Quick smoke run** (`-Dbench.quick=true`): proves the harness works; the "
                + "numbers are too short-lived to compare.\n\n" : "Full run.\n\n");
        md.append("- When: ").append(phases.getOrDefault("started", "?")).append(" to ")
                .append(phases.getOrDefault("report written", "?")).append(" (UTC)\n");
        md.append("- Machine: ").append(machine()).append("\n");
        md.append("- Server: Keycloak ").append(server.getOrDefault("keycloak", "?")).append(", ")
                .append(server.getOrDefault("mode", "")).append(", heap `").append(server.getOrDefault("heap", ""))
                .append("`, ready in ").append(server.getOrDefault("startupSeconds", "?")).append(" s; log `")
                .append(server.getOrDefault("log", "")).append("`\n");
        md.append("- Load: ").append(settings.users()).append(" virtual users per scenario (")
                .append(settings.deviceUsers()).append(" in 5a/5b), warm-up ").append(settings.warmup().toSeconds())
                .append(" s per scenario (not measured; none for 6, which runs 1's logins), then ").append(settings.rounds()).append(" rounds of one ")
                .append(settings.slice().toSeconds()).append(" s slice per scenario, round-robin; soak ")
                .append(settings.soakUsers()).append(" users for ").append(settings.soak().toSeconds()).append(" s\n");
        md.append("- Load average at start / end: ").append(loadAtStart).append(" / ").append(loadAverage())
                .append("; CPU of other processes during the slices: ").append(otherCpu())
                .append(" cores on average (near 0 on a quiet machine)\n\n");

        md.append("## Targets\n\nRatios within this run; reported, never asserted.\n\n");
        md.append("| | target | measured | limit | result |\n| --- | --- | --- | --- | --- |\n");
        for (Target t : targets) {
            md.append("| ").append(t.id()).append(" | ").append(t.description()).append(" | ")
                    .append(t.measured() ? fmt(t.value(), t.unit().isEmpty() ? 0 : 2) + t.unit() : "–")
                    .append(" | ").append(t.atLeast() ? "≥ " : "≤ ").append(fmt(t.limit(), t.unit().isEmpty() ? 0 : 2))
                    .append(t.unit()).append(" | ").append(t.result()).append(" |\n");
        }
        if (!recordings.isEmpty()) {
            md.append("\nJava Flight Recordings of the server:\n\n");
            recordings.forEach(r -> md.append("- `").append(r.get("file")).append("`: ").append(r.get("what")).append("\n"));
        } else if (!missedTargets().isEmpty()) {
            md.append("\nNo JFR recording was made (`-Dbench.jfr=").append(settings.jfr()).append("`).\n");
        }

        md.append("\n## Scenarios\n\nMeasured slices only. Times in ms as the client saw them (p50 / p95 / p99); "
                + "CPU in ms per completed login.\n\n");
        md.append("| scenario | logins/s | logins | errors | login page GET | password POST | code POST "
                + "| server CPU | client CPU | other processes, cores | server heap after GC, MB (first → last slice) |\n");
        md.append("| --- | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | --- |\n");
        for (Scenario scenario : measured.keySet()) {
            Samples s = measured.get(scenario);
            md.append("| ").append(scenario.label()).append(" | ").append(fmt(s.loginsPerSecond(), 1)).append(" | ")
                    .append(s.logins()).append(" | ").append(s.errorCount()).append(" | ")
                    .append(times(s, Request.LOGIN_PAGE)).append(" | ").append(times(s, Request.PASSWORD))
                    .append(" | ").append(times(s, Request.CODE)).append(" | ")
                    .append(fmt(s.serverCpuPerLogin() * 1000, 1)).append(" | ")
                    .append(fmt(s.clientCpuPerLogin() * 1000, 1)).append(" | ")
                    .append(fmt(s.otherCpuPerSecond(), 2)).append(" | ")
                    .append(mb(s.heapBeforeBytes)).append(" → ").append(mb(s.heapAfterBytes)).append(" |\n");
        }
        if (stalled != null && measured.containsKey(PASSWORD_WHILE_SMS_STALLS)) {
            Samples six = measured.get(PASSWORD_WHILE_SMS_STALLS);
            double ownShare = six.logins() == 0 ? Double.NaN
                    : stalled.logins() * measured.get(PASSWORD).serverCpuPerLogin()
                    / (six.serverCpuPerLogin() * six.logins());
            md.append("\nScenario 6's ").append(settings.stallUsers()).append(" stalled users: ")
                    .append(stalled.logins()).append(" stalled logins in its slices, password POST (which waits for "
                    + "the SMS) ").append(times(stalled, Request.PASSWORD)).append(" ms. Their own password checks "
                    + "are in scenario 6's server CPU: about ").append(fmt(ownShare * 100, 0))
                    .append(" % of it, at scenario 1's CPU per login.\n");
        }
        long totpWait = measured.containsKey(TOTP) ? measured.get(TOTP).totpWaitMillis() : 0;
        if (totpWait > 0) {
            md.append("\nScenario 2 waited ").append(totpWait / 1000.0).append(" s in total for a user whose TOTP code "
                    + "was still unused: raise `-Dbench.totpUsers` (now ").append(settings.totpUsers())
                    .append("), this lowered scenario 2's throughput.\n");
        }

        md.append("\n## Known devices: 1 vs ").append(knownDevices).append("\n\n");
        md.append("| | device check, server side, µs (p50 / p95 / p99) | checks | password POST, ms (p50 / p95 / p99) |\n");
        md.append("| --- | --- | ---: | --- |\n");
        for (Scenario scenario : List.of(RETURNING_DEVICE, ONE_KNOWN_DEVICE, MANY_KNOWN_DEVICES)) {
            Samples s = measured.get(scenario);
            if (s == null) {
                continue;
            }
            md.append("| ").append(scenario.label()).append(" | ").append(fmt(s.deviceCheckMicros(0.5), 0))
                    .append(" / ").append(fmt(s.deviceCheckMicros(0.95), 0)).append(" / ")
                    .append(fmt(s.deviceCheckMicros(0.99), 0)).append(" | ").append(s.deviceChecks()).append(" | ")
                    .append(times(s, Request.PASSWORD)).append(" |\n");
        }

        if (soak != null) {
            md.append("\n## Soak\n\n").append(settings.soakUsers()).append(" virtual users for ")
                    .append(settings.soak().toSeconds()).append(" s, on flows 3, 4 and 5 side by side (user i on "
                    + "flow i mod 3).\n\n");
            md.append("| logins/s | logins | errors | login page GET | password POST | code POST | server CPU "
                    + "| client CPU | other processes, cores | heap after GC, MB (start → end) |\n");
            md.append("| ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | --- |\n");
            md.append("| ").append(fmt(soak.loginsPerSecond(), 1)).append(" | ").append(soak.logins()).append(" | ")
                    .append(soak.errorCount()).append(" | ").append(times(soak, Request.LOGIN_PAGE)).append(" | ")
                    .append(times(soak, Request.PASSWORD)).append(" | ").append(times(soak, Request.CODE))
                    .append(" | ").append(fmt(soak.serverCpuPerLogin() * 1000, 1)).append(" | ")
                    .append(fmt(soak.clientCpuPerLogin() * 1000, 1)).append(" | ")
                    .append(fmt(soak.otherCpuPerSecond(), 2)).append(" | ").append(mb(soak.heapBeforeBytes))
                    .append(" → ").append(mb(soak.heapAfterBytes)).append(" |\n");
            md.append("\nClass histograms of the server heap at soak start and end: `heap-histogram-soak-start.txt`, "
                    + "`heap-histogram-soak-end.txt`; the classes that grew most: `heap-histogram-soak-growth.txt`.\n");
        }

        md.append("\n## Errors\n\n");
        boolean any = false;
        for (Scenario scenario : measured.keySet()) {
            any |= errors(md, scenario.label(), measured.get(scenario));
            any |= errors(md, scenario.label() + " (warm-up)", warmup.get(scenario));
        }
        if (soak != null) {
            any |= errors(md, "soak", soak);
        }
        if (!any) {
            md.append("None.\n");
        }

        md.append("\n## How it was measured\n\n").append(method());
        return md.toString();
    }

    private static String method() {
        return """
                - One Keycloak (start-dev with themes and templates cached as in production, our jar in providers/), one run, same machine as the load generator. \
                Each scenario has its own realm; the realms are alike except for the browser flow: same users \
                (own mailbox, own verified phone), same SMTP (GreenMail in the bench JVM), events not saved, \
                every OTP Guard hourly limit raised so nothing is refused (which costs a few more cache lookups \
                per send than the defaults: the limits are found by binary search). Scenario 1 uses Keycloak's \
                own `browser` flow; scenario 2's users (and only theirs) have a TOTP credential.
                - A login is GET of the authorization URL, POST of username and password, POST of the code when a \
                code page comes, until Keycloak redirects to the client's redirect URI with `code=`. Every virtual \
                user is a thread with its own HTTP client and cookie jar; between its logins it forgets Keycloak's \
                cookies (so each login is a full one) and keeps only the device cookie `OTP_GUARD_DEVICE`.
                - Times are per request as the client saw them, including parsing the HTML. Waiting for the mail or \
                SMS to arrive is not part of any request time (it is part of the login's wall time). Only requests \
                and logins that completed inside a slice count; CPU is read at the slice's start and end.
                - TOTP codes are computed by the client (RFC 6238, HmacSHA1, 30 s, 6 digits). Keycloak refuses a \
                code the credential already accepted, so scenario 2 takes its users from a pool, each at most \
                once per 30 s step.
                - Email codes are read from the user's own GreenMail inbox; SMS codes from the Twilio stand-in \
                (WireMock), which answers after a fixed latency. Scenario 6's stalled users send an SMS that the \
                stand-in holds for the stall time; the server keeps its default Twilio timeouts (connect 5 s, \
                read 10 s).
                - Server CPU: utime + stime of the Keycloak Java process from /proc/<pid>/stat. Client CPU: this \
                JVM (virtual users, GreenMail, stand-in). Heap: `jcmd <pid> GC.run` twice, then `GC.heap_info`, \
                after ending every user session (logout-all; sessions are expected state, not growth); the \
                per-scenario heap is taken before the scenario's first and after its last measured slice. After \
                each slice the realm's sessions are ended (not timed).
                - Device check: the server's own DEBUG line of "Condition - new device" (`device check: N known \
                devices, T us`), the only DEBUG category enabled; 5a and 5b run with fewer virtual users than the \
                other scenarios.
                - JFR: where a target is missed, the scenarios it compares run one more slice after the measured \
                run while `jcmd JFR.start settings=profile` records the server (`-Dbench.jfr=always` records the \
                whole run instead, `never` not at all).
                """;
    }

    private boolean errors(StringBuilder md, String label, Samples samples) {
        if (samples == null || samples.errorCount() == 0) {
            return false;
        }
        md.append("- ").append(label).append(":\n");
        samples.errors().forEach((what, n) -> md.append("  - ").append(n).append(" × ").append(what).append("\n"));
        return true;
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("phases", phases);
        root.put("machine", machine());
        root.put("loadAverage", Map.of("start", loadAtStart, "end", loadAverage()));
        root.put("server", server);
        root.put("settings", settings.asMap());
        List<Map<String, Object>> t = new ArrayList<>();
        for (Target target : targets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", target.id());
            m.put("target", target.description());
            m.put("value", number(target.value()));
            m.put("limit", target.limit());
            m.put("atLeast", target.atLeast());
            m.put("result", !target.measured() ? "not measured" : target.met() ? "met" : "missed");
            t.add(m);
        }
        root.put("targets", t);
        Map<String, Object> scenarios = new LinkedHashMap<>();
        measured.forEach((scenario, samples) -> {
            Map<String, Object> m = json(samples);
            m.put("title", scenario.title);
            m.put("warmupErrors", warmup.get(scenario).errors());
            scenarios.put(scenario.id, m);
        });
        root.put("scenarios", scenarios);
        if (soak != null) {
            root.put("soak", json(soak));
        }
        if (stalled != null) {
            root.put("scenario6StalledUsers", json(stalled));
        }
        root.put("jfr", recordings);
        return root;
    }

    private Map<String, Object> json(Samples s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loginsPerSecond", number(s.loginsPerSecond()));
        m.put("logins", s.logins());
        m.put("seconds", number(s.seconds()));
        m.put("errors", s.errorCount());
        m.put("errorsByKind", s.errors());
        for (Request request : Request.values()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("count", s.count(request));
            q.put("p50", number(s.millis(request, 0.50)));
            q.put("p95", number(s.millis(request, 0.95)));
            q.put("p99", number(s.millis(request, 0.99)));
            m.put(request.name().toLowerCase(Locale.ROOT) + "Millis", q);
        }
        m.put("serverCpuSecondsPerLogin", number(s.serverCpuPerLogin()));
        m.put("clientCpuSecondsPerLogin", number(s.clientCpuPerLogin()));
        m.put("otherProcessesCpuCores", number(s.otherCpuPerSecond()));
        m.put("heapAfterGcBytesStart", s.heapBeforeBytes);
        m.put("heapAfterGcBytesEnd", s.heapAfterBytes);
        if (s.deviceChecks() > 0) {
            m.put("deviceCheckMicros", Map.of("count", s.deviceChecks(), "p50", number(s.deviceCheckMicros(0.5)),
                    "p95", number(s.deviceCheckMicros(0.95)), "p99", number(s.deviceCheckMicros(0.99))));
        }
        if (s.totpWaitMillis() > 0) {
            m.put("totpPoolWaitMillis", s.totpWaitMillis());
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private double lps(Scenario scenario) {
        return measured.get(scenario).loginsPerSecond();
    }

    private double p99(Scenario scenario, Request request) {
        return measured.get(scenario).millis(request, 0.99);
    }

    private double p50(Scenario scenario, Request request) {
        return measured.get(scenario).millis(request, 0.50);
    }

    private static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }

    private String otherCpu() {
        double seconds = 0;
        double weighted = 0;
        for (Samples s : measured.values()) {
            if (!Double.isNaN(s.otherCpuPerSecond())) {
                seconds += s.seconds();
                weighted += s.otherCpuPerSecond() * s.seconds();
            }
        }
        return seconds == 0 ? "?" : fmt(weighted / seconds, 2);
    }

    private static String times(Samples s, Request request) {
        if (s.count(request) == 0) {
            return "–";
        }
        StringBuilder b = new StringBuilder();
        for (double q : QUANTILES) {
            b.append(b.length() == 0 ? "" : " / ").append(fmt(s.millis(request, q), 1));
        }
        return b.toString();
    }

    private static String mb(Long bytes) {
        return bytes == null ? "?" : fmt(bytes / 1024.0 / 1024.0, 1);
    }

    private static Object number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String machine() {
        String model = "?";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // leave what is unknown as it is
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), "
                + fmt(memKb / 1024.0 / 1024.0, 1) + " GiB, Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
