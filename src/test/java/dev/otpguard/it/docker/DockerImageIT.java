package dev.otpguard.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Builds the image from docker/Dockerfile and checks that Keycloak in it lists our providers. Needs a Docker
 * engine; where there is none (as on the project's CI machines) it is skipped with the reason.
 */
class DockerImageIT {

    @Test
    void theImageFromDockerDirectoryStartsWithOurProviders() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "No Docker engine reachable: the docker/ image test is skipped. "
                + "Run mvn verify on a machine with Docker to include it.");

        Path project = Path.of(System.getProperty("otpguard.project.dir", "."));
        Path jar = Path.of(System.getProperty("otpguard.jar"));
        String image = new ImageFromDockerfile("otp-guard-it", false)
                .withFileFromPath("docker/Dockerfile", project.resolve("docker/Dockerfile"))
                .withFileFromPath("target/" + jar.getFileName(), jar)
                .withDockerfilePath("docker/Dockerfile")
                .get();
        try (KeycloakContainer keycloak = new KeycloakContainer(image)) {
            keycloak.start();
            var info = keycloak.getKeycloakAdminClient().serverInfo().getInfo();
            assertThat(info.getProviders().get("authenticator").getProviders()).containsKey("otp-guard-email");
        }
    }
}
