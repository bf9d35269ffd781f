package dev.otpguard.registration;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.core.options.OptionValues;
import dev.otpguard.exchange.CodePolicyOptions;
import java.util.List;
import java.util.Map;

/** Options of "Verify email with a code": the code's length, lifetime, attempts, cooldown and sends, nothing else. */
record VerifyEmailConfig(CodePolicy codes) {

    static final OptionGroup OPTIONS = CodePolicyOptions.GROUP;

    record Parsed(VerifyEmailConfig config, List<String> problems) {
        boolean isValid() {
            return problems.isEmpty();
        }
    }

    static Parsed from(Map<String, String> values) {
        OptionValues read = new OptionValues(values == null ? Map.of() : values).check(OPTIONS);
        CodePolicy codes = CodePolicyOptions.read(read);
        return read.problems().isEmpty() ? new Parsed(new VerifyEmailConfig(codes), List.of())
                : new Parsed(null, List.copyOf(read.problems()));
    }
}
