package dev.otpguard.it.support;

import com.icegreen.greenmail.store.StoredMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The demo's saved mails ({@code target/demo-mail/NNNN.eml}), one file per received copy, each written once.
 * GreenMail lists the stored messages inbox by inbox, and the order of the inboxes changes as new recipients
 * appear, so a position in that list does not name a message: a file numbered by position got another
 * recipient's mail when mails to several people arrived close together. Messages are therefore remembered by
 * identity and numbered in the order the SMTP server received them.
 */
public final class DemoMailFiles {

    /** A mail saved by {@link #saveNew}: where it went and what it is. */
    public record Saved(Path file, MimeMessage message) {
    }

    private final Path directory;
    private final Set<StoredMessage> saved = Collections.newSetFromMap(new IdentityHashMap<>());

    public DemoMailFiles(Path directory) {
        this.directory = directory;
    }

    /** Writes every message of {@code stored} not written before, oldest first; returns what it wrote. */
    public List<Saved> saveNew(List<StoredMessage> stored) throws IOException, MessagingException {
        List<StoredMessage> fresh = new ArrayList<>();
        for (StoredMessage message : stored) {
            if (!saved.contains(message)) {
                fresh.add(message);
            }
        }
        fresh.sort(Comparator.comparing(StoredMessage::getReceivedDate).thenComparingLong(StoredMessage::getUid));
        List<Saved> written = new ArrayList<>();
        for (StoredMessage message : fresh) {
            Path file = directory.resolve(String.format("%04d.eml", saved.size() + 1));
            try (OutputStream out = Files.newOutputStream(file)) {
                message.getMimeMessage().writeTo(out);
            }
            saved.add(message);
            written.add(new Saved(file, message.getMimeMessage()));
        }
        return written;
    }
}
