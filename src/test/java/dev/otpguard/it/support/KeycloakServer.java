package dev.otpguard.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Keycloak from the unpacked keycloak-quarkus-dist, started with {@code kc.sh start-dev} on free ports
 * with our jar in providers/, or in production mode ({@code kc.sh start --optimized}, after {@link #build}) for
 * the cluster test. Stopping sends SIGTERM to the whole process tree, waits, then kills what is left.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final Path logFile;
    private Process process;
    private Duration startupTime;
    /**
     * Our own classes at the most verbose level, and every event with its details, so the log check can prove
     * that no code reaches a log line at any level. The benchmark sets a quieter level: trace lines cost time.
     */
    private String logLevel = "INFO,dev.otpguard:trace,org.keycloak.events:debug";

    public KeycloakServer(Path home, int httpPort, Path logFile) {
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = freePort();
        this.logFile = logFile;
    }

    public static Path homeFromSystemProperty() {
        String home = System.getProperty("keycloak.home");
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException("keycloak.home does not point to an unpacked Keycloak (" + home
                    + "); run the tests with mvn verify, which unpacks keycloak-quarkus-dist first");
        }
        return Path.of(home);
    }

    public static Path providerJarFromSystemProperty() {
        String jar = System.getProperty("otpguard.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("otpguard.jar does not point to the built jar (" + jar + ")");
        }
        return Path.of(jar);
    }

    /** Copies the jar only when its bytes changed: an unchanged providers/ keeps Keycloak's start warm. */
    public void installProvider(Path jar) throws IOException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (var stream = Files.list(providers)) {
            for (Path old : stream.filter(p -> p.getFileName().toString().startsWith("otp-guard")).toList()) {
                if (!old.getFileName().equals(jar.getFileName())) {
                    Files.delete(old);
                }
            }
        }
        Path target = providers.resolve(jar.getFileName());
        if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), Files.readAllBytes(jar))) {
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();

    /** An environment variable for the server process, e.g. to run it under libfaketime. */
    public KeycloakServer environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Runs {@code kc.sh build} with these build options (for example {@code --db=postgres}) in {@code home} and
     * waits for it; returns how long it took. Production-mode nodes then start with {@link #startOptimized}.
     */
    public static Duration build(Path home, List<String> options, Path logFile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(options);
        Files.createDirectories(logFile.getParent());
        Instant started = Instant.now();
        Process build = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        if (!build.waitFor(4, java.util.concurrent.TimeUnit.MINUTES)) {
            build.descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly();
            throw new IllegalStateException("kc.sh build did not finish within 4 minutes; see " + logFile);
        }
        if (build.exitValue() != 0) {
            throw new IllegalStateException("kc.sh build failed with exit code " + build.exitValue() + "; see " + logFile);
        }
        return Duration.between(started, Instant.now());
    }

    /**
     * Production mode: {@code kc.sh start --optimized} with plain HTTP on this server's ports, plus these options
     * (database, hostname, cache). The install must have been built with {@link #build} first.
     */
    public void startOptimized(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort));
        command.addAll(options);
        launch(command);
    }

    public void start(List<String> extraOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--cache=local",
                "--db=dev-mem",
                "--log-level=" + logLevel));
        command.addAll(extraOptions);
        launch(command);
    }

    /** The {@code --log-level} of {@link #start}; call before starting. */
    public KeycloakServer logLevel(String value) {
        this.logLevel = value;
        return this;
    }

    private void launch(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
        builder.environment().putAll(environment);
        Files.createDirectories(logFile.getParent());
        Instant started = Instant.now();
        process = builder.start();
        waitUntilReady(Duration.ofMinutes(4));
        startupTime = Duration.between(started, Instant.now());
    }

    private void waitUntilReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://localhost:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak not ready after " + timeout + "; see " + logFile);
    }

    /** The management interface (health, and {@code /metrics} with {@code --metrics-enabled=true}). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The process id of the server's Java process (for {@code /proc/<pid>/stat} and jcmd). kc.sh runs Java as its child,
     * except after an implicit re-augmentation, when it execs Java itself; then kc.sh's process is the Java process.
     */
    public long javaPid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return javaProcesses().stream().findFirst().orElse(process.toHandle()).pid();
    }

    private List<ProcessHandle> javaProcesses() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false))
                .toList();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * A crash: SIGKILL to the server's Java process, with no chance to leave the cluster politely. kc.sh runs Java
     * as its child; only after an implicit re-augmentation does it exec Java itself, then the kc.sh process is
     * the Java process. Returns once the Java process is gone; kc.sh exits on its own after that.
     */
    public void killHard() throws InterruptedException {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        List<ProcessHandle> javas = javaProcesses();
        List<ProcessHandle> victims = javas.isEmpty() ? List.of(process.toHandle()) : javas;
        for (ProcessHandle victim : victims) {
            victim.destroyForcibly();
        }
        for (ProcessHandle victim : victims) {
            try {
                victim.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + victim.pid() + " survived SIGKILL", e);
            }
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
