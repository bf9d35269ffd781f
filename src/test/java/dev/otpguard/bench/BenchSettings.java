package dev.otpguard.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long and how hard the benchmark runs, from system properties ({@code -Dbench.users=16} and so on). The
 * defaults are the full run; {@code -Dbench.quick=true} changes the defaults to a smoke run of a few minutes, and
 * any property given explicitly still wins.
 *
 * @param users         concurrent virtual users per scenario in the side-by-side comparison
 * @param warmup        length of each scenario's warm-up slice (not measured)
 * @param rounds        how many times every scenario gets a measured slice, round-robin
 * @param slice         length of one measured slice
 * @param soakUsers     concurrent virtual users in the soak
 * @param soak          length of the soak
 * @param stallUsers    virtual users whose SMS stalls during scenario 6
 * @param stall         how long the Twilio stand-in stalls for them
 * @param smsLatency    the Twilio stand-in's answer time for everyone else
 * @param mailLatency   how long the mail relay in front of GreenMail takes to greet (0: no relay)
 * @param deviceUsers   virtual users (and users) in each of the 1 vs 50 known-device scenarios
 * @param knownDevices  known devices of the "many devices" users
 * @param totpUsers     users with an authenticator app, used in turn (Keycloak refuses a TOTP code twice)
 * @param jfr           when to record the server with Java Flight Recorder: onMiss, always, never
 * @param metrics       whether the server runs with {@code --metrics-enabled=true} (OTP Guard's meters recorded)
 */
record BenchSettings(boolean quick, int users, Duration warmup, int rounds, Duration slice, int soakUsers,
                     Duration soak, int stallUsers, Duration stall, Duration smsLatency, Duration mailLatency, int deviceUsers,
                     int knownDevices, int totpUsers, String jfr, boolean metrics) {

    static BenchSettings fromSystemProperties() {
        boolean quick = Boolean.getBoolean("bench.quick");
        BenchSettings s = new BenchSettings(quick,
                integer("bench.users", quick ? 8 : 32),
                seconds("bench.warmupSeconds", quick ? 2 : 20),
                integer("bench.rounds", quick ? 2 : 5),
                seconds("bench.sliceSeconds", quick ? 3 : 15),
                integer("bench.soakUsers", quick ? 12 : 64),
                seconds("bench.soakSeconds", quick ? 15 : 300),
                integer("bench.stallUsers", quick ? 8 : 16),
                seconds("bench.stallSeconds", 10),
                // both as slow as a real relay or gateway far away: what a send inside the request would cost
                Duration.ofMillis(integer("bench.smsLatencyMillis", 300)),
                Duration.ofMillis(integer("bench.mailLatencyMillis", 300)),
                integer("bench.deviceUsers", quick ? 2 : 8),
                integer("bench.knownDevices", 50),
                integer("bench.totpUsers", quick ? 120 : 1200),
                System.getProperty("bench.jfr", "onMiss"),
                Boolean.getBoolean("bench.metrics"));
        if (!java.util.List.of("onMiss", "always", "never").contains(s.jfr)) {
            throw new IllegalArgumentException("bench.jfr must be onMiss, always or never, not " + s.jfr);
        }
        return s;
    }

    /** Users every realm needs: one per virtual user, in the comparison and in the soak. */
    int usersPerRealm() {
        return Math.max(users, soakUsers);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("quick", quick);
        map.put("users", users);
        map.put("warmupSecondsPerScenario", warmup.toSeconds());
        map.put("rounds", rounds);
        map.put("sliceSeconds", slice.toSeconds());
        map.put("soakUsers", soakUsers);
        map.put("soakSeconds", soak.toSeconds());
        map.put("stallUsers", stallUsers);
        map.put("stallSeconds", stall.toSeconds());
        map.put("smsLatencyMillis", smsLatency.toMillis());
        map.put("mailLatencyMillis", mailLatency.toMillis());
        map.put("deviceUsers", deviceUsers);
        map.put("knownDevices", knownDevices);
        map.put("totpUsers", totpUsers);
        map.put("jfr", jfr);
        map.put("metrics", metrics);
        return map;
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)).trim());
    }

    private static Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(integer(name, fallback));
    }
}
