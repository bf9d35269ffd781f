package dev.otpguard.kernel;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The answer of every OTP Guard step and action whose configuration cannot be used (set through REST or a realm
 * import): one ERROR line naming the problems for the admin, and one neutral page for the user.
 */
public final class Misconfiguration {

    /** What the user reads: neutral, nothing of the configuration. */
    public static final String MESSAGE_KEY = "otpGuardMisconfigured";

    private static final Logger LOG = Logger.getLogger(Misconfiguration.class);

    private Misconfiguration() {
    }

    /** Stops a login step; {@code step} names it in the log ("email", "device"). */
    public static void stop(AuthenticationFlowContext context, String step, List<String> problems) {
        report(context, step + " step", problems);
        context.failure(AuthenticationFlowError.INTERNAL_ERROR, page(context.form()));
    }

    /**
     * Stops a login at a condition: a condition only answers true or false, so its way to stop the flow is an
     * exception Keycloak turns into this page ({@code GENERIC_AUTHENTICATION_ERROR} with a response).
     */
    public static AuthenticationFlowException inCondition(AuthenticationFlowContext context, String condition,
                                                          List<String> problems) {
        report(context, condition + " condition", problems);
        // not context.form(): a condition's context has no execution of its own, and the page's "try another way"
        // check fails on it; a form without the flow's context shows the same page
        LoginFormsProvider form = context.getSession().getProvider(LoginFormsProvider.class)
                .setAuthenticationSession(context.getAuthenticationSession());
        return new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, page(form));
    }

    /** Stops a required action; {@code action} names it in the log. */
    public static void stop(RequiredActionContext context, String action, List<String> problems) {
        LOG.errorf("OTP Guard %s in realm %s is misconfigured: %s", action, context.getRealm().getName(),
                String.join("; ", problems));
        context.challenge(page(context.form()));
    }

    private static void report(AuthenticationFlowContext context, String what, List<String> problems) {
        report(context.getRealm(), what, context.getAuthenticatorConfig(), problems);
    }

    /**
     * The ERROR line alone, for a registration form action: it answers with the registration form and
     * {@link #MESSAGE_KEY} on it, so what the user typed stays.
     */
    public static void report(RealmModel realm, String what, AuthenticatorConfigModel config, List<String> problems) {
        LOG.errorf("OTP Guard %s in realm %s is misconfigured (config %s): %s", what, realm.getName(),
                config == null ? "-" : config.getAlias(), String.join("; ", problems));
    }

    private static Response page(LoginFormsProvider form) {
        return form.setError(MESSAGE_KEY).createErrorPage(Response.Status.INTERNAL_SERVER_ERROR);
    }
}
