package dev.otpguard.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs the compose stack in CI, so this reads docker/compose.yaml, docker/.env.example and
 * docker/Dockerfile and checks what would otherwise only fail on a user's machine: the five services and their
 * images, the published ports, a health check on each, the realm import, and that the variables the stack uses and
 * the ones .env.example documents are the same.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("docker");
    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?err}}; {@code $$} escapes. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    private static JsonNode service(String name) throws IOException {
        JsonNode service = compose().path("services").path(name);
        assertThat(service.isObject()).as("service " + name).isTrue();
        return service;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void theStackIsKeycloakFromOurDockerfilePostgresAMailCatcherPrometheusAndGrafana() throws IOException {
        assertThat(compose().path("services").properties()).extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("keycloak", "postgres", "mail", "prometheus", "grafana");

        JsonNode keycloak = service("keycloak");
        assertThat(keycloak.path("build").path("context").asText()).isEqualTo("..");
        assertThat(keycloak.path("build").path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        assertThat(Files.isRegularFile(DOCKER.resolve("..").resolve(keycloak.path("build").path("dockerfile").asText())))
                .isTrue();
        assertThat(texts(keycloak.path("command"))).containsExactly("start", "--optimized", "--import-realm");
        assertThat(service("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(service("mail").path("image").asText()).startsWith("axllent/mailpit:");
        assertThat(service("prometheus").path("image").asText()).startsWith("prom/prometheus:v3.");
        assertThat(service("grafana").path("image").asText()).startsWith("grafana/grafana:");
    }

    /** Prometheus scrapes the management port, where the image serves /metrics, and loads OTP Guard's rules. */
    @Test
    void prometheusScrapesKeycloaksMetricsAndLoadsTheAlertRules() throws IOException {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("prometheus/prometheus.yml")
                .toFile());
        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(texts(job.path("static_configs").get(0).path("targets"))).containsExactly("keycloak:9000");
        assertThat(texts(config.path("rule_files"))).containsExactly("/etc/prometheus/otp-guard-alerts.yml");
        assertThat(dockerfile()).contains("--metrics-enabled=true");
        List<String> volumes = texts(service("prometheus").path("volumes"));
        assertThat(volumes).containsExactlyInAnyOrder("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./prometheus/otp-guard-alerts.yml:/etc/prometheus/otp-guard-alerts.yml:ro");
        assertThat(service("prometheus").path("depends_on").path("keycloak").path("condition").asText())
                .isEqualTo("service_healthy");

        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("prometheus/otp-guard-alerts.yml")
                .toFile()).path("groups").get(0).path("rules");
        assertThat(rules.size()).isGreaterThanOrEqualTo(4);
        for (JsonNode rule : rules) {
            assertThat(rule.path("alert").asText()).startsWith("OtpGuard");
            assertThat(rule.path("expr").asText()).contains("otp_guard_");
            assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
        }
    }

    /** Grafana gets Prometheus under the uid the dashboard names, and the dashboard from its file. */
    @Test
    void grafanaIsProvisionedWithPrometheusAndTheOtpGuardDashboard() throws IOException {
        List<String> volumes = texts(service("grafana").path("volumes"));
        assertThat(volumes).containsExactlyInAnyOrder("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/otp-guard.json:/var/lib/grafana/dashboards/otp-guard.json:ro");
        JsonNode datasource = new ObjectMapper(new YAMLFactory()).readTree(DOCKER
                .resolve("grafana/provisioning/datasources/prometheus.yaml").toFile()).path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode provider = new ObjectMapper(new YAMLFactory()).readTree(DOCKER
                .resolve("grafana/provisioning/dashboards/otp-guard.yaml").toFile()).path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");

        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/otp-guard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("otp-guard");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(8);
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(datasource.path("uid").asText());
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).contains("otp_guard_"));
        }
        assertThat(dashboard.toString()).as("an SMS pumping view by calling code").contains("by (country)");
        assertThat(service("grafana").path("depends_on").path("prometheus").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void keycloakWaitsForAHealthyDatabaseAndMailServer() throws IOException {
        JsonNode dependsOn = service("keycloak").path("depends_on");
        assertThat(dependsOn.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(dependsOn.path("mail").path("condition").asText()).isEqualTo("service_healthy");
    }

    @Test
    void keycloakTalksToThePostgresServiceAndTheRealmSendsMailToTheMailService() throws IOException {
        JsonNode environment = service("keycloak").path("environment");
        assertThat(environment.path("KC_DB_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(environment.path("KC_HTTP_ENABLED").asText()).isEqualTo("true");
        JsonNode smtp = new ObjectMapper().readTree(DOCKER.resolve("realm-demo.json").toFile()).path("smtpServer");
        assertThat(smtp.path("host").asText()).isEqualTo("mail");
        assertThat(smtp.path("port").asText()).isEqualTo("1025");
    }

    @Test
    void keycloakAndTheMailInboxArePublishedAndTheDatabaseIsNot() throws IOException {
        assertThat(texts(service("keycloak").path("ports"))).containsExactly("${KEYCLOAK_PORT:-8080}:8080");
        assertThat(texts(service("mail").path("ports"))).containsExactly("${MAILPIT_PORT:-8025}:8025");
        assertThat(service("postgres").has("ports")).as("postgres published on the host").isFalse();
        assertThat(texts(service("prometheus").path("ports"))).containsExactly("${PROMETHEUS_PORT:-9090}:9090");
        assertThat(texts(service("grafana").path("ports"))).containsExactly("${GRAFANA_PORT:-3000}:3000");
    }

    @Test
    void everyServiceHasAHealthCheck() throws IOException {
        for (String name : List.of("keycloak", "postgres", "mail", "prometheus", "grafana")) {
            JsonNode test = service(name).path("healthcheck").path("test");
            assertThat(test.isArray() && test.size() >= 2).as(name + " healthcheck test").isTrue();
            assertThat(test.get(0).asText()).isIn("CMD", "CMD-SHELL");
        }
        // the management port (9000) answers /health/ready: health is enabled in the image's build
        assertThat(texts(service("keycloak").path("healthcheck").path("test")).get(1))
                .contains("/dev/tcp/127.0.0.1/9000").contains("GET /health/ready ");
        assertThat(dockerfile()).contains("--health-enabled=true");
        assertThat(texts(service("postgres").path("healthcheck").path("test")).get(1)).startsWith("pg_isready");
        assertThat(texts(service("mail").path("healthcheck").path("test"))).containsExactly("CMD", "/mailpit", "readyz");
        assertThat(texts(service("prometheus").path("healthcheck").path("test"))).contains("http://localhost:9090/-/ready");
        assertThat(texts(service("grafana").path("healthcheck").path("test"))).contains("http://localhost:3000/api/health");
    }

    @Test
    void theDemoRealmIsMountedWhereImportRealmReadsIt() throws IOException {
        List<String> volumes = texts(service("keycloak").path("volumes"));
        assertThat(volumes).contains("./realm-demo.json:/opt/keycloak/data/import/realm-demo.json:ro");
        for (String volume : volumes) {
            String source = volume.split(":")[0];
            if (source.startsWith(".")) {
                assertThat(DOCKER.resolve(source)).as(volume).isRegularFile();
            }
        }
    }

    @Test
    void smsGoToTheLogSenderUnlessAnotherIsChosenAndTwilioCredentialsAreRuntimeOptions() throws IOException {
        JsonNode keycloak = service("keycloak");
        assertThat(keycloak.path("build").path("args").path("OTP_GUARD_SMS_SENDER").asText())
                .isEqualTo("${OTP_GUARD_SMS_SENDER:-log}");
        String dockerfile = dockerfile();
        assertThat(dockerfile).contains("ARG OTP_GUARD_SMS_SENDER=twilio")
                .contains("--spi-otp-guard-sms-sender--provider-default=${OTP_GUARD_SMS_SENDER}")
                .contains("--spi-otp-guard-sms-sender--log--enabled=true");
        Set<String> twilio = new TreeSet<>();
        keycloak.path("environment").properties().forEach(e -> {
            if (e.getKey().startsWith("KC_SPI_OTP_GUARD_SMS_SENDER__TWILIO__")) {
                twilio.add(e.getKey().substring("KC_SPI_OTP_GUARD_SMS_SENDER__TWILIO__".length()));
            }
        });
        assertThat(twilio).containsExactlyInAnyOrder("ACCOUNT_SID", "AUTH_TOKEN", "API_KEY", "API_SECRET", "FROM",
                "MESSAGING_SERVICE_SID");
    }

    /** The OTP Guard tab needs Keycloak's declarative UI: the stack builds with it, the image only when asked. */
    @Test
    void theStackBuildsKeycloakWithTheDeclarativeUiTheImageOnlyWhenAsked() throws IOException {
        assertThat(service("keycloak").path("build").path("args").path("KEYCLOAK_FEATURES").asText())
                .isEqualTo("${KEYCLOAK_FEATURES:-declarative-ui}");
        assertThat(dockerfile()).contains("ARG KEYCLOAK_FEATURES=\n")
                .contains("--features=${KEYCLOAK_FEATURES}");
    }

    @Test
    void theImageIsBuiltOptimizedOnTheOfficialBaseAndStartsOptimized() throws IOException {
        String dockerfile = dockerfile();
        assertThat(dockerfile).contains("ARG KEYCLOAK_VERSION=")
                .contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS builder")
                .contains("COPY target/otp-guard-*.jar /opt/keycloak/providers/")
                .contains("kc.sh build --db=postgres --health-enabled=true --metrics-enabled=true")
                .contains("COPY --from=builder /opt/keycloak/ /opt/keycloak/")
                .contains("CMD [\"start\", \"--optimized\"]");
        assertThat(Pattern.compile("^FROM ", Pattern.MULTILINE).matcher(dockerfile).results().count()).isEqualTo(2);
    }

    @Test
    void theImageAndTheStackDefaultToTheKeycloakVersionTheTestsRun() throws IOException {
        Matcher pom = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pom.find()).isTrue();
        String tested = pom.group(1);
        assertThat(dockerfile()).contains("ARG KEYCLOAK_VERSION=" + tested + "\n");
        assertThat(service("keycloak").path("build").path("args").path("KEYCLOAK_VERSION").asText())
                .isEqualTo("${KEYCLOAK_VERSION:-" + tested + "}");
    }

    @Test
    void theBuildContextIsOnlyTheJar() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(rules).containsExactly("*", "!target/otp-guard-*.jar");
    }

    @Test
    void everyVariableTheStackUsesIsInEnvExampleAndEveryVariableThereIsUsed() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Files.readString(DOCKER.resolve("compose.yaml")));
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> documented = new TreeSet<>();
        List<String> malformed = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env.example"))) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher assignment = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=.*").matcher(trimmed);
            if (assignment.matches()) {
                documented.add(assignment.group(1));
            } else {
                malformed.add(line);
            }
        }
        assertThat(malformed).as("lines of .env.example that are neither NAME=value nor a comment").isEmpty();
        assertThat(used).as("variables in compose.yaml").isNotEmpty().isEqualTo(documented);
    }

    @Test
    void eachDefaultInComposeIsTheValueEnvExampleShows() throws IOException {
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)}")
                .matcher(Files.readString(DOCKER.resolve("compose.yaml")));
        String example = Files.readString(DOCKER.resolve(".env.example"));
        while (m.find()) {
            assertThat(example).as("default of " + m.group(1)).containsPattern(
                    "(?m)^" + m.group(1) + "=" + Pattern.quote(m.group(2)) + "$");
        }
    }

    private static String dockerfile() throws IOException {
        return Files.readString(DOCKER.resolve("Dockerfile"));
    }
}
