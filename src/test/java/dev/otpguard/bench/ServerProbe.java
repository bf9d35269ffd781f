package dev.otpguard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the Keycloak server from outside: CPU time from /proc/&lt;pid&gt;/stat, heap after a full GC and class
 * histograms through jcmd, and Java Flight Recordings started and stopped through jcmd. Also the CPU time of this
 * JVM (the load generator) and of the whole machine, so the report can show how much else was running.
 */
final class ServerProbe {

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+)$");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;
    private final double ticksPerSecond;
    private final String jcmd;

    ServerProbe(long pid) {
        this.pid = pid;
        this.ticksPerSecond = clockTicks();
        Path besideJava = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(besideJava) ? besideJava.toString() : "jcmd";
    }

    long pid() {
        return pid;
    }

    /** utime + stime of the server's Java process, in seconds. */
    double serverCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ticksPerSecond;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** CPU time of this JVM: the virtual users, their HTTP clients, GreenMail and the Twilio stand-in. */
    static double clientCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Busy CPU time of the whole machine (all cores, from /proc/stat), in seconds. */
    double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Used heap right after two full collections (GC.run, GC.run, GC.heap_info in one jcmd call, since each jcmd
     * is a JVM start), in bytes.
     */
    long heapAfterGc() {
        String info;
        try {
            Path commands = Files.createTempFile("bench-heap", ".jcmd");
            Files.writeString(commands, "GC.run\nGC.run\nGC.heap_info\n");
            try {
                info = jcmd("-f", commands.toString());
            } finally {
                Files.deleteIfExists(commands);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * The classes on the heap after a full GC (jcmd GC.class_histogram), written to {@code file} in full; returns
     * instances and bytes per class name.
     */
    Map<String, long[]> classHistogram(Path file) throws IOException {
        String histogram = jcmd("GC.class_histogram");
        Files.writeString(file, histogram);
        Map<String, long[]> classes = new HashMap<>();
        Matcher m = HISTOGRAM_LINE.matcher(histogram);
        while (m.find()) {
            classes.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return classes;
    }

    /** The classes whose bytes on the heap grew most between two histograms. */
    static void writeGrowth(Map<String, long[]> before, Map<String, long[]> after, Path file, int lines)
            throws IOException {
        List<String> out = new ArrayList<>();
        out.add(String.format("%14s %12s  %s", "bytes grown", "instances", "class"));
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(lines)
                .forEach(e -> out.add(String.format("%,14d %,12d  %s", e.getValue()[1], e.getValue()[0], e.getKey())));
        Files.write(file, out);
    }

    void startRecording(String name) {
        jcmd("JFR.start", "name=" + name, "settings=profile");
    }

    void stopRecording(String name, Path file) {
        jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private String jcmd(String... command) {
        List<String> line = new java.util.ArrayList<>(List.of(jcmd, Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", line) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
