package dev.otpguard.contact;

import dev.otpguard.core.contact.HiddenCharacters;
import dev.otpguard.channel.EmailChannel;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.kernel.NoticeText;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.utils.EmailValidationUtil;

/** "Update email (confirmed)": a new address takes effect only once a code sent to it comes back. */
final class UpdateEmailAction extends ContactChangeAction {

    static final String TEMPLATE = "otp-guard-update-email.ftl";
    static final String FIELD_EMAIL = "email";
    /** RFC 5321 limit of a forward path; anything longer cannot be a deliverable address. */
    private static final int MAX_LENGTH = 254;

    UpdateEmailAction(SecureRandom random, Clock clock) {
        super(ContactKind.EMAIL, random, clock);
    }

    @Override
    String providerId() {
        return UpdateEmailActionFactory.PROVIDER_ID;
    }

    @Override
    String field() {
        return FIELD_EMAIL;
    }

    @Override
    Entry read(RequiredActionContext context, ContactChangeConfig config, MultivaluedMap<String, String> form) {
        String typed = form.getFirst(FIELD_EMAIL);
        if (typed == null || typed.isBlank()) {
            return Entry.refused("otpGuardEmailMissing");
        }
        String email = typed.trim();
        // Keycloak's validator accepts internationalized addresses, and with them invisible characters (a bidi
        // override, a zero-width space) that make an address look like another one, or undeliverable
        if (email.length() > MAX_LENGTH || HiddenCharacters.present(email)
                || !EmailValidationUtil.isValidEmail(email)) {
            return Entry.refused("otpGuardEmailInvalid");
        }
        return Entry.of(email.toLowerCase(Locale.ROOT));
    }

    @Override
    boolean takenByAnother(KeycloakSession session, RealmModel realm, UserModel user, String value,
                           ContactChangeConfig config) {
        if (realm.isDuplicateEmailsAllowed()) {
            return false;
        }
        try {
            UserModel holder = session.users().getUserByEmail(realm, value);
            if (holder != null && !holder.getId().equals(user.getId())) {
                return true;
            }
            // with "email as username" or "login with email", an address that is someone's username is taken too
            UserModel byName = session.users().getUserByUsername(realm, value);
            return byName != null && !byName.getId().equals(user.getId());
        } catch (ModelDuplicateException e) {
            return true;
        }
    }

    @Override
    Response entryPage(RequiredActionContext context, ContactChangeConfig config, String problem) {
        // printed as it is: msg() would read an address containing ${...} as a message key
        var form = context.form().setAttribute("otpGuardCurrentEmail", ContactKind.EMAIL.current(context.getUser())
                .map(ContactKind.EMAIL::mask).map(NoticeText::literal).orElse(null));
        if (problem != null) {
            form.addError(new FormMessage(FIELD_EMAIL, problem));
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    CodeChannel channel(KeycloakSession session, ContactChangeConfig config) {
        return EmailChannel.forConfirmation();
    }
}
