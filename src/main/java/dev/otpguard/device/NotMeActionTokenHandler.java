package dev.otpguard.device;

import dev.otpguard.account.AccountLockdown;
import dev.otpguard.account.NotMeActionToken;
import dev.otpguard.kernel.ConfirmedActionTokenHandler;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Handles "this wasn't me" from a new-device alert and "I did not try to sign in" from a sign-in code mail: after the user confirms, it ends all the user's sessions,
 * forgets all known devices and requires a new password.
 */
public final class NotMeActionTokenHandler extends ConfirmedActionTokenHandler<NotMeActionToken> {

    private static final Logger LOG = Logger.getLogger(NotMeActionTokenHandler.class);

    public NotMeActionTokenHandler() {
        super(NotMeActionToken.TOKEN_TYPE, NotMeActionToken.class);
    }

    @Override
    protected LoginFormsProvider confirmation(NotMeActionToken token, LoginFormsProvider form) {
        return form.setAttribute("messageHeader", form.getMessage("otpGuardNotMeConfirmTitle"))
                .setSuccess("otpGuardNotMeConfirm");
    }

    @Override
    protected Response perform(NotMeActionToken token, ActionTokenContext<NotMeActionToken> context, UserModel user) {
        RealmModel realm = context.getRealm();
        AccountLockdown.apply(context.getSession(), realm, user, token.isNewSecondFactor());
        context.getEvent().user(user).detail("otp_guard_action", "not_me").success();
        LOG.infof("OTP Guard: user id %s in realm %s reported a sign-in as not theirs: sessions ended, devices "
                + "forgotten, password reset required", user.getId(), realm.getName());
        LoginFormsProvider page = context.getSession().getProvider(LoginFormsProvider.class);
        return page.setAttribute("messageHeader", page.getMessage("otpGuardSecuredTitle"))
                .setSuccess("otpGuardNotMeDone").createInfoPage();
    }
}
