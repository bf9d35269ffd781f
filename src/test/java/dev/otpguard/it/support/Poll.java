package dev.otpguard.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Waits for something that arrives asynchronously (a mail, an SMS request), failing with a clear message. */
public final class Poll {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Poll() {
    }

    /** The {@code n}-th element (1-based) of the list the probe returns, once the list is that long. */
    public static <T> T nth(Supplier<List<T>> probe, int n, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<T> items = probe.get();
            if (items.size() >= n) {
                return items.get(n - 1);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no " + what + " #" + n + " within " + TIMEOUT.toSeconds() + " s");
    }
}
