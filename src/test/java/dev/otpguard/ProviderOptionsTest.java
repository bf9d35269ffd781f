package dev.otpguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.contact.UpdateEmailActionFactory;
import dev.otpguard.contact.UpdatePhoneActionFactory;
import dev.otpguard.phone.PhoneSetupRequiredActionFactory;
import dev.otpguard.step.EmailOtpAuthenticatorFactory;
import dev.otpguard.step.SmsOtpAuthenticatorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What the admin console lists per provider: each option once, and only where it applies (issue 16: options built
 * by subtraction had leaked the password-reset options into three required actions).
 */
class ProviderOptionsTest {

    private static final List<String> CODE_RULES = List.of("codeLength", "codeLifetimeSeconds", "maxAttempts",
            "resendCooldownSeconds", "maxSendsPerLogin");
    private static final List<String> RESET = List.of("resetChannels", "logoutOtherSessions", "notifyOtherChannel");

    @Test
    void phoneSetupListsItsNumberRulesAndTheCodeRulesOnly() {
        assertThat(names(new PhoneSetupRequiredActionFactory().getConfigMetadata())).containsExactly(
                "allowedCountries", "allowedNumberTypes", "allowSkip", "smsSender",
                "codeLength", "codeLifetimeSeconds", "maxAttempts", "resendCooldownSeconds", "maxSendsPerLogin");
    }

    @Test
    void theConfirmedChangesListSignOutOnceWithoutTheResetOptions() {
        List<String> email = names(new UpdateEmailActionFactory().getConfigMetadata());
        List<String> phone = names(new UpdatePhoneActionFactory().getConfigMetadata());
        for (List<String> names : List.of(email, phone)) {
            assertThat(names).doesNotHaveDuplicates().doesNotContain("resetChannels", "notifyOtherChannel",
                    "allowSkip", "missingEmail", "missingPhone").containsSubsequence(CODE_RULES)
                    .containsOnlyOnce("logoutOtherSessions");
        }
        assertThat(email).startsWith("max_auth_age").contains("confirmCurrent", "revertLinkDays")
                .doesNotContain("smsSender", "allowedCountries");
        assertThat(phone).contains("refuseSharedNumbers", "allowedCountries", "allowedNumberTypes", "smsSender");
        ProviderConfigProperty signOut = new UpdateEmailActionFactory().getConfigMetadata().stream()
                .filter(p -> p.getName().equals("logoutOtherSessions")).findFirst().orElseThrow();
        assertThat(signOut.getLabel()).isEqualTo("Sign out other sessions");
        assertThat(signOut.getDefaultValue()).isEqualTo("false");
    }

    @Test
    void theCodeStepsDeclareTheSmsOptionsTheyRead() {
        List<String> email = names(new EmailOtpAuthenticatorFactory().getConfigProperties());
        List<String> sms = names(new SmsOtpAuthenticatorFactory().getConfigProperties());
        assertThat(email).doesNotHaveDuplicates().containsSubsequence(CODE_RULES).containsSubsequence(RESET)
                .contains("missingEmail", "codeInSubject", "smsSender", "webOtp");
        assertThat(sms).doesNotHaveDuplicates().containsSubsequence(CODE_RULES).containsSubsequence(RESET)
                .contains("missingPhone", "smsSender", "webOtp").doesNotContain("codeInSubject");
    }

    private static List<String> names(List<ProviderConfigProperty> properties) {
        return properties.stream().map(ProviderConfigProperty::getName).toList();
    }
}
