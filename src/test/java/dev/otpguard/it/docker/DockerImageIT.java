package dev.otpguard.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * Builds the image from docker/Dockerfile (with the development SMS sender, as docker/compose.yaml does), runs it
 * the way compose does (start --optimized, PostgreSQL, the demo realm imported) and takes a smoke test through it:
 * every provider is listed, the build options took effect, and the demo user signs in with an SMS code read from
 * the container's log. Needs a Docker engine; where there is none (as on the project's CI machines) it is skipped
 * with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerImageIT {

    private static final Pattern SMS_CODE = Pattern.compile("\\[DEVELOPMENT SMS, not sent] to \\+4915123456789: (\\d{6})\\b");

    private static final String NO_DOCKER = "No Docker engine reachable: the docker/ image test is skipped. "
            + "Run mvn verify (or mvn verify -Dit.test=DockerImageIT) on a machine with Docker to include it.";

    private boolean docker;
    private Network network;
    private GenericContainer<?> postgres;
    private KeycloakContainer keycloak;

    @BeforeAll
    void startTheImageWithPostgres() {
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            // each test reports itself as skipped, with the reason
            return;
        }

        Path project = Path.of(System.getProperty("otpguard.project.dir", "."));
        Path jar = Path.of(System.getProperty("otpguard.jar"));
        String image = new ImageFromDockerfile("otp-guard-it", true)
                .withFileFromPath("docker/Dockerfile", project.resolve("docker/Dockerfile"))
                .withFileFromPath("target/" + jar.getFileName(), jar)
                .withDockerfilePath("docker/Dockerfile")
                .withBuildArg("KEYCLOAK_VERSION", System.getProperty("keycloak.version", "26.7.3"))
                .withBuildArg("OTP_GUARD_SMS_SENDER", "log")
                .get();

        network = Network.newNetwork();
        postgres = new GenericContainer<>("postgres:17")
                .withNetwork(network).withNetworkAliases("postgres")
                .withEnv("POSTGRES_DB", "keycloak").withEnv("POSTGRES_USER", "keycloak")
                .withEnv("POSTGRES_PASSWORD", "keycloak")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        postgres.start();

        keycloak = new KeycloakContainer(image)
                .withProductionMode()
                .withOptimizedFlag()
                .withEnabledMetrics()
                .withNetwork(network)
                .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .withEnv("KC_DB_USERNAME", "keycloak")
                .withEnv("KC_DB_PASSWORD", "keycloak")
                .withEnv("KC_HTTP_ENABLED", "true")
                .withEnv("KC_HOSTNAME_STRICT", "false")
                .withCopyFileToContainer(MountableFile.forHostPath(project.resolve("docker/realm-demo.json")),
                        "/opt/keycloak/data/import/realm-demo.json")
                .withCustomCommand("--import-realm")
                .withStartupTimeout(Duration.ofMinutes(5));
        keycloak.start();
    }

    @AfterAll
    void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void keycloakInTheImageListsEveryProviderOfOurs() {
        Assumptions.assumeTrue(docker, NO_DOCKER);
        ServerInfoRepresentation info = keycloak.getKeycloakAdminClient().serverInfo().getInfo();
        assertThat(info.getProviders().get("authenticator").getProviders()).containsKeys("otp-guard-email",
                "otp-guard-sms", "otp-guard-condition-new-device", "otp-guard-device-remember");
        assertThat(info.getProviders().get("required-action").getProviders()).containsKeys("otp-guard-phone-setup",
                "otp-guard-update-email", "otp-guard-update-phone");
        assertThat(info.getProviders().get("eventsListener").getProviders()).containsKey("otp-guard-contact-change");
        assertThat(info.getProviders().get("actionTokenHandler").getProviders()).containsKeys("otp-guard-not-me",
                "otp-guard-revert-contact");
        assertThat(info.getProviders().get("credential").getProviders()).containsKey("otp-guard-device");
        assertThat(info.getProviders().get("otp-guard-sms-sender").getProviders()).containsKeys("twilio",
                "twilio-verify", "log");
    }

    @Test
    void theImageStartsOptimizedWithTheBuildOptionsOfTheDockerfile() throws Exception {
        Assumptions.assumeTrue(docker, NO_DOCKER);
        String logs = keycloak.getLogs();
        // an optimized start does not re-augment (no "Updating the configuration and installing your custom providers")
        assertThat(logs).doesNotContain("Updating the configuration").contains("the DEVELOPMENT 'log' SMS sender is enabled");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(keycloak.getMgmtServerUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
    }

    @Test
    void theDemoUserSignsInWithAnSmsCodeFromTheLog() {
        Assumptions.assumeTrue(docker, NO_DOCKER);
        Browser browser = new Browser(keycloak.getAuthServerUrl());
        Page login = browser.get(keycloak.getAuthServerUrl() + "/realms/demo/protocol/openid-connect/auth"
                + "?client_id=demo-app&redirect_uri=http%3A%2F%2Flocalhost%3A1%2Fcallback&response_type=code&scope=openid");
        Page codePage = browser.submit(login, "kc-form-login", Map.of("username", "demo", "password", "demo"));
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();

        Matcher sms = SMS_CODE.matcher(keycloak.getLogs());
        assertThat(sms.find()).as("the log sender's line in the container log").isTrue();
        Page done = browser.submit(codePage, "otp-guard-code-form", Map.of("code", sms.group(1)));
        assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
    }
}
