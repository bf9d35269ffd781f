package dev.otpguard.contact;

import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.core.contact.PhoneNumberCheck;
import dev.otpguard.phone.PhoneSetupBean;
import dev.otpguard.phone.PhoneSetupRequiredAction;
import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.channel.SmsChannel;
import dev.otpguard.channel.SmsText;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/** "Update phone number (confirmed)": a new number takes effect only once a code sent to it by SMS comes back. */
final class UpdatePhoneAction extends ContactChangeAction {

    static final String FIELD_PHONE = "phone";
    static final String FIELD_COUNTRY = "country";

    UpdatePhoneAction(SecureRandom random, Clock clock) {
        super(ContactKind.PHONE, random, clock);
    }

    @Override
    String providerId() {
        return UpdatePhoneActionFactory.PROVIDER_ID;
    }

    @Override
    String field() {
        return FIELD_PHONE;
    }

    @Override
    Entry read(RequiredActionContext context, ContactChangeConfig config, MultivaluedMap<String, String> form) {
        PhoneNumberCheck.Result result = new PhoneNumberCheck(config.phone().allowedCountries(),
                config.phone().allowedTypes()).check(form.getFirst(FIELD_PHONE), form.getFirst(FIELD_COUNTRY));
        return result.accepted() ? Entry.of(result.e164()) : Entry.refused(result.problem().messageKey());
    }

    @Override
    boolean takenByAnother(KeycloakSession session, RealmModel realm, UserModel user, String value,
                           ContactChangeConfig config) {
        if (!config.refuseSharedNumbers()) {
            return false;
        }
        return session.users().searchForUserByUserAttributeStream(realm, PhoneAttributes.PHONE_NUMBER, value)
                .anyMatch(other -> !other.getId().equals(user.getId())
                        && PhoneAttributes.verifiedNumber(other).isPresent());
    }

    @Override
    Response entryPage(RequiredActionContext context, ContactChangeConfig config, String problem) {
        String country = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_COUNTRY);
        var form = context.form()
                .setAttribute("otpGuardPhone", new PhoneSetupBean(config.phone(), country,
                        context.getSession().getContext().resolveLocale(context.getUser())))
                .setAttribute("otpGuardContactChange", true);
        if (ContactKind.PHONE.current(context.getUser()).isPresent()) {
            // only a current number is told about the change (see ContactChangeAction#complete)
            form.setAttribute("otpGuardCurrentPhone", true);
        }
        if (problem != null) {
            form.addError(new FormMessage(FIELD_PHONE, problem));
        }
        return form.createForm(PhoneSetupRequiredAction.TEMPLATE);
    }

    @Override
    CodeChannel channel(KeycloakSession session, ContactChangeConfig config) {
        return new SmsChannel(session, config.phone().smsSender(), false, SmsText.CONFIRM_KEY);
    }
}
