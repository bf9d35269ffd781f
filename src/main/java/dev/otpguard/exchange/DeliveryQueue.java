package dev.otpguard.exchange;

import java.util.concurrent.ExecutorService;
import org.keycloak.provider.Provider;

/**
 * Admits background sends onto Keycloak's executor up to a bound per node, so a stalled mail server or SMS gateway
 * cannot pile up jobs (each holding a code, a destination and a worker's session) without limit. Keycloak's pools
 * queue without bound; this is the bound, and a send beyond it is refused, not queued.
 */
public interface DeliveryQueue extends Provider {

    /** Runs {@code job} on {@code executor} if fewer than the bound are waiting or running; false if refused. */
    boolean offer(ExecutorService executor, Runnable job);

    /** Whether a send offered now would be admitted (a hint for the page: the answer can change before the offer). */
    boolean hasRoom();

    @Override
    default void close() {
    }
}
