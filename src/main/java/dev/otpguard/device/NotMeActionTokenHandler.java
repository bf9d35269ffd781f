package dev.otpguard.device;

import jakarta.ws.rs.core.Response;
import dev.otpguard.phone.PhoneSetupRequiredActionFactory;
import dev.otpguard.sms.PhoneAttributes;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Handles "this wasn't me": after the user confirms on a page (so that mail scanners following links change
 * nothing), it ends all the user's sessions, forgets all known devices and requires a new password.
 */
public final class NotMeActionTokenHandler extends AbstractActionTokenHandler<NotMeActionToken> {

    private static final Logger LOG = Logger.getLogger(NotMeActionTokenHandler.class);

    public NotMeActionTokenHandler() {
        super(NotMeActionToken.TOKEN_TYPE, NotMeActionToken.class, Messages.INVALID_CODE,
                EventType.EXECUTE_ACTION_TOKEN, Errors.NOT_ALLOWED);
    }

    @Override
    public Response handleToken(NotMeActionToken token, ActionTokenContext<NotMeActionToken> context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (context.isAuthenticationSessionFresh()) {
            // the confirmation link carries this authentication session, so following it is not "fresh" again
            token.setCompoundAuthenticationSessionId(
                    AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId());
            URI confirm = Urls.actionTokenBuilder(context.getUriInfo().getBaseUri(),
                            token.serialize(session, realm, context.getUriInfo()), authSession.getClient().getClientId(),
                            authSession.getTabId(), AuthenticationProcessor.getClientData(session, authSession))
                    .build(realm.getName());
            return session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession)
                    .setSuccess("otpGuardNotMeConfirm")
                    .setAttribute(Constants.TEMPLATE_ATTR_ACTION_URI, confirm.toString())
                    .createInfoPage();
        }
        // single use, on every node: the key goes into Keycloak's cluster-wide single-use store
        if (!session.singleUseObjects().putIfAbsent(token.serializeKey(), Math.max(1, token.getExp() - token.getIat()))) {
            return session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession)
                    .setError(Messages.INVALID_CODE).createErrorPage(Response.Status.BAD_REQUEST);
        }
        UserModel user = authSession.getAuthenticatedUser();
        session.sessions().getUserSessionsStream(realm, user).toList()
                .forEach(userSession -> AuthenticationManager.backchannelLogout(session, userSession, true));
        KnownDeviceStore devices = new KnownDeviceStore(user);
        devices.all().forEach(devices::forget);
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        if (token.isNewSecondFactor()) {
            resetSecondFactor(realm, user);
        }
        context.getEvent().user(user).detail("otp_guard_action", "not_me").success();
        LOG.infof("OTP Guard: user id %s in realm %s reported a sign-in as not theirs: sessions ended, devices "
                + "forgotten, password reset required", user.getId(), realm.getName());
        new AuthenticationSessionManager(session).removeAuthenticationSession(realm, authSession, true);
        return session.getProvider(LoginFormsProvider.class).setSuccess("otpGuardNotMeDone").createInfoPage();
    }

    /** An attacker who knew the password may have enrolled their own app or number: both must be set up anew. */
    private static void resetSecondFactor(RealmModel realm, UserModel user) {
        List<String> otp = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(c -> c.getId()).toList();
        otp.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        if (!otp.isEmpty()) {
            user.addRequiredAction(UserModel.RequiredAction.CONFIGURE_TOTP);
        }
        if (PhoneAttributes.verifiedNumber(user).isPresent()) {
            user.setSingleAttribute(PhoneAttributes.PHONE_NUMBER_VERIFIED, "false");
            if (realm.getRequiredActionProviderByAlias(PhoneSetupRequiredActionFactory.PROVIDER_ID) != null) {
                user.addRequiredAction(PhoneSetupRequiredActionFactory.PROVIDER_ID);
            }
        }
    }

    @Override
    public boolean canUseTokenRepeatedly(NotMeActionToken token, ActionTokenContext<NotMeActionToken> context) {
        // the confirmation page must be reachable once more; the single-use store guards the action itself
        return true;
    }
}
