package dev.otpguard.registration;

import dev.otpguard.kernel.ProviderIds;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

/**
 * User-profile validator {@code otp-guard-phone-edit}: an existing user's phone number does not change by editing
 * the profile (account console, "update profile", broker review). A number typed there would never be proven, and
 * a stolen session could swap the second factor with it. At registration there is no user yet, and admins, SCIM
 * and directories are not held back: OTP Guard treats the numbers they set as unverified.
 */
public final class PhoneEditGuard implements SimpleValidator {

    static final String MESSAGE_KEY = "otpGuardPhoneEditRefused";

    @Override
    public String getId() {
        return ProviderIds.PHONE_EDIT_GUARD;
    }

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context,
                                      ValidatorConfig config) {
        if (!(context instanceof UserProfileAttributeValidationContext profile)) {
            return context;
        }
        AttributeContext attribute = profile.getAttributeContext();
        UserModel user = attribute.getUser();
        if (user == null || !attribute.getContext().canBeAuthFlowContext()) {
            return context;
        }
        List<String> stored = user.getAttributeStream(inputHint).filter(Objects::nonNull).map(String::strip)
                .filter(value -> !value.isEmpty()).toList();
        List<String> typed = input instanceof Collection<?> values ? values.stream().filter(Objects::nonNull)
                .map(value -> value.toString().strip()).filter(value -> !value.isEmpty()).toList()
                : input == null ? List.of() : List.of(input.toString().strip());
        if (!stored.equals(typed)) {
            context.addError(new ValidationError(getId(), inputHint, MESSAGE_KEY));
        }
        return context;
    }
}
