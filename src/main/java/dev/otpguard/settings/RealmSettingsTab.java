package dev.otpguard.settings;

import dev.otpguard.kernel.AdminConsoleOptions;
import dev.otpguard.kernel.ProviderIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The "OTP Guard" tab under Realm settings. Keycloak draws it from {@link #getConfigProperties()} when it runs with
 * the declarative UI ({@code --features=declarative-ui}, experimental in Keycloak 26) and saves it as a component of
 * the realm through the admin REST API, which lets {@code manage-realm} save and {@code view-realm} read. On save the
 * values are checked (a bad one refuses the save naming its field) and stored where OTP Guard reads them.
 */
public final class RealmSettingsTab implements UiTabProviderFactory<ComponentModel> {

    private static final Logger LOG = Logger.getLogger(RealmSettingsTab.class);

    @Override
    public String getId() {
        return ProviderIds.SETTINGS_TAB;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        Map<String, String> params = new HashMap<>();
        params.put("tab", ProviderIds.SETTINGS_TAB);
        return params;
    }

    @Override
    public String getHelpText() {
        return "OTP Guard's realm-wide settings: hourly limits on codes and the contact-change notices.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return AdminConsoleOptions.of(List.of(realmField()), RealmSettings.OPTIONS);
    }

    /**
     * Which realm's settings the tab shows. Keycloak's console (26.4 to 26.7) loads and saves a tab in the realm
     * the admin signed in to, whatever realm is selected: from the master realm's console every realm's OTP Guard
     * tab shows the master realm's settings. The field makes that visible; on save the console puts the selected
     * realm's name in it (the route's parameter of the same name), and a save meant for another realm is refused.
     */
    private static ProviderConfigProperty realmField() {
        ProviderConfigProperty realm = new ProviderConfigProperty();
        realm.setName(RealmSettingsView.REALM_FIELD);
        realm.setLabel("Realm");
        realm.setHelpText("The realm these settings belong to. Keycloak's console shows this tab for the realm you "
                + "signed in to: change another realm's settings in that realm's own console (/admin/<realm>/console/).");
        realm.setType(ProviderConfigProperty.STRING_TYPE);
        realm.setReadOnly(true);
        return realm;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        String meant = Optional.ofNullable(model.get(RealmSettingsView.REALM_FIELD)).filter(name -> !name.isBlank())
                .orElse(null);
        boolean otherParent = model.getParentId() != null && !model.getParentId().equals(realm.getId());
        if ((meant != null && !meant.equals(realm.getName())) || otherParent) {
            String other = meant == null ? "<realm>" : meant;
            throw new ComponentValidationException("Realm: these are the settings of realm " + realm.getName()
                    + (meant == null ? "" : ", not of realm " + meant) + ". Keycloak's admin console shows and saves "
                    + "this tab in the realm you signed in to: change realm " + other + " in its own console, /admin/"
                    + other + "/console/.");
        }
        List<String> problems = RealmSettings.problems(values(model));
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
        RealmSettingsView.find(realm).filter(view -> !view.getId().equals(model.getId())).ifPresent(view -> {
            throw new ComponentValidationException("The realm has OTP Guard settings already (component "
                    + view.getId() + "): change those instead of adding another.");
        });
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        store(session, realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        store(session, realm, newModel);
    }

    private static void store(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (!RealmSettingsView.refreshing(session)) {
            RealmSettings.apply(realm, values(model));
        }
    }

    private static Map<String, String> values(ComponentModel model) {
        Map<String, String> values = new HashMap<>();
        for (String name : RealmSettings.OPTIONS.names()) {
            String value = model.get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    @Override
    public void init(Config.Scope config) {
    }

    /**
     * Brings every realm's view up to date once the server has started (realms from before this version, or
     * changed while the declarative UI was off) and gives each new realm one.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmSettingsView.refresh(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent) {
                refreshAll(factory);
            }
        });
    }

    private static void refreshAll(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) {
                        session.getContext().setRealm(realm);
                        RealmSettingsView.refresh(session, realm);
                    }
                });
            } catch (RuntimeException e) {
                // another node starting at the same time created it first: its copy is as current as ours
                LOG.debugf(e, "OTP Guard settings view of realm %s not refreshed at start", realmId);
            }
        }
    }

    @Override
    public void close() {
    }
}
