package dev.otpguard.kernel;

import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;

/** Turns declared options into the metadata Keycloak's admin console draws fields from. */
public final class AdminConsoleOptions {

    private AdminConsoleOptions() {
    }

    public static List<ProviderConfigProperty> of(OptionGroup group) {
        return of(List.of(), group);
    }

    /** Keycloak's own properties first (e.g. a required action's maximum authentication age), then ours. */
    public static List<ProviderConfigProperty> of(List<ProviderConfigProperty> keycloaks, OptionGroup group) {
        List<ProviderConfigProperty> all = new ArrayList<>(keycloaks);
        for (Option option : group.options()) {
            all.add(property(option));
        }
        return List.copyOf(all);
    }

    private static ProviderConfigProperty property(Option option) {
        ProviderConfigProperty property = new ProviderConfigProperty();
        property.setName(option.name());
        property.setLabel(option.label());
        property.setHelpText(option.help());
        property.setType(switch (option.kind()) {
            case TEXT -> ProviderConfigProperty.STRING_TYPE;
            case FLAG -> ProviderConfigProperty.BOOLEAN_TYPE;
            case CHOICE, OPEN_CHOICE -> ProviderConfigProperty.LIST_TYPE;
            case CHOICES -> ProviderConfigProperty.MULTIVALUED_LIST_TYPE;
            case NUMBER -> ProviderConfigProperty.INTEGER_TYPE;
        });
        if (option.defaultValue() != null) {
            property.setDefaultValue(option.defaultValue());
        }
        if (!option.choices().isEmpty()) {
            property.setOptions(option.choices());
        }
        return property;
    }
}
