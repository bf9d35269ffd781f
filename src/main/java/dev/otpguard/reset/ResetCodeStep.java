package dev.otpguard.reset;

import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.core.reset.Recipient;
import dev.otpguard.core.reset.ResetChannels;
import dev.otpguard.core.reset.ResetRecipients;
import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeConversation;
import dev.otpguard.exchange.CodeEvents;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * A code step inside Keycloak's reset-credentials flow, after "Choose user". Every answer on that form, an account
 * or not, meets the same page, the same limits and the same timing; only a real account with a contact for the
 * chosen channel gets a code, sent in the background. Keycloak's brute-force detector is left out: its lockout
 * shows only for real accounts, and a reset clears it anyway; the per-code attempts and the hourly wrong-code limit
 * apply to all answers alike. The sign-in step delegates here, since one provider id serves both flows.
 */
public final class ResetCodeStep {

    /** What the step's configuration says about a reset, already parsed. */
    public record Settings(CodePolicy policy, ResetChannels mode, boolean logoutOtherSessions,
                           boolean notifyOtherChannel) {
    }

    private final Settings settings;
    private final CodeChannel own;
    private final CodeChannel other;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param own   the step's channel, worded for a password reset
     * @param other the other channel, worded for a password reset; null when the mode is {@code this-only}
     */
    public ResetCodeStep(Settings settings, CodeChannel own, CodeChannel other, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.own = own;
        this.other = settings.mode() == ResetChannels.THIS_ONLY ? null : other;
        this.clock = clock;
        this.random = random;
    }

    /** Answers a GET ({@code action} false) or a POST of the step's page. */
    public void handle(AuthenticationFlowContext context, boolean action) {
        ResetChannels mode = settings.mode();
        ResetTarget target = ResetTarget.take(context);
        UserModel user = target.user();
        Optional<String> ownDestination = user == null ? Optional.empty() : own.destination(user);
        Optional<String> otherDestination = user == null || other == null ? Optional.empty() : other.destination(user);
        MultivaluedMap<String, String> form = action ? context.getHttpRequest().getDecodedFormParameters() : null;

        ResetChannels.Route chosen = target.chosenRoute(context);
        boolean choosing = form != null && form.containsKey(ResetChoicePage.FIELD_CHANNEL);
        if (choosing && mode == ResetChannels.CHOICE && ownDestination.isPresent() && otherDestination.isPresent()) {
            chosen = picked(form.getFirst(ResetChoicePage.FIELD_CHANNEL));
            if (chosen == null) {
                context.challenge(ResetChoicePage.render(context.form(), own, ownDestination.get(), other,
                        otherDestination.get(), "otpGuardResetChoiceMissing"));
                return;
            }
            target.choose(context, chosen);
        }
        ResetChannels.Route route = mode.route(ownDestination.isPresent(), otherDestination.isPresent(), chosen);
        if (route == ResetChannels.Route.ASK) {
            context.challenge(ResetChoicePage.render(context.form(), own, ownDestination.get(), other,
                    otherDestination.get(), null));
            return;
        }
        CodeChannel channel = route == ResetChannels.Route.OTHER ? other : own;
        Optional<String> destination = switch (route) {
            case THIS -> ownDestination;
            case OTHER -> otherDestination;
            case NOBODY, ASK -> Optional.empty();
        };
        Recipient recipient = destination.isPresent()
                ? ResetRecipients.account(user.getId(), destination.get())
                : ResetRecipients.phantom(target.attemptedUsername());
        String masked = destination.map(channel::mask).orElse(null);
        // a page may name the channel only when it says nothing about the account: one channel, or the person's pick
        String pageChannel = mode.hidesChannel() && chosen == null ? ResetChoicePage.ANY_CHANNEL : channel.id();
        ChallengeStore store = new ChallengeStore(context.getAuthenticationSession(), "reset-" + channel.id());
        if (target.fresh()) {
            store.clear();
        }
        CodeConversation c = CodeConversation.forReset(channel,
                new OneTimeCodes(settings.policy(), "reset-" + channel.id(), clock, random), store,
                CodeEvents.forReset(context.getEvent(), user, channel.id(), masked, target.attemptedUsername(),
                        CodeMetrics.global().scope(context.getRealm(), channel.id(), CodeMetrics.Purpose.RESET)),
                new CodeChannel.Delivery(context.getSession(), context.getRealm(), recipient.real() ? user : null,
                        context.getAuthenticationSession()),
                destination.orElse(null), context::form, recipient,
                new CodeConversation.Mode.Reset(target.attemptedUsername(), pageChannel));
        if (!action || choosing) {
            context.challenge(c.started() ? c.show() : c.sendFirst());
            return;
        }
        // reset pages follow no delivery: a "check again" post shows the page like any other view
        Optional<Response> asked = c.pageAsked(form);
        if (asked.isPresent()) {
            context.challenge(asked.get());
            return;
        }
        CodeConversation.Checked checked = c.verify(form.getFirst(CodeConversation.FIELD_CODE));
        if (checked.accepted()) {
            target.restore(context);
            ResetCompletion.codeAccepted(context, user, channel.id(), masked, settings.logoutOtherSessions(),
                    settings.notifyOtherChannel());
            context.success();
            return;
        }
        // a plain challenge, not a failure: Keycloak's failure handling would treat real and unknown accounts apart
        context.challenge(checked.page());
    }

    /** The route the choice page's answer names, or null for an answer that names neither channel. */
    private ResetChannels.Route picked(String channelId) {
        if (own.id().equals(channelId)) {
            return ResetChannels.Route.THIS;
        }
        return other.id().equals(channelId) ? ResetChannels.Route.OTHER : null;
    }
}
