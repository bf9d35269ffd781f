package dev.otpguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The events Keycloak stored for one user, asserted with {@link EventMatch}: {@code Events.of(env, realm, user)}. */
public final class Events {

    private final List<JsonNode> events;

    private Events(List<JsonNode> events) {
        this.events = List.copyOf(events);
    }

    public static Events of(TestEnvironment.Env env, String realm, String username) {
        return new Events(UserEvents.of(env, realm, username));
    }

    public static Events of(Admin admin, String realm, String username) {
        return new Events(UserEvents.of(admin, realm, username));
    }

    public static Events of(List<JsonNode> events) {
        return new Events(events);
    }

    public Events assertHas(EventMatch expected) {
        assertThat(events.stream().anyMatch(expected::matches)).as("%s among %s", expected, events).isTrue();
        return this;
    }

    public Events assertHasNo(EventMatch unexpected) {
        assertThat(events.stream().filter(unexpected::matches).toList()).as("%s", unexpected).isEmpty();
        return this;
    }
}
