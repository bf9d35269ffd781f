package dev.otpguard.contact;

import dev.otpguard.kernel.ContactChangeEvents;

import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.account.AccountLockdown;
import dev.otpguard.kernel.ConfirmedActionTokenHandler;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;

/**
 * "This wasn't me" from a contact-change notice: after the user confirms, puts the old contact back (verified:
 * the link reached it), ends all sessions, forgets known devices and requires a new password.
 */
public final class RevertContactActionTokenHandler extends ConfirmedActionTokenHandler<RevertContactActionToken> {

    private static final Logger LOG = Logger.getLogger(RevertContactActionTokenHandler.class);

    public RevertContactActionTokenHandler() {
        super(RevertContactActionToken.TOKEN_TYPE, RevertContactActionToken.class);
    }

    /**
     * Only a link that says which contact to put back, and to what, gets a confirmation page: a token of this type
     * without them (even one signed by the realm) would show a message key instead of a message.
     */
    @Override
    @SuppressWarnings("unchecked")
    public TokenVerifier.Predicate<? super RevertContactActionToken>[] getVerifiers(
            ActionTokenContext<RevertContactActionToken> context) {
        return TokenUtils.predicates(TokenUtils.checkThat(RevertContactActionToken::hasContactToRestore,
                Errors.INVALID_TOKEN, Messages.INVALID_CODE));
    }

    @Override
    protected LoginFormsProvider confirmation(RevertContactActionToken token, LoginFormsProvider form) {
        return form.setAttribute("messageHeader", form.getMessage("otpGuardRevertConfirmTitle"))
                .setSuccess("otpGuardRevertConfirm." + token.getContactKind(), token.getMaskedNewValue());
    }

    @Override
    protected Response perform(RevertContactActionToken token, ActionTokenContext<RevertContactActionToken> context,
                               UserModel user) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        Optional<ContactKind> kind = ContactKind.fromId(token.getContactKind());
        if (kind.isEmpty() || !token.hasContactToRestore()) {
            return session.getProvider(LoginFormsProvider.class).setError(Messages.INVALID_CODE)
                    .createErrorPage(Response.Status.BAD_REQUEST);
        }
        boolean restored = restore(session, realm, user, kind.get(), token.getOldValue(), token.getOldValueVerified());
        AccountLockdown.apply(session, realm, user, false);
        context.getEvent().user(user).detail(CodeEvents.ACTION, kind.get().id() + "_change_reverted")
                .detail(ContactChangeEvents.UPDATED, kind.get().mask(token.getOldValue()))
                .detail(ContactChangeEvents.PREVIOUS, token.getMaskedNewValue())
                .detail("otp_guard_restored", Boolean.toString(restored)).success();
        LOG.infof("OTP Guard: user id %s in realm %s undid a %s change (restored: %s): sessions ended, devices "
                + "forgotten, password reset required", user.getId(), realm.getName(), kind.get().id(), restored);
        String message = restored ? "otpGuardRevertDone." : "otpGuardRevertNotRestored.";
        LoginFormsProvider page = session.getProvider(LoginFormsProvider.class);
        return page.setAttribute("messageHeader", page.getMessage("otpGuardSecuredTitle"))
                .setSuccess(message + kind.get().id(), kind.get().mask(token.getOldValue())).createInfoPage();
    }

    private static boolean restore(KeycloakSession session, RealmModel realm, UserModel user, ContactKind kind,
                                   String oldValue, Boolean oldValueVerified) {
        if (kind == ContactKind.EMAIL && !realm.isDuplicateEmailsAllowed()) {
            try {
                UserModel holder = session.users().getUserByEmail(realm, oldValue);
                if (holder != null && !holder.getId().equals(user.getId())) {
                    // the old address now belongs to another account: the lockdown still protects this one
                    return false;
                }
            } catch (ModelDuplicateException e) {
                return false;
            }
        }
        kind.restore(user, oldValue, oldValueVerified);
        new ContactSnapshot(user).record(kind, Optional.of(oldValue));
        return true;
    }
}
