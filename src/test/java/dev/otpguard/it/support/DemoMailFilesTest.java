package dev.otpguard.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's saved mails hold, file by file, the mail of the recipient named in it: none twice, none missing. */
class DemoMailFilesTest {

    @TempDir
    Path directory;

    @Test
    void mailsToSeveralPeopleCloseTogetherEachLandInTheirOwnFileOnce() throws Exception {
        try (Mailbox mailbox = new Mailbox(freePort())) {
            DemoMailFiles files = new DemoMailFiles(directory);
            List<String> sent = new ArrayList<>();
            // rounds of mail to new and known recipients, saved in between, as the demo's loop does every 500 ms
            String[][] rounds = {{"zoe", "adam"}, {"mia", "adam", "bob"}, {"carl", "zoe", "anna", "mia"}};
            int n = 0;
            for (String[] round : rounds) {
                List<String> subjects = new ArrayList<>();
                for (String person : round) {
                    subjects.add(person + "@demo.test #" + (++n));
                }
                sendAtOnce(mailbox.port(), subjects);
                sent.addAll(subjects);
                Poll.nth(mailbox::stored, sent.size(), "the round's mails");
                files.saveNew(mailbox.stored());
            }

            TreeMap<String, String> subjectByFile = new TreeMap<>();
            try (var listing = Files.list(directory)) {
                for (Path file : listing.toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                        String to = ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
                        assertEquals(to, message.getSubject().substring(0, message.getSubject().indexOf(' ')),
                                file + " holds a mail to " + to + " whose subject names another recipient");
                        subjectByFile.put(file.getFileName().toString(), message.getSubject());
                    }
                }
            }
            assertEquals(sent.size(), subjectByFile.size(), "one file per mail: " + subjectByFile);
            assertEquals(sent.stream().sorted().toList(), subjectByFile.values().stream().sorted().toList(),
                    "every mail saved exactly once: " + subjectByFile);
        }
    }

    private static void sendAtOnce(int port, List<String> subjects) throws Exception {
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", "127.0.0.1");
        smtp.put("mail.smtp.port", Integer.toString(port));
        ExecutorService pool = Executors.newFixedThreadPool(subjects.size());
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (String subject : subjects) {
                sends.add(pool.submit(() -> {
                    MimeMessage message = new MimeMessage(Session.getInstance(smtp));
                    message.setFrom("noreply@demo.test");
                    message.setRecipients(Message.RecipientType.TO, subject.substring(0, subject.indexOf(' ')));
                    message.setSubject(subject);
                    message.setText("Your code for " + subject);
                    Transport.send(message);
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
