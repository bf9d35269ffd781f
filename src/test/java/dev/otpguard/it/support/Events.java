package dev.otpguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * The events Keycloak stored for one user, asserted with {@link EventMatch}: {@code Events.of(env, realm, user)}.
 *
 * <p>Send events come from the worker that sends the code, a moment after the page: an expected event that is not
 * there yet is looked for again, for up to {@link #SETTLE} (read from the server each time). An unexpected one is
 * looked for in what is stored now.
 */
public final class Events {

    /** How long an expected event may take to be stored: far beyond a worker's commit, far below a test's time. */
    static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(5);

    private final Supplier<List<JsonNode>> source;
    private List<JsonNode> events;

    private Events(Supplier<List<JsonNode>> source) {
        this.source = source;
        this.events = List.copyOf(source.get());
    }

    public static Events of(TestEnvironment.Env env, String realm, String username) {
        return new Events(() -> UserEvents.of(env, realm, username));
    }

    public static Events of(Admin admin, String realm, String username) {
        return new Events(() -> UserEvents.of(admin, realm, username));
    }

    public static Events of(List<JsonNode> events) {
        List<JsonNode> fixed = List.copyOf(events);
        return new Events(() -> fixed);
    }

    public Events assertHas(EventMatch expected) {
        return assertHas(expected, SETTLE);
    }

    /** Like {@link #assertHas(EventMatch)}, for an event that comes only after something else timed out. */
    public Events assertHas(EventMatch expected, java.time.Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (events.stream().noneMatch(expected::matches) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            events = List.copyOf(source.get());
        }
        assertThat(events.stream().anyMatch(expected::matches)).as("%s among %s", expected, events).isTrue();
        return this;
    }

    public Events assertHasNo(EventMatch unexpected) {
        assertThat(events.stream().filter(unexpected::matches).toList()).as("%s", unexpected).isEmpty();
        return this;
    }
}
