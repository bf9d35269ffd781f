package dev.otpguard.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.DemoMailFiles;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Mailbox;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mvn -Pdemo verify}: a real Keycloak with the freshly built jar and the demo realm from
 * docker/realm-demo.json, mail caught by a local SMTP server and printed here (and saved under
 * target/demo-mail/), so a person can sign in and read the code without any outside service. Ctrl-C stops all.
 * It drives Keycloak through the integration-test harness (dev.otpguard.it.support), which is why the demo
 * profile adds src/demo/java as a test source root; nothing in the tests depends on it.
 */
public final class DemoServer {

    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(System.getProperty("otpguard.project.dir", "."));
        Path mailDir = project.resolve("target/demo-mail");
        Files.createDirectories(mailDir);
        int httpPort = Integer.getInteger("demo.port", portOr(8080));
        Mailbox mailbox = new Mailbox(Integer.getInteger("demo.smtp.port", portOr(3025)));
        KeycloakServer server = new KeycloakServer(KeycloakServer.homeFromSystemProperty(), httpPort,
                project.resolve("target/keycloak-demo.log"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Keycloak and the mail catcher ...");
            server.close();
            mailbox.close();
            stopped.countDown();
        }));

        System.out.println("Starting Keycloak " + server.baseUrl() + " (log: target/keycloak-demo.log) ...");
        server.installProvider(KeycloakServer.providerJarFromSystemProperty());
        // SMS in the demo goes to the development 'log' sender; the lines are echoed below. The declarative UI
        // draws the OTP Guard tab under Realm settings.
        server.start(List.of("--spi-otp-guard-sms-sender--provider-default=log",
                "--spi-otp-guard-sms-sender--log--enabled=true", "--features=declarative-ui"));
        importDemoRealm(project, server, mailbox.port());

        System.out.println();
        System.out.println("==================================================================");
        System.out.println(" OTP Guard demo is running (Ctrl-C to stop)");
        System.out.println(" Sign in:      " + server.baseUrl() + "/realms/demo/account");
        System.out.println("               demo / demo: SMS code (\"Try another way\" for the email code)");
        System.out.println("               anna / demo: German pages; sets up a phone number first");
        System.out.println(" Admin console " + server.baseUrl() + "/admin  (admin / admin); OTP Guard's limits:");
        System.out.println("               Realm settings, tab OTP Guard (of the realm you signed in to)");
        System.out.println(" Mail and SMS with the codes are printed below (mail also saved in target/demo-mail/)");
        System.out.println("==================================================================");
        printMessagesUntilStopped(mailbox, mailDir, server.logFile(), stopped);
    }

    private static void importDemoRealm(Path project, KeycloakServer server, int smtpPort) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode realm = (ObjectNode) json.readTree(project.resolve("docker/realm-demo.json").toFile());
        ((ObjectNode) realm.get("smtpServer")).put("host", "127.0.0.1").put("port", Integer.toString(smtpPort));
        // the file is complete, as docker compose imports it: OTP Guard's required actions with their
        // configuration, and the user profile with the phone attributes and the admin-only email
        new Admin(server.baseUrl()).createRealm(realm);
    }

    private static void printMessagesUntilStopped(Mailbox mailbox, Path mailDir, Path keycloakLog,
                                                  CountDownLatch stopped) throws Exception {
        DemoMailFiles files = new DemoMailFiles(mailDir);
        long logRead = Files.size(keycloakLog);
        while (stopped.getCount() > 0) {
            logRead = printNewSms(keycloakLog, logRead);
            for (DemoMailFiles.Saved mail : files.saveNew(mailbox.stored())) {
                MimeMessage message = mail.message();
                System.out.println();
                System.out.println("----- mail to " + String.join(", ", GreenMailUtil.getAddressList(message.getAllRecipients()))
                        + ": " + message.getSubject() + " (" + mail.file() + ")");
                System.out.println(Mailbox.textOf(message));
            }
            Thread.sleep(500);
        }
    }

    /** Echoes the 'log' sender's lines that Keycloak wrote since {@code from}; returns the new read position. */
    private static long printNewSms(Path keycloakLog, long from) throws IOException {
        long size = Files.size(keycloakLog);
        if (size <= from) {
            return size;
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(keycloakLog.toFile(), "r")) {
            file.seek(from);
            byte[] bytes = new byte[(int) (size - from)];
            file.readFully(bytes);
            String chunk = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            int lastNewline = chunk.lastIndexOf('\n');
            if (lastNewline < 0) {
                return from;
            }
            for (String line : chunk.substring(0, lastNewline).split("\n")) {
                int at = line.indexOf("[DEVELOPMENT SMS");
                if (at >= 0) {
                    System.out.println();
                    System.out.println("----- SMS " + line.substring(at));
                }
            }
            return from + chunk.substring(0, lastNewline + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }

    private static int portOr(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred)) {
            return preferred;
        } catch (IOException busy) {
            return KeycloakServer.freePort();
        }
    }
}
