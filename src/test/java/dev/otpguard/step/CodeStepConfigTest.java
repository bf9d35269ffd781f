package dev.otpguard.step;

import dev.otpguard.core.options.MissingContact;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.otpguard.step.CodeStepConfig.MissingContactOption.EMAIL;

import dev.otpguard.core.code.CodePolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeStepConfigTest {

    @Test
    void noConfigurationMeansTheSafeDefaults() {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from((Map<String, String>) null, EMAIL);
        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.config().policy()).isEqualTo(CodeStepConfig.DEFAULT.policy());
        assertThat(parsed.config().missingContact()).isEqualTo(MissingContact.FAIL);
        assertThat(parsed.config().policy().lifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void valuesOutsideTheChecklistBoundsAreRefusedWithReasons() {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from(Map.of("codeLength", "4",
                "codeLifetimeSeconds", "3600", "maxAttempts", "0", "missingEmail", "ignore"), EMAIL);
        assertThat(parsed.isValid()).isFalse();
        assertThat(String.join("\n", parsed.problems())).contains("missingEmail");
        CodeStepConfig.Parsed bounds = CodeStepConfig.from(Map.of("codeLength", "4", "codeLifetimeSeconds", "3600"), EMAIL);
        assertThat(bounds.problems()).anyMatch(p -> p.contains("code length"))
                .anyMatch(p -> p.contains("lifetime"));
        assertThat(CodeStepConfig.from(Map.of("resendCooldownSeconds", "soon"), EMAIL).problems())
                .containsExactly("resendCooldownSeconds must be a whole number");
    }

    @Test
    void passwordResetOptionsAreReadAndBadValuesRefused() {
        CodeStepConfig config = CodeStepConfig.from(Map.of("resetChannels", "choice", "logoutOtherSessions", "false"),
                EMAIL).config();
        assertThat(config.flag(dev.otpguard.reset.ResetOptions.LOGOUT_OTHER_SESSIONS, true)).isFalse();
        assertThat(config.flag(dev.otpguard.reset.ResetOptions.NOTIFY_OTHER_CHANNEL, true)).isTrue();
        CodeStepConfig.Parsed bad = CodeStepConfig.from(Map.of("resetChannels", "both",
                "notifyOtherChannel", "yes"), EMAIL);
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.problems()).containsExactlyInAnyOrder(
                "resetChannels must be one of this-only, fallback, choice", "notifyOtherChannel must be true or false");
    }

    @Test
    void eachChannelNamesItsOwnEnrolmentChoice() {
        assertThat(CodeStepConfig.from(Map.of("missingPhone", "setup"), CodeStepConfig.MissingContactOption.PHONE)
                .config().missingContact()).isEqualTo(MissingContact.ENROL);
        assertThat(CodeStepConfig.from(Map.of("missingEmail", "setup"), EMAIL).isValid()).isFalse();
    }

    @Test
    void theAdminConsoleDefaultsMatchThePolicyDefaults() {
        Map<String, Object> defaults = new java.util.HashMap<>();
        CodeStepConfig.options(EMAIL, dev.otpguard.core.options.OptionGroup.of()).options()
                .forEach(o -> defaults.put(o.name(), o.defaultValue()));
        CodePolicy d = CodePolicy.DEFAULT;
        assertThat(defaults).containsEntry("codeLength", "6").containsEntry("codeLifetimeSeconds", "300")
                .containsEntry("maxAttempts", "5").containsEntry("resendCooldownSeconds", "30")
                .containsEntry("maxSendsPerLogin", "5").containsEntry("missingEmail", "fail");
        assertThat(d.length()).isEqualTo(6);
    }
}
