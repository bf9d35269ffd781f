package dev.otpguard.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail server that misbehaves on purpose, for fault tests: a plain {@link ServerSocket} on a free port that
 * speaks just enough SMTP (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to fail in one chosen way.
 * It counts connections and mail transactions, and keeps what arrived after DATA, so a test can tell how many
 * times Keycloak tried and what it sent.
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** How the server fails. */
    public enum Behaviour {
        /** greets and answers normally until RCPT TO, which it refuses with 550 */
        REJECT_RECIPIENT,
        /** takes the whole message, then refuses it with 554 */
        REJECT_DATA,
        /** accepts the TCP connection and never says a word (not even the greeting) */
        SILENT,
        /** answers normally, takes the whole message, and then never answers */
        SILENT_AFTER_DATA,
        /**
         * never accepts, and its accept queue is full, so the kernel drops new connection attempts (SYNs) and
         * connecting times out: like a firewall that drops packets, or a host that is down
         */
        UNREACHABLE
    }

    private final Behaviour behaviour;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FakeSmtpServer(Behaviour behaviour) {
        this.behaviour = behaviour;
        try {
            listener = new ServerSocket(0, behaviour == Behaviour.UNREACHABLE ? 1 : 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("no port for the fake SMTP server", e);
        }
        acceptor = new Thread(this::acceptLoop, "fake-smtp-" + behaviour + "-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        if (behaviour == Behaviour.UNREACHABLE) {
            fillAcceptQueue();
        } else {
            acceptor.start();
        }
    }

    /** Connects until the (never accepted) queue is full, which shows as a connect that times out. */
    private void fillAcceptQueue() {
        for (int i = 0; i < 20; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 300);
                open.add(filler);
            } catch (java.net.SocketTimeoutException full) {
                closeQuietly(filler);
                return;
            } catch (IOException e) {
                closeQuietly(filler);
                throw new IllegalStateException("this system refuses rather than drops connections to a full "
                        + "accept queue (net.ipv4.tcp_abort_on_overflow?): " + e, e);
            }
        }
        throw new IllegalStateException("the accept queue never filled up: connecting does not time out here");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** TCP connections accepted so far (always 0 when {@link Behaviour#UNREACHABLE}). */
    public int connections() {
        return connections.get();
    }

    /** MAIL FROM commands received so far: one per message Keycloak tried to send. */
    public int transactions() {
        return transactions.get();
    }

    /** The raw messages received after DATA (headers and body), in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread handler = new Thread(() -> converse(client), acceptor.getName() + "-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = client.getOutputStream();
            if (behaviour == Behaviour.SILENT) {
                drain(in);
                return;
            }
            reply(out, "220 fake.smtp.test ESMTP ready");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 fake.smtp.test");
                    case "MAIL" -> {
                        transactions.incrementAndGet();
                        reply(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> reply(out, behaviour == Behaviour.REJECT_RECIPIENT
                            ? "550 5.1.1 Recipient address rejected: mailbox unavailable" : "250 2.1.5 OK");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        messages.add(readData(in));
                        if (behaviour == Behaviour.SILENT_AFTER_DATA) {
                            drain(in);
                            return;
                        }
                        reply(out, behaviour == Behaviour.REJECT_DATA
                                ? "554 5.7.1 Message refused by policy" : "250 2.0.0 queued");
                    }
                    case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 command not recognized");
                }
            }
        } catch (IOException gone) {
            // the client hung up (or we were closed): nothing to do
        } finally {
            open.remove(client);
        }
    }

    /** Reads and ignores whatever the client sends until it hangs up: a server that never answers. */
    private static void drain(BufferedReader in) throws IOException {
        try {
            while (in.readLine() != null) {
                // keep the connection open and silent
            }
        } catch (SocketException closed) {
            // closed by the client or by close()
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            data.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
        }
        return data.toString();
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
