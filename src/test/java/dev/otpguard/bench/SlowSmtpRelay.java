package dev.otpguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A mail relay that takes {@code latency} to say hello: a TCP relay in front of GreenMail that holds the server's
 * greeting back for that long, then passes bytes both ways untouched. A real relay's latency is mostly there (DNS,
 * TLS, its own checks before the banner), and every SMTP client waits for the greeting before its first word, so
 * each mail costs the sender at least {@code latency} more, as with a relay that far away.
 */
final class SlowSmtpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Duration latency;
    private final ExecutorService pipes = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "bench-slow-smtp");
        thread.setDaemon(true);
        return thread;
    });

    SlowSmtpRelay(int targetPort, Duration latency) throws IOException {
        this.targetPort = targetPort;
        this.latency = latency;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pipes.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pipes.execute(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            Thread.sleep(latency.toMillis());
            pipes.execute(() -> copy(client, server));
            copy(server, client);
        } catch (IOException | InterruptedException e) {
            // the client or GreenMail hung up: the mail either went or the sender saw the error
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed: the other copy ends too when its socket closes
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pipes.shutdownNow();
    }
}
