package dev.otpguard.settings;

import dev.otpguard.kernel.ProviderIds;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * The tab's component: what the admin console loads into the OTP Guard tab and saves back. Keycloak stores a tab's
 * values in a component of the realm; here the component only mirrors the realm's settings, so that the tab shows
 * what applies even after a change through admin REST, {@code kcadm} or an import, and a save from a stale tab
 * cannot quietly undo such a change.
 */
final class RealmSettingsView {

    /** Set on the session while the view is refreshed: the tab's save hooks must not write the mirror back. */
    static final String REFRESHING = "otp-guard:settings-view-refreshing";
    static final String NAME = "OTP Guard";
    /** The tab's first field: the name of the realm the shown settings belong to (see RealmSettingsTab). */
    static final String REALM_FIELD = "realm";

    private RealmSettingsView() {
    }

    /**
     * Whether the tab's provider is installed. Keycloak loads it with or without the declarative UI (only the
     * console hides the tab without it), so the copy stays current and turning the feature on shows the truth.
     */
    static boolean tabAvailable(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, ProviderIds.SETTINGS_TAB)
                != null;
    }

    static Optional<ComponentModel> find(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(component -> ProviderIds.SETTINGS_TAB.equals(component.getProviderId()))
                .findFirst();
    }

    /**
     * One id per realm, the same on every node: two nodes that start together and both find no view cannot both
     * create one (the second insert fails on the key and that node leaves it to the first).
     */
    static String idFor(RealmModel realm) {
        return UUID.nameUUIDFromBytes(("otp-guard-settings:" + realm.getId()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Makes the view show the realm's settings now; writes only when something differs. */
    static void refresh(KeycloakSession session, RealmModel realm) {
        if (!tabAvailable(session)) {
            return;
        }
        Map<String, String> settings = RealmSettings.read(realm);
        Optional<ComponentModel> existing = find(realm);
        if (existing.isPresent() && shows(existing.get(), settings)
                && realm.getName().equals(existing.get().get(REALM_FIELD))) {
            return;
        }
        ComponentModel view = existing.map(ComponentModel::new).orElseGet(() -> newView(realm));
        for (String name : RealmSettings.OPTIONS.names()) {
            view.getConfig().remove(name);
        }
        settings.forEach(view::put);
        view.getConfig().putSingle(REALM_FIELD, realm.getName());
        session.setAttribute(REFRESHING, Boolean.TRUE);
        try {
            if (existing.isPresent()) {
                realm.updateComponent(view);
            } else {
                realm.addComponentModel(view);
            }
        } finally {
            session.removeAttribute(REFRESHING);
        }
    }

    static boolean refreshing(KeycloakSession session) {
        return session.getAttribute(REFRESHING) != null;
    }

    /** Whether the view shows these values; an empty field shows the default, so it equals the default. */
    private static boolean shows(ComponentModel view, Map<String, String> settings) {
        return RealmSettings.OPTIONS.options().stream().allMatch(option ->
                RealmSettings.effective(option, view.get(option.name()))
                        .equals(RealmSettings.effective(option, settings.get(option.name()))));
    }

    private static ComponentModel newView(RealmModel realm) {
        ComponentModel view = new ComponentModel();
        view.setId(idFor(realm));
        view.setName(NAME);
        view.setProviderId(ProviderIds.SETTINGS_TAB);
        view.setProviderType(UiTabProvider.class.getName());
        view.setParentId(realm.getId());
        return view;
    }
}
