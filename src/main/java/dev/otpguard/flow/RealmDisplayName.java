package dev.otpguard.flow;

import org.keycloak.models.RealmModel;

/** The realm's name as users should read it in messages: its display name, or its technical name if it has none. */
public final class RealmDisplayName {

    private RealmDisplayName() {
    }

    public static String of(RealmModel realm) {
        String display = realm.getDisplayName();
        return display == null || display.isBlank() ? realm.getName() : display;
    }
}
