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
        CodeStepConfig.Parsed parsed = CodeStepConfig.from((Map<String, String>) null, StepChannel.EMAIL);
        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.config().policy()).isEqualTo(CodeStepConfig.DEFAULT.policy());
        assertThat(parsed.config().missingContact()).isEqualTo(MissingContact.FAIL);
        assertThat(parsed.config().policy().lifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void valuesOutsideTheChecklistBoundsAreRefusedWithReasons() {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from(Map.of("codeLength", "4",
                "codeLifetimeSeconds", "3600", "maxAttempts", "0", "missingEmail", "ignore"), StepChannel.EMAIL);
        assertThat(parsed.isValid()).isFalse();
        assertThat(String.join("\n", parsed.problems())).contains("missingEmail");
        CodeStepConfig.Parsed bounds = CodeStepConfig.from(Map.of("codeLength", "4", "codeLifetimeSeconds", "3600"), StepChannel.EMAIL);
        assertThat(bounds.problems()).containsExactlyInAnyOrder("codeLength must be a whole number from 6 to 10",
                "codeLifetimeSeconds must be a whole number from 10 to 600");
        assertThat(CodeStepConfig.from(Map.of("resendCooldownSeconds", "soon"), StepChannel.EMAIL).problems())
                .containsExactly("resendCooldownSeconds must be a whole number from 1 to 600");
    }

    @Test
    void passwordResetOptionsAreReadAndBadValuesRefused() {
        CodeStepConfig config = CodeStepConfig.from(Map.of("resetChannels", "choice", "logoutOtherSessions", "false"),
                StepChannel.EMAIL).config();
        assertThat(config.flag(dev.otpguard.reset.ResetOptions.LOGOUT_OPTION)).isFalse();
        assertThat(config.flag(dev.otpguard.reset.ResetOptions.NOTIFY_OPTION)).isTrue();
        CodeStepConfig.Parsed bad = CodeStepConfig.from(Map.of("resetChannels", "both",
                "notifyOtherChannel", "yes"), StepChannel.EMAIL);
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.problems()).containsExactlyInAnyOrder(
                "resetChannels must be one of this-only, fallback, choice", "notifyOtherChannel must be true or false");
    }

    @Test
    void eachChannelNamesItsOwnEnrolmentChoice() {
        assertThat(CodeStepConfig.from(Map.of("missingPhone", "setup"), StepChannel.SMS)
                .config().missingContact()).isEqualTo(MissingContact.ENROL);
        assertThat(CodeStepConfig.from(Map.of("missingEmail", "setup"), StepChannel.EMAIL).isValid()).isFalse();
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

    /** One dialect for flags: the channel's own flags are refused like the reset ones, not read as false. */
    @Test
    void aFlagThatIsNeitherTrueNorFalseIsRefusedOnEveryOption() {
        assertThat(CodeStepConfig.from(Map.of("webOtp", "yes", "codeInSubject", "on"), StepChannel.EMAIL).problems())
                .containsExactlyInAnyOrder("webOtp must be true or false", "codeInSubject must be true or false");
        assertThat(CodeStepConfig.from(Map.of("webOtp", "TRUE"), StepChannel.SMS).config()
                .flag(dev.otpguard.channel.SmsOptions.WEB_OTP_OPTION)).isTrue();
    }

    /** Senders added through the SMS SPI have ids of their own: the console offers ours, any id is taken. */
    @Test
    void anSmsSenderIdOutsideTheOfferedOnesIsKept() {
        CodeStepConfig config = CodeStepConfig.from(Map.of("smsSender", " acme-sms "), StepChannel.SMS).config();
        assertThat(config.text(dev.otpguard.channel.SmsOptions.SENDER_OPTION)).isEqualTo("acme-sms");
        assertThat(CodeStepConfig.from(Map.of(), StepChannel.SMS).config()
                .text(dev.otpguard.channel.SmsOptions.SENDER_OPTION)).isNull();
    }
}
