package dev.otpguard.contact;

import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.kernel.ContactChangeEvents;

import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeConversation;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.exchange.PendingContact;
import dev.otpguard.kernel.DraftedEvent;
import dev.otpguard.kernel.EventError;
import dev.otpguard.kernel.Misconfiguration;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A confirmed change of one contact, as a required action: (1) if the current contact is verified, a code to
 * it proves the user still holds it; (2) the user enters the new contact; (3) a code to the new contact proves
 * it; only then is it stored, the old contact told, with a link to undo the change. Every stage keeps its
 * state in the authentication session and its codes are bound to the contact they were sent to.
 */
abstract class ContactChangeAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(ContactChangeAction.class);

    private final ContactKind kind;
    private final SecureRandom random;
    private final Clock clock;

    ContactChangeAction(ContactKind kind, SecureRandom random, Clock clock) {
        this.kind = kind;
        this.random = random;
        this.clock = clock;
    }

    /** The new value the user typed, normalized, or the message key of what is wrong with it. */
    record Entry(String value, String problem) {
        static Entry of(String value) {
            return new Entry(value, null);
        }

        static Entry refused(String problem) {
            return new Entry(null, problem);
        }
    }

    /** The form field that carries the new value. */
    abstract String field();

    abstract Entry read(RequiredActionContext context, ContactChangeConfig config, MultivaluedMap<String, String> form);

    /** Whether another user holds this value, so that it must be refused (without saying who). */
    abstract boolean takenByAnother(KeycloakSession session, RealmModel realm, UserModel user, String value,
                                    ContactChangeConfig config);

    /** The page asking for the new value, with an error on the field when {@code problem} is set. */
    abstract Response entryPage(RequiredActionContext context, ContactChangeConfig config, String problem);

    abstract CodeChannel channel(KeycloakSession session, ContactChangeConfig config);

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        ContactChangeConfig config = config(context);
        if (config == null) {
            return;
        }
        ContactEditLock.applyFor(context.getSession(), context.getRealm());
        Optional<String> proofTarget = currentStillToProve(context, config);
        if (proofTarget.isPresent()) {
            CodeConversation current = currentConversation(context, config, proofTarget.get());
            context.challenge(current.started() ? current.show() : current.sendFirst());
            return;
        }
        newContact(context, config).challenge();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        ContactChangeConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        Optional<String> proofTarget = currentStillToProve(context, config);
        if (proofTarget.isEmpty()) {
            newContact(context, config).process(form);
            return;
        }
        CodeConversation current = currentConversation(context, config, proofTarget.get());
        Optional<Response> asked = current.pageAsked(form);
        if (asked.isPresent()) {
            context.challenge(asked.get());
            return;
        }
        CodeConversation.Checked checked = current.verify(form.getFirst(CodeConversation.FIELD_CODE));
        if (checked.accepted()) {
            notes(context).currentProven(proofTarget.get());
            stageEvent(context, "current_confirmed").success();
            context.challenge(entryPage(context, config, null));
        } else {
            context.challenge(checked.page());
        }
    }

    /** Stage 2 and 3: the new value, proven by a code to it, as phone setup proves a first number. */
    private PendingContact newContact(RequiredActionContext context, ContactChangeConfig config) {
        return new PendingContact(context, notes(context).pendingNote(), new PendingContact.Rules() {
            @Override
            public String valueField() {
                return field();
            }

            @Override
            public Response entryPage() {
                return ContactChangeAction.this.entryPage(context, config, null);
            }

            @Override
            public PendingContact.Entry read(MultivaluedMap<String, String> form) {
                return accepted(context, config, form);
            }

            @Override
            public CodeConversation proof(String value) {
                return newConversation(context, config, value);
            }

            @Override
            public void proven(String value) {
                complete(context, config, value);
            }
        });
    }

    private PendingContact.Entry accepted(RequiredActionContext context, ContactChangeConfig config,
                                          MultivaluedMap<String, String> form) {
        Entry entry = read(context, config, form);
        if (entry.problem() != null) {
            return PendingContact.Entry.refused(entryPage(context, config, entry.problem()));
        }
        UserModel user = context.getUser();
        if (kind.verified(user).map(current -> kind.same(current, entry.value())).orElse(false)) {
            return PendingContact.Entry.refused(entryPage(context, config, "otpGuardContactSame." + kind.id()));
        }
        if (takenByAnother(context.getSession(), context.getRealm(), user, entry.value(), config)) {
            stageEvent(context, "new_refused").detail(Details.REASON, "in_use")
                    .detail(CodeEvents.DESTINATION, kind.mask(entry.value()))
                    .error(EventError.CONTACT_UNAVAILABLE.wire());
            return PendingContact.Entry.refused(entryPage(context, config,
                    "otpGuardContactUnavailable." + kind.id()));
        }
        return PendingContact.Entry.accepted(entry.value());
    }

    private void complete(RequiredActionContext context, ContactChangeConfig config, String newValue) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        // checked again: another account may have taken the address while the code was on its way
        if (takenByAnother(session, realm, user, newValue, config)) {
            context.challenge(entryPage(context, config, "otpGuardContactUnavailable." + kind.id()));
            return;
        }
        Optional<String> old = kind.current(user);
        // an undo link puts the old value back as proven as it was: an unverified number must not come back verified
        boolean oldVerified = old.isPresent() && kind.verified(user).isPresent();
        kind.setVerified(user, newValue);
        // recorded before any event goes out, so the contact-change listener does not tell the old contact twice
        new ContactSnapshot(user).record(kind, Optional.of(newValue));
        notes(context).clear();
        MaskedDestination.Pair masks = kind.maskApart(old.orElse(null), newValue);
        stageEvent(context, "changed").event(kind == ContactKind.EMAIL ? EventType.UPDATE_EMAIL : EventType.UPDATE_PROFILE)
                .detail(ContactChangeEvents.PREVIOUS, masks.first())
                .detail(ContactChangeEvents.UPDATED, masks.second()).success();
        LOG.debugf("OTP Guard: user id %s in realm %s changed their %s after confirming it", user.getId(),
                realm.getName(), kind.id());
        if (old.isPresent()) {
            // the notice leaves after this request; its event follows once the worker knows how it went
            DraftedEvent notified = DraftedEvent.of(stageEvent(context, "old_contact_notified")
                    .detail(ContactChangeEvents.PREVIOUS, kind.mask(old.get())));
            ContactChangeNotice.schedule(session, realm, user, new ContactChangeNotice.Change(kind, old.get(),
                    newValue, ContactChangeNotice.Source.USER, config.revertLinkLifetime(),
                    context.getAuthenticationSession().getClient().getClientId(), oldVerified),
                    (worker, inRealm, told) -> notified.in(worker, inRealm)
                            .detail(Details.REASON, told.any() ? "sent" : "failed").success());
        }
        if (config.logoutOtherSessions()) {
            AuthenticatorUtil.logoutOtherSessions(context);
        }
        context.success();
    }

    /** The verified current contact, while the configuration asks for it to be proven and it is not yet. */
    private Optional<String> currentStillToProve(RequiredActionContext context, ContactChangeConfig config) {
        if (!config.confirmCurrent()) {
            return Optional.empty();
        }
        Optional<String> current = kind.verified(context.getUser());
        if (current.isEmpty() || notes(context).isCurrentProven(current.get())) {
            return Optional.empty();
        }
        return current;
    }

    private CodeConversation currentConversation(RequiredActionContext context, ContactChangeConfig config,
                                                 String current) {
        return conversation(context, config, "change-" + kind.id() + "-current", current,
                "otpGuardTitle.current." + kind.id(), null);
    }

    private CodeConversation newConversation(RequiredActionContext context, ContactChangeConfig config,
                                             String newValue) {
        return conversation(context, config, "change-" + kind.id() + "-new", newValue,
                "otpGuardTitle.new." + kind.id(), "otpGuardUseAnother." + kind.id());
    }

    private CodeConversation conversation(RequiredActionContext context, ContactChangeConfig config, String purpose,
                                          String destination, String titleKey, String changeKey) {
        CodeChannel channel = channel(context.getSession(), config);
        // the destination is part of the code's purpose: a code sent to one address never confirms another
        OneTimeCodes codes = new OneTimeCodes(config.codes(), purpose + ":" + destination, clock, random);
        return new CodeConversation(channel, codes, new ChallengeStore(context.getAuthenticationSession(), purpose),
                new CodeEvents(context.getEvent(), context.getUser(), channel.id(), channel.mask(destination),
                        CodeMetrics.global().scope(context.getRealm(), channel.id(),
                                CodeMetrics.Purpose.CONTACT_CHANGE)),
                new CodeChannel.Delivery(context.getSession(), context.getRealm(), context.getUser(),
                        context.getAuthenticationSession()),
                destination, () -> {
                    var form = context.form().setAttribute("otpGuardTitleKey", titleKey);
                    return changeKey == null ? form : form.setAttribute("otpGuardChangeContact", changeKey);
                });
    }

    private EventBuilder stageEvent(RequiredActionContext context, String stage) {
        return context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).user(context.getUser())
                .detail(Details.CUSTOM_REQUIRED_ACTION, providerId())
                .detail(CodeEvents.ACTION, kind.id() + "_change_" + stage);
    }

    abstract String providerId();

    private ContactChangeConfig config(RequiredActionContext context) {
        ContactChangeConfig.Parsed parsed = ContactChangeConfig.from(
                context.getConfig() == null ? null : context.getConfig().getConfig(), kind);
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, providerId(), parsed.problems());
            return null;
        }
        return parsed.config();
    }

    private Notes notes(RequiredActionContext context) {
        return new Notes(context.getAuthenticationSession(), "otp-guard.change-" + kind.id() + ".");
    }

    /** The stage of a change, in authentication-session notes: dropped with the login, shared by the cluster. */
    private record Notes(AuthenticationSessionModel authSession, String prefix) {

        String pendingNote() {
            return prefix + "pending";
        }

        /** Bound to the value proven, so a contact changed meanwhile by someone else must be proven again. */
        void currentProven(String current) {
            authSession.setAuthNote(prefix + "proven", current);
        }

        boolean isCurrentProven(String current) {
            return current.equals(authSession.getAuthNote(prefix + "proven"));
        }

        void clear() {
            authSession.removeAuthNote(prefix + "pending");
            authSession.removeAuthNote(prefix + "proven");
        }
    }

    @Override
    public void close() {
    }
}
