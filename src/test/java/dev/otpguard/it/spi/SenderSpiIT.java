package dev.otpguard.it.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.Poll;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMS sender SPI is a stable extension point: a sender written in its own jar, compiled here against the built
 * OTP Guard jar (its public types only, not the project's classes), dropped into {@code providers/} beside it, and
 * chosen by a step, carries the sign-in code; its failure reaches the user as the documented message.
 */
class SenderSpiIT {

    private static final Path PROJECT = Path.of(System.getProperty("otpguard.project.dir", "."));
    private static final Path SOURCE = PROJECT.resolve("src/test/resources/sender-spi-example");
    private static final Path OUTBOX = PROJECT.resolve("target/example-sender-outbox");
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static Env env;

    @BeforeAll
    static void startServerWithTheSender() throws Exception {
        Path jar = compileAndPackage();
        deleteTree(OUTBOX);
        env = Env.start(Path.of(System.getProperty("keycloak.spare.home")), "keycloak-sender-spi.log",
                List.of("--spi-otp-guard-sms-sender--example-file--dir=" + OUTBOX.toAbsolutePath()), List.of(jar));
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    /** javac on the example's source, with the product jar and Keycloak's API on the class path; then a jar. */
    private static Path compileAndPackage() throws IOException {
        Path classes = PROJECT.resolve("target/example-sender-classes");
        deleteTree(classes);
        Files.createDirectories(classes);
        List<String> classPath = new ArrayList<>();
        classPath.add(KeycloakServer.providerJarFromSystemProperty().toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // Keycloak's jars and their logging; never the project's own compiled classes
            if (entry.endsWith(".jar") && (entry.contains("keycloak") || entry.contains("jboss-logging"))) {
                classPath.add(entry);
            }
        }
        List<String> sources;
        try (Stream<Path> files = Files.walk(SOURCE)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter output = new StringWriter();
        List<String> arguments = List.of("--release", "17", "-classpath", String.join(File.pathSeparator, classPath),
                "-d", classes.toString());
        boolean compiled;
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            compiled = javac.getTask(output, files, null, arguments, null,
                    files.getJavaFileObjectsFromStrings(sources)).call();
        }
        assertThat(compiled).as("the example sender compiles against the public SPI: " + output).isTrue();

        // the name starts with otp-guard: the next test that installs the product jar on this home removes it
        Path jar = PROJECT.resolve("target/otp-guard-test-example-sender.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> compiledFiles = Files.walk(classes)) {
            for (Path f : compiledFiles.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.otpguard.sms.SmsSenderFactory"));
            out.write("com.example.sms.FileSmsSenderFactory\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static String realm(TestUser user) {
        return RealmSetup.realm(env).step("otp-guard-sms").config("smsSender", "example-file")
                .user(user.username(), user.email(), null, user.phone()).create(env);
    }

    @Test
    void aSenderFromItsOwnJarCarriesTheSignInCode() {
        assertThat(env.admin.get("/admin/serverinfo").at("/providers/otp-guard-sms-sender/providers").has(
                "example-file")).isTrue();
        TestUser user = ChannelUnderTest.newUser("spi");
        String realm = realm(user);
        Login login = new Login(env, realm);
        Page codePage = login.passwordStep(user.username());
        assertThat(codePage.isCodePage()).as(codePage.text()).isTrue();

        Path outbox = OUTBOX.resolve(user.phone().substring(1) + ".txt");
        String text = Poll.nth(() -> Files.isRegularFile(outbox) && read(outbox) != null ? List.of(read(outbox))
                : List.<String>of(), 1, "message in " + outbox);
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).as(text).isTrue();
        assertThat(login.enterCode(codePage, code.group(1)).isRedirectToApp()).isTrue();
        // the other senders were not asked
        assertThat(env.twilio.messagesTo(user.phone())).isEmpty();
    }

    @Test
    void itsFailureReachesTheUserAsTheDocumentedMessage() {
        TestUser user = ChannelUnderTest.newUser("spifail");
        TestUser refused = new TestUser(user.username(), user.email(), user.phone().substring(0, 8) + "0000");
        String realm = realm(refused);
        Login login = new Login(env, realm);
        Page page = login.awaitSend(login.passwordStep(refused.username()));
        assertThat(page.text()).contains("Your phone number cannot receive our SMS");
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.isBlank() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
