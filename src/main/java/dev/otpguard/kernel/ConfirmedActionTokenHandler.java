package dev.otpguard.kernel;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A link from an email or SMS that changes an account: the first visit only shows a confirmation page (mail
 * scanners and link previews follow links), the confirmation performs the change, and only once on every node
 * of the cluster (Keycloak's single-use store); an expired or tampered link is refused by Keycloak itself. A link
 * that was already used says so plainly, on its first page as on its confirmation.
 */
public abstract class ConfirmedActionTokenHandler<T extends DefaultActionToken> extends AbstractActionTokenHandler<T> {

    /** The message of the page a used link shows. */
    public static final String LINK_USED = "otpGuardLinkUsed";

    protected ConfirmedActionTokenHandler(String tokenType, Class<T> tokenClass) {
        super(tokenType, tokenClass, Messages.INVALID_CODE, EventType.EXECUTE_ACTION_TOKEN, Errors.NOT_ALLOWED);
    }

    /** The confirmation page: a message asking whether to go ahead. */
    protected abstract LoginFormsProvider confirmation(T token, LoginFormsProvider form);

    /** Performs the action, once; returns the page that says what happened. */
    protected abstract Response perform(T token, ActionTokenContext<T> context, UserModel user);

    @Override
    public final Response handleToken(T token, ActionTokenContext<T> context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String usedMarker = usedMarkerKey(realm, token);
        if (session.singleUseObjects().contains(usedMarker)) {
            return linkUsed(session, authSession);
        }
        if (context.isAuthenticationSessionFresh()) {
            // the confirmation link carries this authentication session, so following it is not "fresh" again
            token.setCompoundAuthenticationSessionId(
                    AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId());
            URI confirm = Urls.actionTokenBuilder(context.getUriInfo().getBaseUri(),
                            token.serialize(session, realm, context.getUriInfo()), authSession.getClient().getClientId(),
                            authSession.getTabId(), AuthenticationProcessor.getClientData(session, authSession))
                    .build(realm.getName());
            return confirmation(token, session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession))
                    .setAttribute(Constants.TEMPLATE_ATTR_ACTION_URI, confirm.toString())
                    .createInfoPage();
        }
        if (!session.singleUseObjects().putIfAbsent(usedMarker, Math.max(1, token.getExp() - token.getIat()))) {
            // used in the meantime, from another tab or node
            return linkUsed(session, authSession);
        }
        Response page = perform(token, context, authSession.getAuthenticatedUser());
        new AuthenticationSessionManager(session).removeAuthenticationSession(realm, authSession, true);
        return page;
    }

    /**
     * The single-use store's key that marks this link as used: one realm's link never collides with another's,
     * and the {@code otp-guard:} prefix keeps it apart from Keycloak's own entries.
     */
    private String usedMarkerKey(RealmModel realm, T token) {
        return "otp-guard:link-used:" + realm.getId() + ":" + token.serializeKey();
    }

    private static Response linkUsed(KeycloakSession session, AuthenticationSessionModel authSession) {
        return session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession)
                .setError(LINK_USED).createErrorPage(Response.Status.BAD_REQUEST);
    }

    /**
     * A link opened in a browser without a login in progress. When the application the link was mailed for no
     * longer exists (deleted, or its client id renamed, within the link's lifetime), Keycloak's base class fails
     * with a NullPointerException, an HTTP 500. A session for the realm's system client instead lets Keycloak's own
     * client check refuse the link with its standard "unknown login requester" page.
     */
    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(T token, ActionTokenContext<T> context) {
        String clientId = token.getIssuedFor();
        if (clientId == null || context.getRealm().getClientByClientId(clientId) != null) {
            return super.startFreshAuthenticationSession(token, context);
        }
        AuthenticationSessionModel authSession = context.createAuthenticationSessionForClient(null);
        authSession.setAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS, "true");
        return authSession;
    }

    @Override
    public boolean canUseTokenRepeatedly(T token, ActionTokenContext<T> context) {
        // the confirmation page must be reachable once more; the single-use store guards the action itself
        return true;
    }
}
