package dev.otpguard.reset;

import dev.otpguard.core.reset.ResetChannels;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The account a password reset is for, kept out of Keycloak's flow user while the code page is shown.
 *
 * <p>Keycloak's "Choose user" step sets the flow user for an existing, enabled account and leaves it empty
 * otherwise. Keycloak's page layout shows the username block only when a flow user is set, so a code page
 * rendered with it would look different for real and unknown accounts. This class moves the user into an
 * authentication-session note bound to what was typed, clears the flow user, and gives it back when the code
 * is right.
 */
public final class ResetTarget {

    private static final String USER_NOTE = "otp-guard.reset.user";
    private static final String TYPED_NOTE = "otp-guard.reset.typed";
    private static final String ROUTE_NOTE = "otp-guard.reset.route";

    private final UserModel user;
    private final String attemptedUsername;
    private final boolean fresh;

    private ResetTarget(UserModel user, String attemptedUsername, boolean fresh) {
        this.user = user;
        this.attemptedUsername = attemptedUsername;
        this.fresh = fresh;
    }

    /** Takes the reset's account over from the flow (first visit) or from the notes (later requests). */
    public static ResetTarget take(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String typed = authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        String answer = typed == null ? "" : typed;
        boolean sameAttempt = answer.equals(authSession.getAuthNote(TYPED_NOTE));
        UserModel flowUser = context.getUser();
        if (flowUser != null) {
            authSession.setAuthNote(USER_NOTE, flowUser.getId());
            authSession.setAuthNote(TYPED_NOTE, answer);
            if (!sameAttempt) {
                authSession.removeAuthNote(ROUTE_NOTE);
            }
            context.clearUser();
            // chosen through an SSO cookie or an action token, nothing was typed: the username names the account
            return new ResetTarget(flowUser, typed == null ? flowUser.getUsername() : typed, !sameAttempt);
        }
        if (!sameAttempt) {
            // a new "Choose user" answer for an unknown or disabled account: forget an earlier account
            authSession.removeAuthNote(USER_NOTE);
            authSession.removeAuthNote(ROUTE_NOTE);
            authSession.setAuthNote(TYPED_NOTE, answer);
            return new ResetTarget(null, answer, true);
        }
        String userId = authSession.getAuthNote(USER_NOTE);
        UserModel user = userId == null ? null
                : context.getSession().users().getUserById(context.getRealm(), userId);
        return new ResetTarget(user != null && user.isEnabled() ? user : null,
                typed == null && user != null ? user.getUsername() : answer, false);
    }

    /** The account, if it exists and is enabled; null for an unknown or disabled one. */
    public UserModel user() {
        return user;
    }

    /** What the person typed on "Choose user" (or the username when nothing was typed). */
    public String attemptedUsername() {
        return attemptedUsername == null ? "" : attemptedUsername;
    }

    /** True when this request starts a new attempt: earlier codes of this login belong to another answer. */
    public boolean fresh() {
        return fresh;
    }

    /** The channel the person picked on the choice page, or null before they did. */
    public ResetChannels.Route chosenRoute(AuthenticationFlowContext context) {
        String value = context.getAuthenticationSession().getAuthNote(ROUTE_NOTE);
        return value == null ? null : ResetChannels.Route.valueOf(value);
    }

    public void choose(AuthenticationFlowContext context, ResetChannels.Route route) {
        context.getAuthenticationSession().setAuthNote(ROUTE_NOTE, route.name());
    }

    /** Hands the account back to the flow for the steps after the code (Keycloak's "Reset password"). */
    public void restore(AuthenticationFlowContext context) {
        context.setUser(user);
        context.getAuthenticationSession().removeAuthNote(USER_NOTE);
        context.getAuthenticationSession().removeAuthNote(TYPED_NOTE);
        context.getAuthenticationSession().removeAuthNote(ROUTE_NOTE);
    }
}
