package dev.otpguard.bench;

/**
 * One stretch of time in which virtual users log in and their results go to one scenario's {@link Samples}.
 * Only what completes before the slice ends counts, so a slice's throughput and CPU cover the same window;
 * errors count whenever they happen.
 */
final class Slice {

    private final Samples samples;
    private final long endNanos;

    Slice(Samples samples, long endNanos) {
        this.samples = samples;
        this.endNanos = endNanos;
    }

    boolean running() {
        return System.nanoTime() < endNanos;
    }

    long endNanos() {
        return endNanos;
    }

    void request(Samples.Request request, long startNanos, long endNanos) {
        if (endNanos <= this.endNanos) {
            samples.request(request, (endNanos - startNanos) / 1000);
        }
    }

    void login(long endNanos) {
        if (endNanos <= this.endNanos) {
            samples.login();
        }
    }

    void error(String what) {
        samples.error(what);
    }

    void totpWait(long millis) {
        samples.totpWait(millis);
    }
}
