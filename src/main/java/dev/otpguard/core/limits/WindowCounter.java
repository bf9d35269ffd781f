package dev.otpguard.core.limits;

import java.time.Clock;
import java.time.Duration;

/**
 * Counts events per fixed time window on a store that only offers an atomic "put if absent" — the shape of
 * Keycloak's single-use-object store, which is replicated across the cluster. The n-th event of a window
 * claims slot n; a claim succeeds on exactly one node, so the count holds cluster-wide without a shared
 * counter. Slots are claimed from the lowest free one upwards, so the taken slots form a prefix and the
 * current count is found by binary search.
 *
 * <p>Fixed windows allow up to twice the limit across a window boundary; the limits are set with that in mind.
 */
public final class WindowCounter {

    /** The store the slots live in: claims must be atomic across every node that counts. */
    public interface SlotStore {
        /** Takes the slot if nobody has; returns whether this call took it. */
        boolean claim(String key, long lifespanSeconds);

        boolean isTaken(String key);
    }

    /** What a count or check found: whether the event is within the limit, and when the window ends. */
    public record Outcome(boolean allowed, long count, long retryAfterSeconds) {
    }

    private final SlotStore store;
    private final Clock clock;
    /** Store calls made so far; one counter serves one request, so it needs no synchronisation. */
    private long storeCalls;

    public WindowCounter(SlotStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts one event if fewer than {@code limit} were counted in this window. */
    public Outcome tryCount(String scope, int limit, Duration window) {
        Window w = window(window);
        String prefix = prefix(scope, w);
        long taken = takenSlots(prefix, limit);
        for (long slot = taken + 1; slot <= limit; slot++) {
            storeCalls++;
            if (store.claim(prefix + slot, w.secondsLeft + 1)) {
                return new Outcome(true, slot, 0);
            }
        }
        return new Outcome(false, limit, w.secondsLeft);
    }

    /** Whether the limit is reached, without counting. */
    public Outcome check(String scope, int limit, Duration window) {
        Window w = window(window);
        long taken = takenSlots(prefix(scope, w), limit);
        return taken >= limit ? new Outcome(false, taken, w.secondsLeft) : new Outcome(true, taken, 0);
    }

    /**
     * How many store calls this counter has made. They are what a limit check costs: each one is a cache operation
     * (on a cluster, a claim is a remote call) or, with Keycloak's {@code stateless} feature, a database round trip.
     */
    public long storeCalls() {
        return storeCalls;
    }

    private long takenSlots(String prefix, int limit) {
        long low = 0;
        long high = limit;
        while (low < high) {
            long mid = (low + high + 1) / 2;
            storeCalls++;
            if (store.isTaken(prefix + mid)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private record Window(long index, long secondsLeft) {
    }

    private Window window(Duration length) {
        long seconds = Math.max(1, length.toSeconds());
        long now = clock.millis() / 1000;
        long index = now / seconds;
        return new Window(index, (index + 1) * seconds - now);
    }

    private static String prefix(String scope, Window w) {
        return "otp-guard:count:" + scope + ":" + w.index() + ":";
    }
}
