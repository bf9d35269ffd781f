package dev.otpguard.it.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on a free port, used as the realms' mail server. */
public final class Mailbox implements AutoCloseable {

    private static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s{4}(\\d{6,10})\\s*$");

    private final GreenMail greenMail;
    private final Set<String> issuedCodes = ConcurrentHashMap.newKeySet();

    public Mailbox(int port) {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> messagesTo(String address) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                    result.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    /** Waits until {@code address} has received {@code count} messages, and returns the last one. */
    public MimeMessage awaitMessage(String address, int count) {
        return Poll.nth(() -> messagesTo(address), count, "message for " + address);
    }

    /** The code in the {@code n}-th message to {@code address} (1-based), remembered for the log check. */
    public String awaitCode(String address, int n) {
        String code = codeIn(awaitMessage(address, n));
        issuedCodes.add(code);
        return code;
    }

    /**
     * Remembers a code that left the server some other way (e.g. to a failing mail server in a fault test), so
     * the end-of-run log check searches for it too.
     */
    public void remember(String code) {
        issuedCodes.add(code);
    }

    /**
     * For many concurrent logins (the benchmark): waits for a code in {@code address}'s own inbox, returns it and
     * empties that inbox. Looks only at this one inbox, so the cost does not grow with the mail of other users, and
     * the emptied inboxes keep memory flat. Returns null when nothing arrived within {@code timeout}.
     */
    public String takeCode(String address, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            com.icegreen.greenmail.store.MailFolder inbox = inbox(address);
            if (inbox != null) {
                for (com.icegreen.greenmail.store.StoredMessage stored : snapshot(inbox)) {
                    if (stored == null) {
                        continue; // a copy taken while a message was being appended
                    }
                    Matcher m = CODE_LINE.matcher(textOf(stored.getMimeMessage()));
                    if (m.find()) {
                        inbox.deleteAllMessages();
                        return m.group(1);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * The inbox's messages as they are now. GreenMail hands out a view of its live list, and a notice (a new-device
     * alert) that lands after the login's answer is appended while we read: copy, and copy again if that happened.
     */
    private static List<com.icegreen.greenmail.store.StoredMessage> snapshot(
            com.icegreen.greenmail.store.MailFolder inbox) {
        while (true) {
            try {
                return new ArrayList<>(inbox.getMessages());
            } catch (java.util.ConcurrentModificationException appended) {
                Thread.onSpinWait();
            }
        }
    }

    /** Empties {@code address}'s inbox (before a login whose code must be the only one there). */
    public void clear(String address) {
        com.icegreen.greenmail.store.MailFolder inbox = inbox(address);
        if (inbox != null) {
            inbox.deleteAllMessages();
        }
    }

    private com.icegreen.greenmail.store.MailFolder inbox(String address) {
        com.icegreen.greenmail.user.GreenMailUser user = greenMail.getUserManager().getUserByEmail(address);
        if (user == null) {
            return null;
        }
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(user);
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every received copy as the server stores it (one per recipient inbox), with its time of arrival. */
    public List<com.icegreen.greenmail.store.StoredMessage> stored() {
        return greenMail.getManagers().getImapHostManager().getAllMessages();
    }

    public List<MimeMessage> all() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** The message's body as text, for printing and code extraction. */
    public static String textOf(MimeMessage message) {
        try {
            String text = plainText(message);
            return text == null ? decodeQuotedPrintableSoftBreaks(GreenMailUtil.getBody(message)) : text.replace("\r\n", "\n");
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTML alternative of the message. */
    public static String htmlOf(MimeMessage message) {
        try {
            String html = partOfType(message, "text/html");
            if (html == null) {
                throw new AssertionError("message has no HTML part");
            }
            return html;
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plainText(jakarta.mail.Part part) throws MessagingException, java.io.IOException {
        return partOfType(part, "text/plain");
    }

    private static String partOfType(jakarta.mail.Part part, String type) throws MessagingException, java.io.IOException {
        if (part.isMimeType(type)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = partOfType(multipart.getBodyPart(i), type);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    public static String codeIn(MimeMessage message) {
        String text = textOf(message);
        Matcher m = CODE_LINE.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no code line in message:\n" + text);
        }
        return m.group(1);
    }

    private static String decodeQuotedPrintableSoftBreaks(String body) {
        return body.replace("=\r\n", "").replace("=\n", "").replace("\r\n", "\n");
    }

    /** Every code in every message received during the run. */
    public List<String> allCodes() {
        List<String> codes = new ArrayList<>(issuedCodes);
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            Matcher m = CODE_LINE.matcher(textOf(message));
            while (m.find()) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }


    @Override
    public void close() {
        greenMail.stop();
    }
}
