package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core, fetched once from the npm registry (pinned version, checked against the registry's
 * SHA-512 integrity value) and run inside the page in Chromium: the WCAG 2.0, 2.1 and 2.2 A/AA rules.
 */
public final class AxeCore {

    private static final String VERSION = "4.14.1";
    private static final String TARBALL = "https://registry.npmjs.org/axe-core/-/axe-core-" + VERSION + ".tgz";
    private static final String INTEGRITY =
            "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==";
    private static final Path CACHE = Path.of(System.getProperty("otpguard.project.dir", "."), "target",
            "axe-core-" + VERSION + ".min.js");
    private static final String TAGS = "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']";

    private AxeCore() {
    }

    /** The violations on the current page, one line each: rule id, impact, and the offending elements. */
    public static List<String> violations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source());
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: " + TAGS + "}})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('ERROR ' + e); });");
        String json = String.valueOf(result);
        if (json.startsWith("ERROR")) {
            throw new IllegalStateException("axe-core failed: " + json);
        }
        List<String> lines = new ArrayList<>();
        try {
            for (JsonNode violation : new ObjectMapper().readTree(json)) {
                List<String> targets = new ArrayList<>();
                violation.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                lines.add(violation.path("id").asText() + " (" + violation.path("impact").asText() + "): "
                        + violation.path("help").asText() + " " + targets);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private static synchronized String source() {
        try {
            if (!Files.exists(CACHE)) {
                Files.createDirectories(CACHE.getParent());
                Files.writeString(CACHE, extract(download()));
            }
            return Files.readString(CACHE);
        } catch (IOException e) {
            throw new IllegalStateException("axe-core " + VERSION + " could not be fetched from " + TARBALL, e);
        }
    }

    private static byte[] download() throws IOException {
        try {
            HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(TARBALL)).timeout(Duration.ofMinutes(2)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            String actual = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-512").digest(response.body()));
            if (!actual.equals(INTEGRITY)) {
                throw new IOException("the tarball does not match the registry's integrity value");
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads package/axe.min.js out of the gzipped tar (plain ustar entries, as npm writes them). */
    private static String extract(byte[] tgz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "").trim();
                if (name.isEmpty()) {
                    break;
                }
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII)
                        .replace("\0", "").trim(), 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (name.equals("package/axe.min.js")) {
                    return new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("package/axe.min.js not found in the tarball");
    }
}
