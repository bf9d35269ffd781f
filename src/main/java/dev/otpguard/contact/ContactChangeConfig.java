package dev.otpguard.contact;

import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.core.options.OptionReader;
import dev.otpguard.phone.PhoneSetupConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Options of "Update email (confirmed)" and "Update phone number (confirmed)". The recency of the sign-in is
 * Keycloak's own {@code max_auth_age} option, which Keycloak enforces before an application-initiated action.
 *
 * @param phone number rules and SMS sender for a phone change; null for an email change
 */
public record ContactChangeConfig(boolean confirmCurrent, Duration revertLinkLifetime, boolean logoutOtherSessions,
                                  boolean refuseSharedNumbers, CodeStepConfig codes, PhoneSetupConfig phone) {

    public static final String CONFIRM_CURRENT = "confirmCurrent";
    public static final String REVERT_LINK_DAYS = "revertLinkDays";
    public static final String LOGOUT_OTHER_SESSIONS = "logoutOtherSessions";
    public static final String REFUSE_SHARED_NUMBERS = "refuseSharedNumbers";

    private static final Set<String> NOT_FOR_CONTACT_CHANGE = Set.of(CodeStepConfig.MISSING_EMAIL,
            CodeStepConfig.MISSING_PHONE, PhoneSetupConfig.ALLOW_SKIP);

    public record Parsed(ContactChangeConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    public static Parsed from(Map<String, String> values, ContactKind kind) {
        Map<String, String> config = values == null ? Map.of() : values;
        OptionReader options = new OptionReader(config);
        boolean confirmCurrent = options.flag(CONFIRM_CURRENT, true);
        boolean logoutOthers = options.flag(LOGOUT_OTHER_SESSIONS, false);
        boolean refuseShared = options.flag(REFUSE_SHARED_NUMBERS, true);
        long days = options.number(REVERT_LINK_DAYS, 7, 1, 30);
        List<String> problems = new ArrayList<>(options.problems());
        CodeStepConfig codes = null;
        PhoneSetupConfig phone = null;
        if (kind == ContactKind.PHONE) {
            PhoneSetupConfig.Parsed parsed = PhoneSetupConfig.from(config);
            problems.addAll(parsed.problems());
            phone = parsed.config();
            codes = phone == null ? null : phone.codes();
        } else {
            CodeStepConfig.Parsed parsed = CodeStepConfig.from(config, CodeStepConfig.MissingContactOption.EMAIL);
            problems.addAll(parsed.problems());
            codes = parsed.config();
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new ContactChangeConfig(confirmCurrent, Duration.ofDays(days), logoutOthers, refuseShared,
                codes, phone), List.of());
    }

    static List<ProviderConfigProperty> properties(ContactKind kind) {
        List<ProviderConfigProperty> all = new ArrayList<>(RequiredActionFactory.MAX_AUTH_AGE_CONFIG_PROPERTIES);
        String contact = kind == ContactKind.EMAIL ? "email address" : "phone number";
        all.addAll(ProviderConfigurationBuilder.create()
                .property().name(CONFIRM_CURRENT).label("Confirm the current " + contact + " first")
                .helpText("When the user's current " + contact + " is verified, a code goes to it before the new one "
                        + "can be entered, so a stolen session alone cannot move the account to another contact.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(REVERT_LINK_DAYS).label("Undo link valid (days)")
                .helpText("How long the 'this wasn't me' link sent to the old " + contact + " works (1 to 30). "
                        + "It works once.")
                .type(ProviderConfigProperty.LIST_TYPE).options("1", "3", "7", "14", "30").defaultValue("7").add()
                .property().name(LOGOUT_OTHER_SESSIONS).label("Sign out other sessions")
                .helpText("After the change, end the user's sessions on other browsers and devices.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .build());
        if (kind == ContactKind.PHONE) {
            all.addAll(ProviderConfigurationBuilder.create()
                    .property().name(REFUSE_SHARED_NUMBERS).label("Refuse numbers of other users")
                    .helpText("Refuse a number that another user of the realm has already verified. The message "
                            + "does not say which account has it.")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                    .build());
            PhoneSetupConfig.properties().stream().filter(p -> !NOT_FOR_CONTACT_CHANGE.contains(p.getName()))
                    .forEach(all::add);
        } else {
            CodeStepConfig.properties(CodeStepConfig.MissingContactOption.EMAIL).stream()
                    .filter(p -> !NOT_FOR_CONTACT_CHANGE.contains(p.getName())).forEach(all::add);
        }
        return List.copyOf(all);
    }
}
