package dev.otpguard.kernel;

import org.keycloak.models.RealmModel;

/**
 * The realm's name as users should read it in messages: its display name, or its technical name if it has none,
 * cleaned by {@link NoticeText} since it goes into mail subjects and SMS (an admin can type anything there).
 */
public final class RealmDisplayName {

    /**
     * The mail templates' name for it. Keycloak's own {@code realmName} is the raw display name, which {@code msg()}
     * would read as a message key when it contains {@code ${...}}.
     */
    public static final String TEMPLATE_ATTRIBUTE = "otpGuardRealmName";

    private RealmDisplayName() {
    }

    public static String of(RealmModel realm) {
        String display = realm.getDisplayName();
        return NoticeText.clean(display == null || display.isBlank() ? realm.getName() : display);
    }

    /** For mail templates: {@code otpGuardRealmName}, printed as it is, never read as a message key. */
    public static LiteralText literal(RealmModel realm) {
        return LiteralText.of(of(realm));
    }
}
