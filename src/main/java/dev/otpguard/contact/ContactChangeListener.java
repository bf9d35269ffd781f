package dev.otpguard.contact;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Tells the old contact about email and phone changes made outside OTP Guard's confirmed actions: by an admin
 * (console or REST), by Keycloak's own update-profile and UPDATE_EMAIL, or by a directory import (noticed at
 * the user's next event, e.g. their next sign-in). Each change is compared with {@link ContactSnapshot}, which
 * the confirmed actions update themselves, so no change is reported twice.
 */
final class ContactChangeListener implements EventListenerProvider {

    /** Events after which the user's contacts are compared with the last ones seen. */
    private static final Set<EventType> WATCHED = Set.of(EventType.LOGIN, EventType.REGISTER, EventType.UPDATE_PROFILE,
            EventType.UPDATE_EMAIL, EventType.VERIFY_EMAIL, EventType.CUSTOM_REQUIRED_ACTION,
            EventType.IDENTITY_PROVIDER_FIRST_LOGIN, EventType.IDENTITY_PROVIDER_LOGIN);
    /** Events where the user changed their own data, so the notice may offer to undo it. */
    private static final Set<EventType> SELF_SERVICE = Set.of(EventType.UPDATE_PROFILE, EventType.UPDATE_EMAIL,
            EventType.CUSTOM_REQUIRED_ACTION);
    private static final Duration LINK_LIFETIME = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(ContactChangeListener.class);

    private final KeycloakSession session;

    ContactChangeListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getUserId() == null || event.getRealmId() == null || !WATCHED.contains(event.getType())) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        ContactChangeNotice.Source source = SELF_SERVICE.contains(event.getType())
                ? ContactChangeNotice.Source.USER : ContactChangeNotice.Source.OTHER;
        String clientId = event.getClientId() == null ? Constants.ACCOUNT_MANAGEMENT_CLIENT_ID : event.getClientId();
        reconcile(realm, user, ContactKind.EMAIL, details.get(Details.PREVIOUS_EMAIL), source, clientId);
        reconcile(realm, user, ContactKind.PHONE, details.get(Details.PREF_PREVIOUS + "phone_number"), source,
                clientId);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getRealmId() == null || event.getResourcePath() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        if (event.getResourceType() == ResourceType.REQUIRED_ACTION
                || event.getResourceType() == ResourceType.REQUIRED_ACTION_CONFIG) {
            ContactEditLock.applyFor(session, realm);
            return;
        }
        if (event.getResourceType() != ResourceType.USER
                || (event.getOperationType() != OperationType.UPDATE && event.getOperationType() != OperationType.CREATE)) {
            return;
        }
        String[] path = event.getResourcePath().split("/");
        if (path.length != 2 || !path[0].equals("users")) {
            return;
        }
        UserModel user = session.users().getUserById(realm, path[1]);
        if (user == null) {
            return;
        }
        reconcile(realm, user, ContactKind.EMAIL, null, ContactChangeNotice.Source.ADMIN, null);
        reconcile(realm, user, ContactKind.PHONE, null, ContactChangeNotice.Source.ADMIN, null);
    }

    /**
     * @param previousHint the old value from the event itself, when Keycloak put one there; it is what the user
     *                     saw before, so it wins over an older snapshot
     */
    private void reconcile(RealmModel realm, UserModel user, ContactKind kind, String previousHint,
                           ContactChangeNotice.Source source, String clientId) {
        ContactSnapshot snapshot = new ContactSnapshot(user);
        Optional<String> current = kind.current(user);
        Optional<Optional<String>> known = snapshot.known(kind);
        if (known.isPresent() && same(kind, known.get(), current)) {
            return;
        }
        Optional<String> previous = previousHint != null && !previousHint.isBlank() ? Optional.of(previousHint)
                : known.orElse(Optional.empty());
        snapshot.record(kind, current);
        if (previous.isEmpty() || same(kind, previous, current)) {
            // first sight of this user, or a contact added where there was none: nobody to warn
            return;
        }
        String userId = user.getId();
        ContactChangeNotice.schedule(session, realm, user, new ContactChangeNotice.Change(kind, previous.get(),
                current.orElse(null), source, LINK_LIFETIME,
                clientId == null ? Constants.ACCOUNT_MANAGEMENT_CLIENT_ID : clientId, null),
                (worker, inRealm, told) -> LOG.infof("OTP Guard: the %s of user id %s in realm %s was changed (%s); "
                        + "old contact told: %s", kind.id(), userId, inRealm.getName(), source.id(), told.any()));
    }

    private static boolean same(ContactKind kind, Optional<String> a, Optional<String> b) {
        return kind.same(a.orElse(null), b.orElse(null));
    }

    @Override
    public void close() {
    }
}
