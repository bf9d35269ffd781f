package dev.otpguard.kernel;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * The answer of every OTP Guard step and action whose configuration cannot be used (set through REST or a realm
 * import): one ERROR line naming the problems for the admin, and one neutral page for the user.
 */
public final class Misconfiguration {

    private static final Logger LOG = Logger.getLogger(Misconfiguration.class);

    private Misconfiguration() {
    }

    /** Stops a login step; {@code step} names it in the log ("email", "device"). */
    public static void stop(AuthenticationFlowContext context, String step, List<String> problems) {
        LOG.errorf("OTP Guard %s step in realm %s is misconfigured (config %s): %s", step,
                context.getRealm().getName(),
                context.getAuthenticatorConfig() == null ? "-" : context.getAuthenticatorConfig().getAlias(),
                String.join("; ", problems));
        context.failure(AuthenticationFlowError.INTERNAL_ERROR, page(context.form()));
    }

    /** Stops a required action; {@code action} names it in the log. */
    public static void stop(RequiredActionContext context, String action, List<String> problems) {
        LOG.errorf("OTP Guard %s in realm %s is misconfigured: %s", action, context.getRealm().getName(),
                String.join("; ", problems));
        context.challenge(page(context.form()));
    }

    private static Response page(LoginFormsProvider form) {
        return form.setError("otpGuardMisconfigured").createErrorPage(Response.Status.INTERNAL_SERVER_ERROR);
    }
}
