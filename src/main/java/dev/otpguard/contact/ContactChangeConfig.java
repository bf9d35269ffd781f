package dev.otpguard.contact;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.exchange.CodePolicyOptions;
import dev.otpguard.kernel.AdminConsoleOptions;
import dev.otpguard.core.options.OptionValues;
import dev.otpguard.phone.PhoneSetupConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Options of "Update email (confirmed)" and "Update phone number (confirmed)". The recency of the sign-in is
 * Keycloak's own {@code max_auth_age} option, which Keycloak enforces before an application-initiated action.
 *
 * @param phone number rules and SMS sender for a phone change; null for an email change
 */
public record ContactChangeConfig(boolean confirmCurrent, Duration revertLinkLifetime, boolean logoutOtherSessions,
                                  boolean refuseSharedNumbers, CodePolicy codes, PhoneSetupConfig phone) {

    public static final String CONFIRM_CURRENT = "confirmCurrent";
    public static final String REVERT_LINK_DAYS = "revertLinkDays";
    public static final String LOGOUT_OTHER_SESSIONS = "logoutOtherSessions";
    public static final String REFUSE_SHARED_NUMBERS = "refuseSharedNumbers";


    public record Parsed(ContactChangeConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private static final Option CONFIRM_CURRENT_EMAIL = confirmCurrent("email address");
    private static final Option CONFIRM_CURRENT_PHONE = confirmCurrent("phone number");
    private static final Option REVERT_LINK_EMAIL = revertLink("email address");
    private static final Option REVERT_LINK_PHONE = revertLink("phone number");
    private static final Option LOGOUT_OTHERS = Option.flag(LOGOUT_OTHER_SESSIONS, "Sign out other sessions",
            "After the change, end the user's sessions on other browsers and devices.", false);
    private static final Option REFUSE_SHARED = Option.flag(REFUSE_SHARED_NUMBERS, "Refuse numbers of other users",
            "Refuse a number that another user of the realm has already verified. The message does not say which "
                    + "account has it.", true);

    private static Option confirmCurrent(String contact) {
        return Option.flag(CONFIRM_CURRENT, "Confirm the current " + contact + " first",
                "When the user's current " + contact + " is verified, a code goes to it before the new one can be "
                        + "entered, so a stolen session alone cannot move the account to another contact.", true);
    }

    private static Option revertLink(String contact) {
        return Option.number(REVERT_LINK_DAYS, "Undo link valid (days)", "How long the 'this wasn't me' link sent "
                + "to the old " + contact + " works (1 to 30). It works once.", 7, List.of("1", "3", "7", "14", "30"),
                1, 30);
    }

    public static Parsed from(Map<String, String> values, ContactKind kind) {
        Map<String, String> config = values == null ? Map.of() : values;
        OptionValues read = new OptionValues(config).check(options(kind));
        boolean confirmCurrent = read.flag(kind == ContactKind.EMAIL ? CONFIRM_CURRENT_EMAIL : CONFIRM_CURRENT_PHONE);
        boolean logoutOthers = read.flag(LOGOUT_OTHERS);
        // a shared address is refused by Keycloak itself (duplicate emails); only numbers have the option
        boolean refuseShared = kind == ContactKind.PHONE && read.flag(REFUSE_SHARED);
        long days = read.number(kind == ContactKind.EMAIL ? REVERT_LINK_EMAIL : REVERT_LINK_PHONE);
        List<String> problems = new ArrayList<>(read.problems());
        CodePolicy codes;
        PhoneSetupConfig phone = null;
        if (kind == ContactKind.PHONE) {
            PhoneSetupConfig.Parsed parsed = PhoneSetupConfig.numberRules(config);
            // the code options are in both: each problem once
            parsed.problems().stream().filter(problem -> !problems.contains(problem)).forEach(problems::add);
            phone = parsed.config();
            codes = phone == null ? null : phone.codes();
        } else {
            codes = CodePolicyOptions.read(read);
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new ContactChangeConfig(confirmCurrent, Duration.ofDays(days), logoutOthers, refuseShared,
                codes, phone), List.of());
    }

    /** The options of one kind of change, declared once: the change's own, the number's rules, the codes'. */
    static OptionGroup options(ContactKind kind) {
        if (kind == ContactKind.EMAIL) {
            return OptionGroup.of(CONFIRM_CURRENT_EMAIL, REVERT_LINK_EMAIL, LOGOUT_OTHERS).and(CodePolicyOptions.GROUP);
        }
        return OptionGroup.of(CONFIRM_CURRENT_PHONE, REVERT_LINK_PHONE, LOGOUT_OTHERS, REFUSE_SHARED)
                .and(PhoneSetupConfig.NUMBER_RULES, CodePolicyOptions.GROUP);
    }

    /** Keycloak's maximum authentication age first, as its own required actions show it, then ours. */
    static List<ProviderConfigProperty> properties(ContactKind kind) {
        return AdminConsoleOptions.of(RequiredActionFactory.MAX_AUTH_AGE_CONFIG_PROPERTIES, options(kind));
    }
}
