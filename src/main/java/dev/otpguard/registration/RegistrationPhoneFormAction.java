package dev.otpguard.registration;

import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.channel.PhoneNumberRules;
import dev.otpguard.core.contact.PhoneNumberCheck;
import dev.otpguard.kernel.Misconfiguration;
import dev.otpguard.kernel.ProviderIds;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * "Phone number" on Keycloak's registration form. The field is the user profile's {@code phone_number}
 * ({@link RegistrationPhoneProfile} puts it there); this action checks it with the same country and number-type rules
 * as "Set up phone number", stores it in E.164 form as unverified, and adds phone setup, which asks for a code to the
 * number (filled in) right after registration. Nothing sends to the number before that code comes back.
 */
final class RegistrationPhoneFormAction implements FormAction {

    static final String FIELD = PhoneAttributes.PHONE_NUMBER;

    private static final Logger LOG = Logger.getLogger(RegistrationPhoneFormAction.class);

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        RegistrationPhoneProfile.declare(context.getSession(), context.getRealm());
    }

    @Override
    public void validate(ValidationContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        RegistrationPhoneConfig.Parsed parsed = RegistrationPhoneConfig.from(
                context.getAuthenticatorConfig() == null ? null : context.getAuthenticatorConfig().getConfig());
        List<String> problems = new ArrayList<>(parsed.problems());
        PhoneNumberRules rules = PhoneNumberRules.ofRealm(context.getRealm(), problems);
        if (!problems.isEmpty()) {
            Misconfiguration.report(context.getRealm(), "registration phone number", context.getAuthenticatorConfig(),
                    problems);
            context.error(Errors.INVALID_REGISTRATION);
            context.validationError(form, List.of(new FormMessage(null, Misconfiguration.MESSAGE_KEY)));
            return;
        }
        String typed = form.getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            if (parsed.config().phoneRequired()) {
                refuse(context, form, PhoneNumberCheck.Problem.EMPTY.messageKey());
                return;
            }
            context.success();
            return;
        }
        PhoneNumberCheck.Result checked = rules.check().check(typed, onlyCountry(rules).orElse(null));
        if (!checked.accepted()) {
            refuse(context, form, checked.problem().messageKey());
            return;
        }
        context.success();
    }

    private static void refuse(ValidationContext context, MultivaluedMap<String, String> form, String messageKey) {
        context.error(Errors.INVALID_REGISTRATION);
        context.validationError(form, List.of(new FormMessage(FIELD, messageKey)));
    }

    /**
     * Runs after Keycloak created the user from the form (the registration's user creation comes first in the
     * flow): the number it stored as typed becomes E.164, unverified, and phone setup follows.
     */
    @Override
    public void success(FormContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            LOG.errorf("OTP Guard's registration phone number runs before the user exists in realm %s: move it below "
                    + "Keycloak's 'Registration User Profile Creation' in the registration flow", 
                    context.getRealm().getName());
            return;
        }
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            user.removeAttribute(PhoneAttributes.PHONE_NUMBER);
            return;
        }
        PhoneNumberRules rules = PhoneNumberRules.ofRealm(context.getRealm(), new ArrayList<>());
        PhoneNumberCheck.Result checked = rules.check().check(typed, onlyCountry(rules).orElse(null));
        if (!checked.accepted()) {
            // validate() accepted it moments ago: only a configuration changed in between gets here
            user.removeAttribute(PhoneAttributes.PHONE_NUMBER);
            return;
        }
        PhoneAttributes.setUnverified(user, checked.e164());
        user.addRequiredAction(ProviderIds.PHONE_SETUP);
    }

    /** With one allowed country, a number typed without its country code belongs to it. */
    static Optional<String> onlyCountry(PhoneNumberRules rules) {
        return rules.allowedCountries().size() == 1 ? rules.allowedCountries().stream().findFirst() : Optional.empty();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
