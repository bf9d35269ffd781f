package dev.otpguard.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A provider jar made of one package of the compiled tests, for a test that needs a test-only provider in a
 * server of its own (never in the shared test server, which runs the product jar alone). The name starts with
 * {@code otp-guard}, so {@link KeycloakServer#installProvider} of the next test on that install removes it.
 */
public final class TestProviderJar {

    private TestProviderJar() {
    }

    /**
     * Writes {@code target/<name>.jar} with the classes of {@code anchor}'s package and a
     * {@code META-INF/services} file per entry of {@code services} (SPI factory interface to implementations).
     */
    public static Path build(String name, Class<?> anchor, Map<String, List<String>> services) throws IOException {
        Path classes;
        try {
            classes = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String packagePath = anchor.getPackageName().replace('.', '/');
        Path jar = Path.of(System.getProperty("otpguard.project.dir", "."), "target", name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             var listing = Files.list(classes.resolve(packagePath))) {
            for (Path compiled : listing.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                out.putNextEntry(new JarEntry(packagePath + "/" + compiled.getFileName()));
                out.write(Files.readAllBytes(compiled));
                out.closeEntry();
            }
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                out.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
