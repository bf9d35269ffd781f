package dev.otpguard.kernel;

import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * An event written down on the request, while the login is known (type, client, user, session, IP, details), and
 * emitted later by whoever learns how things went, in its own Keycloak session: a worker that sent a code or a
 * notice after the request ended has no login to take these from.
 */
public final class DraftedEvent {

    private final Event draft;

    private DraftedEvent(Event draft) {
        this.draft = draft;
    }

    /** A copy of what {@code builder} holds now; later changes to the builder do not reach it. */
    public static DraftedEvent of(EventBuilder builder) {
        return new DraftedEvent(builder.getEvent().clone());
    }

    /**
     * A new builder in {@code session} with everything the draft holds, to add the outcome's details to and emit
     * once ({@code success()} or {@code error(..)}, which turns the type into its {@code _ERROR} twin).
     */
    public EventBuilder in(KeycloakSession session, RealmModel realm) {
        EventBuilder event = new EventBuilder(realm, session).event(draft.getType()).client(draft.getClientId())
                .user(draft.getUserId()).session(draft.getSessionId()).ipAddress(draft.getIpAddress());
        if (draft.getDetails() != null) {
            draft.getDetails().forEach(event::detail);
        }
        return event;
    }
}
