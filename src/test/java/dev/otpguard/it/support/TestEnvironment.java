package dev.otpguard.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts GreenMail and one Keycloak (with our jar) for the whole test run, shared by every test class,
 * and stops both when the run ends. Test classes ask for an {@link Env} parameter.
 */
public final class TestEnvironment implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Env.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Env.class, k -> Env.start(), Env.class);
    }

    /** The running server, its admin API and the mailbox. */
    public static final class Env implements AutoCloseable {
        public final Mailbox mailbox;
        public final TwilioStandIn twilio;
        public final KeycloakServer server;
        public final Admin admin;
        /** Keycloak's file vault: a file {@code <realm>_<key>} (underscores doubled) holds a secret. */
        public final Path vaultDir;

        private Env(Mailbox mailbox, TwilioStandIn twilio, KeycloakServer server) {
            this.mailbox = mailbox;
            this.twilio = twilio;
            this.server = server;
            this.admin = new Admin(server.baseUrl());
            this.vaultDir = vaultDirectory();
        }

        static Env start() {
            // metrics on, as an operator who watches OTP Guard runs it (MetricsIT scrapes them), and the declarative
            // UI that draws the OTP Guard tab in Realm settings (RealmSettingsTabIT)
            Env env = start(KeycloakServer.homeFromSystemProperty(), "keycloak-it.log",
                    java.util.List.of("--metrics-enabled=true", "--features=declarative-ui"), java.util.List.of());
            try {
                Files.writeString(env.server.logFile().resolveSibling("keycloak-it-startup.txt"),
                        "Keycloak start-dev to /health/ready with OTP Guard installed: "
                                + env.server.startupTime().toMillis() + " ms\n");
            } catch (java.io.IOException e) {
                env.close();
                throw new IllegalStateException("could not start the test environment", e);
            }
            return env;
        }

        /**
         * An environment of its own (server, mail and SMS stand-ins), for a test that needs server options or
         * test-only providers the shared server must not have; {@code home} is another unpacked Keycloak (e.g.
         * {@code keycloak.spare.home}). The caller closes it.
         */
        public static Env start(Path home, String logName, java.util.List<String> extraOptions,
                                java.util.List<Path> extraProviders) {
            Mailbox mailbox = new Mailbox(KeycloakServer.freePort());
            TwilioStandIn twilio = new TwilioStandIn();
            try {
                Path log = Path.of(System.getProperty("otpguard.project.dir", "."), "target", logName);
                Files.deleteIfExists(log);
                KeycloakServer server = new KeycloakServer(home, KeycloakServer.freePort(), log);
                server.installProvider(KeycloakServer.providerJarFromSystemProperty());
                for (Path extra : extraProviders) {
                    Files.copy(extra, home.resolve("providers").resolve(extra.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Path vault = vaultDirectory();
                Files.createDirectories(vault);
                java.util.List<String> options = new java.util.ArrayList<>(twilio.keycloakOptions());
                options.add("--vault=file");
                options.add("--vault-dir=" + vault.toAbsolutePath());
                options.addAll(extraOptions);
                server.start(options);
                System.out.println("Keycloak ready in " + server.startupTime().toMillis() + " ms at " + server.baseUrl());
                return new Env(mailbox, twilio, server);
            } catch (Exception e) {
                mailbox.close();
                twilio.close();
                throw new IllegalStateException("could not start the test environment", e);
            }
        }

        private static Path vaultDirectory() {
            return Path.of(System.getProperty("otpguard.project.dir", "."), "target", "it-vault");
        }

        /** Puts a secret into the realm's vault under {@code key}. */
        public void vaultSecret(String realm, String key, String value) {
            try {
                Files.writeString(vaultDir.resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")), value);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public String baseUrl() {
            return server.baseUrl();
        }

        public Browser browser() {
            return new Browser(server.baseUrl());
        }

        @Override
        public void close() {
            server.close();
            mailbox.close();
            twilio.close();
        }
    }
}
