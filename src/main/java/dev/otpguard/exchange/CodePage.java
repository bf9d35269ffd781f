package dev.otpguard.exchange;

import dev.otpguard.core.code.Challenge;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.kernel.TextDirection;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * The code page of one exchange as it stands: what it names (channel, masked destination, or on reset pages only
 * what the user typed), and whether the last code went somewhere else than this page's destination.
 */
final class CodePage {

    private final CodeChannel channel;
    private final CodeConversation.Mode mode;
    private final String destination;
    private final String masked;
    private final OneTimeCodes codes;
    private final ChallengeStore store;
    private final Supplier<LoginFormsProvider> forms;
    private final KeycloakSession session;

    CodePage(CodeChannel channel, CodeConversation.Mode mode, String destination, OneTimeCodes codes,
             ChallengeStore store, Supplier<LoginFormsProvider> forms, KeycloakSession session) {
        this.session = session;
        this.channel = channel;
        this.mode = mode;
        this.destination = destination;
        this.masked = destination == null ? null : channel.mask(destination);
        this.codes = codes;
        this.store = store;
        this.forms = forms;
    }

    String maskedDestination() {
        return masked;
    }

    Response show(Challenge state) {
        return form(state, false).createForm(CodeConversation.TEMPLATE);
    }

    Response error(Challenge state, String messageKey, Object... params) {
        return form(state, false).setError(messageKey, params).createForm(CodeConversation.TEMPLATE);
    }

    Response info(Challenge state, String messageKey, Object... params) {
        return form(state, false).setInfo(messageKey, params).createForm(CodeConversation.TEMPLATE);
    }

    /** The page once too many wrong codes paused the user's checks: nothing was sent, nothing can be typed. */
    Response paused(Challenge state) {
        return form(state, true).setError("otpGuardCodeChecksPaused").createForm(CodeConversation.TEMPLATE);
    }

    /** An error under the code field, where the template shows what was wrong with what was typed. */
    Response fieldError(Challenge state, String messageKey, Object... params) {
        return form(state, false).addError(new FormMessage(CodeConversation.FIELD_CODE, messageKey, params))
                .createForm(CodeConversation.TEMPLATE);
    }

    /** The state as it stands for this destination: without the code when that code went elsewhere. */
    Challenge forThisDestination(Challenge state) {
        return sentElsewhere().isPresent() ? state.withoutCode() : state;
    }

    /**
     * The destination the last code really went to, when it is not this page's destination (the user switched to
     * another address or number, and the cooldown or a limit kept a code from going there). Never on reset pages,
     * which name no destination.
     */
    private Optional<String> sentElsewhere() {
        if (mode instanceof CodeConversation.Mode.Reset || destination == null) {
            return Optional.empty();
        }
        return store.sentTo().filter(to -> !to.equals(destination));
    }

    /**
     * The delivery of the live code as its tracker last heard of it; none on reset pages (a status would tell
     * whether the account exists), for a code that went elsewhere, or once the code is used up or gone.
     */
    private Optional<CodePageBean.Delivery> delivery(Challenge here, boolean sentElsewhere) {
        if (mode instanceof CodeConversation.Mode.Reset || sentElsewhere || !here.hasLiveCode()) {
            return Optional.empty();
        }
        return store.ticket().flatMap(ticket -> new DeliveryTracker(session, session.getContext().getRealm().getId()).read(ticket)
                .map(report -> new CodePageBean.Delivery(ticket, report.status(), statusUrl(ticket))));
    }

    /** The page's language is written right to left (Arabic): then addresses and numbers are isolated in it. */
    private boolean rightToLeft() {
        var login = session.getContext().getAuthenticationSession();
        return TextDirection.rightToLeft(session.getContext().resolveLocale(
                login == null ? null : login.getAuthenticatedUser()));
    }

    /** Where the page's script asks for news: the realm resource {@code otp-guard}, on the host the page came from. */
    private String statusUrl(String ticket) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(session.getContext().getRealm()
                .getName()).path("otp-guard").path("delivery").path(ticket).build().toString();
    }

    private LoginFormsProvider form(Challenge state, boolean checksPaused) {
        Challenge here = forThisDestination(state);
        Optional<String> elsewhere = sentElsewhere();
        String shown = masked;
        String lastSentTo = null;
        if (elsewhere.isPresent()) {
            MaskedDestination.Pair apart = channel.maskApart(destination, elsewhere.get());
            shown = apart.first();
            lastSentTo = apart.second();
        }
        String pageChannel = mode instanceof CodeConversation.Mode.Reset reset ? reset.pageChannel() : channel.id();
        // other ways to get the code are offered where the page names its destination, never on reset pages
        java.util.List<String> alternatives = mode instanceof CodeConversation.Mode.Direct && !checksPaused
                ? channel.alternatives() : java.util.List.of();
        CodePageBean bean = new CodePageBean(pageChannel, shown, lastSentTo, codes.policy(), here, codes.maySend(here),
                mode, checksPaused, delivery(here, elsewhere.isPresent()), alternatives, rightToLeft());
        return forms.get().setAttribute("otpGuard", bean);
    }
}
