package dev.otpguard.settings;

import dev.otpguard.core.limits.QuotaSettings;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.kernel.ProviderIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.models.RealmModel;

/**
 * Every realm-wide OTP Guard setting and where it lives on the realm: the hourly limits in their realm attributes
 * (the names realm exports carry), the contact-change notices in the realm's event listeners (the switch Keycloak's
 * Events tab also shows). The tab reads and writes them through here only, so both places stay the truth.
 */
public final class RealmSettings {

    /** Not a realm attribute: the switch is the presence of the listener among the realm's event listeners. */
    public static final String CONTACT_CHANGE_LISTENER = "contactChangeListener";

    private static final Option LISTENER_SWITCH = Option.flag(CONTACT_CHANGE_LISTENER,
            "Notify on contact changes from anywhere",
            "Send the notice to the old address or number when an email address or phone number changes outside "
                    + "OTP Guard's own actions too (account console, admin, Keycloak's update-email). The same switch "
                    + "as the event listener " + ProviderIds.CONTACT_CHANGE_LISTENER + " under Realm settings, Events.",
            false);

    /**
     * The tab's fields. A limit's field is its realm attribute without the {@code otpGuard.} prefix: the console
     * turns the dot of a field name into another character, and Keycloak drops a component value under a name it
     * does not declare, so a dotted name would never be saved.
     */
    public static final OptionGroup OPTIONS = new OptionGroup(Stream.concat(
            QuotaSettings.OPTIONS.options().stream().map(RealmSettings::asField), Stream.of(LISTENER_SWITCH))
            .toList());

    private RealmSettings() {
    }

    private static Option asField(Option limit) {
        return new Option(fieldOf(limit), limit.label(), limit.help() + " Stored as the realm attribute "
                + limit.name() + ".", limit.kind(), limit.defaultValue(), limit.choices(), limit.range());
    }

    private static String fieldOf(Option limit) {
        return limit.name().substring(QuotaSettings.PREFIX.length());
    }

    /**
     * The settings as the tab shows them, by field: a limit's attribute when it is a value OTP Guard uses, nothing
     * (so the field shows the default, which is what applies) when it is absent or ignored as unusable.
     */
    public static Map<String, String> read(RealmModel realm) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option limit : QuotaSettings.OPTIONS.options()) {
            String value = realm.getAttribute(limit.name());
            if (value != null && !value.isBlank() && limit.problem(value).isEmpty()) {
                values.put(fieldOf(limit), value.trim());
            }
        }
        values.put(CONTACT_CHANGE_LISTENER, Boolean.toString(realm.getEventsListenersStream()
                .anyMatch(ProviderIds.CONTACT_CHANGE_LISTENER::equals)));
        return values;
    }

    /**
     * What is wrong with the values (by field), each naming its field as the console labels it and where it is
     * stored.
     */
    public static List<String> problems(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        for (Option limit : QuotaSettings.OPTIONS.options()) {
            limit.problem(values.get(fieldOf(limit))).ifPresent(problem -> problems.add(limit.label() + ": " + problem));
        }
        LISTENER_SWITCH.problem(values.get(CONTACT_CHANGE_LISTENER))
                .ifPresent(problem -> problems.add(LISTENER_SWITCH.label() + ": " + problem));
        return problems;
    }

    /**
     * Stores checked values (by field): a limit at its default or left empty removes its attribute, so the realm
     * follows the default; any other limit is stored as a plain number. Keys that are no field (the console adds its
     * route's parameters) are ignored.
     */
    public static void apply(RealmModel realm, Map<String, String> values) {
        List<String> problems = problems(values);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        for (Option limit : QuotaSettings.OPTIONS.options()) {
            String value = Optional.ofNullable(values.get(fieldOf(limit))).map(String::trim).orElse("");
            if (value.isEmpty() || Long.parseLong(value) == Long.parseLong(limit.defaultValue())) {
                if (realm.getAttribute(limit.name()) != null) {
                    realm.removeAttribute(limit.name());
                }
            } else {
                String number = Long.toString(Long.parseLong(value));
                if (!number.equals(realm.getAttribute(limit.name()))) {
                    realm.setAttribute(limit.name(), number);
                }
            }
        }
        String listener = values.get(CONTACT_CHANGE_LISTENER);
        if (listener != null && !listener.isBlank()) {
            setContactChangeListener(realm, Boolean.parseBoolean(listener.trim()));
        }
    }

    /** The value that applies when a field holds {@code value}: an empty field means the default. */
    static String effective(Option option, String value) {
        if (value == null || value.isBlank()) {
            return option.defaultValue();
        }
        String trimmed = value.trim();
        if (option.kind() == Option.Kind.FLAG) {
            return Boolean.toString(Boolean.parseBoolean(trimmed));
        }
        return option.problem(trimmed).isEmpty() ? Long.toString(Long.parseLong(trimmed)) : trimmed;
    }

    private static void setContactChangeListener(RealmModel realm, boolean on) {
        Set<String> listeners = realm.getEventsListenersStream().collect(Collectors.toCollection(LinkedHashSet::new));
        boolean changed = on ? listeners.add(ProviderIds.CONTACT_CHANGE_LISTENER)
                : listeners.remove(ProviderIds.CONTACT_CHANGE_LISTENER);
        if (changed) {
            realm.setEventsListeners(listeners);
        }
    }
}
