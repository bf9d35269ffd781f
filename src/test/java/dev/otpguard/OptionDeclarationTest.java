package dev.otpguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.contact.ContactChangeConfig;
import dev.otpguard.contact.ContactKind;
import dev.otpguard.contact.UpdateEmailActionFactory;
import dev.otpguard.contact.UpdatePhoneActionFactory;
import dev.otpguard.device.DeviceConfig;
import dev.otpguard.device.RememberDeviceAuthenticatorFactory;
import dev.otpguard.network.NetworkConditionFactory;
import dev.otpguard.step.EmailOtpAuthenticatorFactory;
import dev.otpguard.step.StepChannel;
import dev.otpguard.step.CodeStepConfig;
import dev.otpguard.phone.PhoneSetupConfig;
import dev.otpguard.phone.PhoneSetupRequiredActionFactory;
import dev.otpguard.step.SmsOtpAuthenticatorFactory;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Every option a provider reads from its configuration is one it declares (issue 16 §5.3). An undeclared one is
 * hidden from the admin console, yet set through REST or a realm import it still changes the step, or makes its
 * configuration invalid. Each provider's parser is called with a map that records what it asks for, once empty
 * and once filled with the declared defaults.
 */
class OptionDeclarationTest {

    @Test
    void smsStepReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new SmsOtpAuthenticatorFactory().getConfigProperties(),
                options -> readCodeStep(StepChannel.SMS, options));
    }

    /** Today it reads the SMS step's smsSender and webOtp for its other channel without declaring them. */
    @Test
    void emailStepReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new EmailOtpAuthenticatorFactory().getConfigProperties(),
                options -> readCodeStep(StepChannel.EMAIL, options));
    }

    @Test
    void rememberDeviceStepReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new RememberDeviceAuthenticatorFactory().getConfigProperties(), options -> {
            try {
                // package-private: the step parses its options where it runs
                Method from = DeviceConfig.class.getDeclaredMethod("from", Map.class);
                from.setAccessible(true);
                from.invoke(null, options);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("DeviceConfig.from(Map) is gone: point this test at the new parser", e);
            }
        });
    }

    @Test
    void networkConditionReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new NetworkConditionFactory().getConfigProperties(), options -> {
            try {
                Method from = Class.forName("dev.otpguard.network.NetworkConditionConfig")
                        .getDeclaredMethod("from", Map.class);
                from.setAccessible(true);
                from.invoke(null, options);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("NetworkConditionConfig.from(Map) is gone: point this test at the new parser",
                        e);
            }
        });
    }

    /** Today it also parses missingPhone, undeclared here (the code step's options, all of them). */
    @Test
    void phoneSetupReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new PhoneSetupRequiredActionFactory().getConfigMetadata(), PhoneSetupConfig::from);
    }

    /** Today it also parses missingEmail and refuseSharedNumbers, undeclared here. */
    @Test
    void updateEmailReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new UpdateEmailActionFactory().getConfigMetadata(),
                options -> ContactChangeConfig.from(options, ContactKind.EMAIL));
    }

    /** Today it also parses missingPhone and allowSkip, undeclared here. */
    @Test
    void updatePhoneReadsOnlyDeclaredOptions() {
        assertReadsOnlyDeclared(new UpdatePhoneActionFactory().getConfigMetadata(),
                options -> ContactChangeConfig.from(options, ContactKind.PHONE));
    }

    /**
     * A code step reads its options twice: when they are parsed, and when the step picks its channels (which keep
     * the raw map). The channels are created without a session: with the defaults they do not touch one.
     */
    private static void readCodeStep(StepChannel step, RecordingMap options) {
        CodeStepConfig.Parsed parsed = CodeStepConfig.from(options, step);
        assertThat(parsed.problems()).as("the declared defaults are valid").isEmpty();
        CodeStepConfig config = new CodeStepConfig(parsed.config().policy(), parsed.config().missingContact(),
                options);
        try {
            for (String name : List.of("channel", "otherChannel")) {
                Method method = StepChannel.class.getDeclaredMethod(name, KeycloakSession.class,
                        CodeStepConfig.class);
                method.setAccessible(true);
                method.invoke(step, null, config);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the code step no longer picks its channels this way: update this test", e);
        }
    }

    private static void assertReadsOnlyDeclared(List<ProviderConfigProperty> declared, Consumer<RecordingMap> read) {
        Set<String> names = new HashSet<>();
        Map<String, String> defaults = new HashMap<>();
        for (ProviderConfigProperty property : declared) {
            names.add(property.getName());
            if (property.getDefaultValue() != null) {
                defaults.put(property.getName(), property.getDefaultValue().toString());
            }
        }
        Set<String> asked = new HashSet<>();
        for (Map<String, String> values : List.of(Map.<String, String>of(), defaults)) {
            RecordingMap options = new RecordingMap(values);
            read.accept(options);
            asked.addAll(options.askedKeys());
        }
        assertThat(asked).as("options read (declared: %s)", names).isNotEmpty().isSubsetOf(names);
    }
}
