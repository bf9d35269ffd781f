package dev.otpguard.kernel;

import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.LoginActionsService;

/**
 * The link a mail or SMS carries for an action token ("this wasn't me", undo a contact change): Keycloak's
 * action-token endpoint with the signed token and the client it returns to, on the host of the current request.
 */
public final class ActionLinks {

    private ActionLinks() {
    }

    public static String forToken(KeycloakSession session, RealmModel realm, DefaultActionToken token,
                                  String clientId) {
        var uri = session.getContext().getUri();
        return LoginActionsService.actionTokenProcessor(uri)
                .queryParam("key", token.serialize(session, realm, uri))
                .queryParam("client_id", clientId)
                .build(realm.getName()).toString();
    }
}
