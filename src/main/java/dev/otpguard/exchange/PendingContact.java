package dev.otpguard.exchange;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.RequiredActionContext;

/**
 * The loop that proves a new contact before it is stored, shared by phone setup and the confirmed contact changes:
 * the user enters a value; once the feature accepts it, it is kept as pending (an authentication-session note) and a
 * code goes to it; "use another" drops it and asks again; the code coming back proves it. The send history lives
 * on in the challenge store whatever the user switches to, so switching values never resets the send limit.
 */
public final class PendingContact {

    /** Form field of the "use a different address/number" button on the code page. */
    public static final String FIELD_CHANGE = "change";

    /** What a feature adds to the loop. */
    public interface Rules {
        /** The form field that carries the new value. */
        String valueField();

        /** The page asking for the value, empty. */
        Response entryPage();

        /** The value typed, normalized and accepted, or the page that says why not (an event already sent). */
        Entry read(MultivaluedMap<String, String> form);

        /** The code exchange that proves {@code value}; its codes must be bound to that value. */
        CodeConversation proof(String value);

        /** The code came back: store the value, then answer the request. The pending note is gone by now. */
        void proven(String value);
    }

    /** A value the feature accepted, or its refusal page. */
    public record Entry(String value, Response refusal) {
        public static Entry accepted(String value) {
            return new Entry(value, null);
        }

        public static Entry refused(Response page) {
            return new Entry(null, page);
        }
    }

    private final RequiredActionContext context;
    private final String note;
    private final Rules rules;

    /** @param note the authentication-session note that holds the pending value */
    public PendingContact(RequiredActionContext context, String note, Rules rules) {
        this.context = context;
        this.note = note;
        this.rules = rules;
    }

    public boolean isPending() {
        return pending() != null;
    }

    /** A page view: the code page of the pending value (sending its first code only once), or the entry page. */
    public void challenge() {
        String pending = pending();
        if (pending == null) {
            context.challenge(rules.entryPage());
            return;
        }
        CodeConversation proof = rules.proof(pending);
        context.challenge(proof.started() ? proof.show() : proof.sendFirst());
    }

    /** A post: a new value, "use another", a resend, "check again" or a code. */
    public void process(MultivaluedMap<String, String> form) {
        String pending = pending();
        if (form.containsKey(FIELD_CHANGE) && pending != null) {
            context.getAuthenticationSession().removeAuthNote(note);
            context.challenge(rules.entryPage());
            return;
        }
        if (pending == null || form.containsKey(rules.valueField())) {
            enter(form);
            return;
        }
        CodeConversation proof = rules.proof(pending);
        Optional<Response> asked = proof.pageAsked(form);
        if (asked.isPresent()) {
            context.challenge(asked.get());
            return;
        }
        CodeConversation.Checked checked = proof.verify(form.getFirst(CodeConversation.FIELD_CODE));
        if (!checked.accepted()) {
            context.challenge(checked.page());
            return;
        }
        context.getAuthenticationSession().removeAuthNote(note);
        rules.proven(pending);
    }

    private void enter(MultivaluedMap<String, String> form) {
        Entry entry = rules.read(form);
        if (entry.refusal() != null) {
            context.challenge(entry.refusal());
            return;
        }
        context.getAuthenticationSession().setAuthNote(note, entry.value());
        CodeConversation proof = rules.proof(entry.value());
        // a value entered again after "use another" is a resend: the cooldown and the send limit still hold
        context.challenge(proof.started() ? proof.resend() : proof.sendFirst());
    }

    private String pending() {
        return context.getAuthenticationSession().getAuthNote(note);
    }
}
