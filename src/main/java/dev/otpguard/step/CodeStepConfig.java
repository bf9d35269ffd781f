package dev.otpguard.step;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.MissingContact;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import dev.otpguard.exchange.CodePolicyOptions;
import dev.otpguard.reset.ResetOptions;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * The admin-facing options of a code step: each with one name, one default and one parser, so the
 * authenticator never reads raw config strings. The names are public interface (realm exports use them).
 */
public record CodeStepConfig(CodePolicy policy, MissingContact missingContact, Map<String, String> options) {

    public static final String MISSING_EMAIL = "missingEmail";
    public static final String MISSING_PHONE = "missingPhone";

    public static final CodeStepConfig DEFAULT = new CodeStepConfig(CodePolicy.DEFAULT, MissingContact.FAIL, Map.of());

    /** How one channel names its "user without contact" option and its enrolment value. */
    public record MissingContactOption(String key, String contactLabel, String enrolValue, String enrolHelp) {
        public static final MissingContactOption EMAIL = new MissingContactOption(MISSING_EMAIL, "email address",
                "verify-email", "verify-email: ask the user for an address and have Keycloak verify it by link.");
        public static final MissingContactOption PHONE = new MissingContactOption(MISSING_PHONE,
                "verified phone number", "setup",
                "setup: send the user through 'Set up phone number', which proves the number with an SMS code.");

        public Option option() {
            return Option.choice(key, "User without " + contactLabel,
                    "fail: stop the login with a message. skip: let the user pass this step without a code. "
                            + enrolHelp, MissingContact.FAIL_VALUE,
                    List.of(MissingContact.FAIL_VALUE, MissingContact.SKIP_VALUE, enrolValue));
        }
    }

    /** A text option as set, or null when unset or blank. Values were checked when the options were parsed. */
    public String text(Option option) {
        return new OptionValues(options).text(option).orElse(null);
    }

    /** A flag as set, or its declared default. Values were checked when the options were parsed. */
    public boolean flag(Option option) {
        return new OptionValues(options).flag(option);
    }

    /** The values of a multi-valued option as set, or its declared defaults. */
    public java.util.List<String> choices(Option option) {
        return new OptionValues(options).choices(option);
    }

    /** One of a choice option's values, or its declared default. */
    public String choice(Option option) {
        return new OptionValues(options).choice(option);
    }

    /** The configuration of one execution, or the problems that make it unusable. */
    public record Parsed(CodeStepConfig config, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    static Parsed from(AuthenticatorConfigModel model, StepChannel channel) {
        return from(model == null ? null : model.getConfig(), channel);
    }

    /** Every option the step declares is checked here, so a bad value stops the step instead of being ignored. */
    public static Parsed from(Map<String, String> values, StepChannel channel) {
        Map<String, String> config = values == null ? Map.of() : values;
        OptionValues read = new OptionValues(config).check(channel.options());
        // multi-valued options are checked value by value, which `check` leaves to the reader
        channel.options().options().stream().filter(option -> option.kind() == Option.Kind.CHOICES)
                .forEach(read::choices);
        CodePolicy policy = CodePolicyOptions.read(read);
        MissingContact missing = MissingContact.fromConfig(read.choice(channel.missingOption().option()),
                channel.missingOption().enrolValue()).orElseThrow();
        if (!read.problems().isEmpty()) {
            return new Parsed(null, read.problems());
        }
        return new Parsed(new CodeStepConfig(policy, missing, Map.copyOf(config)), List.of());
    }

    /**
     * What a code step offers in the admin console: the code's rules, the user without a contact, the reset
     * options (the same step serves the reset-credentials flow), then the channel's own ({@code extras}).
     */
    public static OptionGroup options(MissingContactOption missingOption, OptionGroup extras) {
        return CodePolicyOptions.GROUP.and(OptionGroup.of(missingOption.option()), ResetOptions.GROUP, extras);
    }

}
