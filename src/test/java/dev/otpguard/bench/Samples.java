package dev.otpguard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything measured for one scenario, summed over its measured slices: request times, completed logins,
 * errors, and the CPU the server, this JVM and the rest of the machine used during the slices.
 */
final class Samples {

    /** The requests of one login, as the issue names them. */
    enum Request {
        LOGIN_PAGE("login page GET"), PASSWORD("password POST"), CODE("code POST");

        final String label;

        Request(String label) {
            this.label = label;
        }
    }

    private final Map<Request, List<Long>> micros = new EnumMap<>(Request.class);
    private final Map<String, Integer> errors = new TreeMap<>();
    private final List<Long> deviceCheckMicros = new ArrayList<>();
    private long logins;
    private double seconds;
    private double serverCpu;
    private double clientCpu;
    private double otherCpu;
    private long totpWaitMillis;
    Long heapBeforeBytes;
    Long heapAfterBytes;

    synchronized void request(Request request, long micros) {
        this.micros.computeIfAbsent(request, r -> new ArrayList<>()).add(micros);
    }

    synchronized void login() {
        logins++;
    }

    synchronized void error(String what) {
        errors.merge(what, 1, Integer::sum);
    }

    synchronized void totpWait(long millis) {
        totpWaitMillis += millis;
    }

    synchronized void slice(double seconds, double serverCpu, double clientCpu, double otherCpu) {
        this.seconds += seconds;
        this.serverCpu += serverCpu;
        this.clientCpu += clientCpu;
        this.otherCpu += otherCpu;
    }

    synchronized void deviceChecks(List<Long> micros) {
        deviceCheckMicros.addAll(micros);
    }

    synchronized long logins() {
        return logins;
    }

    synchronized int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized Map<String, Integer> errors() {
        return new TreeMap<>(errors);
    }

    synchronized double seconds() {
        return seconds;
    }

    synchronized double loginsPerSecond() {
        return seconds == 0 ? 0 : logins / seconds;
    }

    synchronized double serverCpuPerLogin() {
        return logins == 0 ? Double.NaN : serverCpu / logins;
    }

    synchronized double clientCpuPerLogin() {
        return logins == 0 ? Double.NaN : clientCpu / logins;
    }

    /** CPU other processes on the machine used, per second of measurement: noise, should be near 0. */
    synchronized double otherCpuPerSecond() {
        return seconds == 0 ? Double.NaN : otherCpu / seconds;
    }

    synchronized long totpWaitMillis() {
        return totpWaitMillis;
    }

    synchronized int count(Request request) {
        return micros.getOrDefault(request, List.of()).size();
    }

    /** The q-quantile (0..1) of a request's times in milliseconds, or NaN when it never happened. */
    synchronized double millis(Request request, double q) {
        return quantile(micros.getOrDefault(request, List.of()), q) / 1000.0;
    }

    synchronized int deviceChecks() {
        return deviceCheckMicros.size();
    }

    /** The q-quantile of the server-side device check in microseconds (from the condition's DEBUG line). */
    synchronized double deviceCheckMicros(double q) {
        return quantile(deviceCheckMicros, q);
    }

    /** Nearest-rank quantile. */
    static double quantile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
