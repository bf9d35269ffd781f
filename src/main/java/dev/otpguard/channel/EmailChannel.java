package dev.otpguard.channel;

import dev.otpguard.account.NotMeActionToken;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.delivery.SendFailure;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.kernel.ActionLinks;
import dev.otpguard.kernel.MailTo;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.RealmDisplayName;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sends codes through Keycloak's own email SPI: the realm's SMTP settings, the realm's email theme and the
 * user's locale, exactly like Keycloak's verification and reset mails.
 */
public final class EmailChannel implements CodeChannel {

    public static final String TEMPLATE = "otp-guard-email-code.ftl";
    public static final String SUBJECT_KEY = "otpGuardEmailSubject";

    /**
     * How long the "I did not try to sign in" link of a sign-in code mail works: far longer than the code (at most
     * 10 minutes), because people read mail late, yet short enough that an old mail is not a standing key to the
     * lockdown. Fixed, as the mail text says so.
     */
    public static final Duration NOT_ME_LINK_LIFETIME = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(EmailChannel.class);

    /** Option of the email step: the code in the subject line as well (off by default, checklist D7). */
    public static final Option CODE_IN_SUBJECT = Option.flag("codeInSubject", "Code in the subject",
            "Put the code in the subject line too, so it shows in mail notifications. Off by "
                    + "default: subjects end up in notification previews, logs and mail server records.", false);

    /**
     * Suffix of the message keys: empty for sign-in codes, {@code .confirm} for confirmation codes, {@code .reset}
     * for password-reset codes.
     */
    private final String wording;
    private final boolean codeInSubject;
    /** The "I did not try to sign in" link, built on the request for a send after it; null: build it when sending. */
    private final String preparedNotMeLink;

    /** A channel for sign-in codes. */
    public EmailChannel() {
        this("", false);
    }

    private EmailChannel(String wording, boolean codeInSubject) {
        this(wording, codeInSubject, null);
    }

    private EmailChannel(String wording, boolean codeInSubject, String preparedNotMeLink) {
        this.wording = wording;
        this.codeInSubject = codeInSubject;
        this.preparedNotMeLink = preparedNotMeLink;
    }

    /** The link needs the login's client, which only the request has. */
    @Override
    public EmailChannel forLater(Delivery request) {
        return new EmailChannel(wording, codeInSubject, notMeLink(request).orElse(null));
    }

    /** Sign-in codes with the code in the subject line too, for admins who ask for it. */
    public static EmailChannel withCodeInSubject() {
        return new EmailChannel("", true);
    }

    /** A channel for codes that confirm an address (contact change) rather than sign in. */
    public static EmailChannel forConfirmation() {
        return new EmailChannel(".confirm", false);
    }

    /** Password-reset codes say so, and what to do when the person did not ask for one; the subject option stays. */
    @Override
    public EmailChannel forPasswordReset() {
        return new EmailChannel(".reset", codeInSubject);
    }

    @Override
    public String id() {
        return "email";
    }

    @Override
    public Optional<String> destination(UserModel user) {
        String email = user.getEmail();
        return email == null || email.isBlank() ? Optional.empty() : Optional.of(email);
    }

    @Override
    public String mask(String destination) {
        return MaskedDestination.email(destination);
    }

    @Override
    public MaskedDestination.Pair maskApart(String first, String second) {
        return MaskedDestination.email(first, second);
    }

    @Override
    public void deliver(Delivery delivery, String destination, String code, CodePolicy policy)
            throws DeliveryFailedException {
        RealmModel realm = delivery.realm();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("codeLifetimeMinutes", new MessageNumber(policy.lifetimeMinutes()));
        attributes.put("subjectKey", SUBJECT_KEY + wording);
        attributes.put("introKey", "otpGuardEmailIntro" + wording);
        attributes.put("notYouKey", "otpGuardEmailNotYou" + wording);
        attributes.put(RealmDisplayName.TEMPLATE_ATTRIBUTE, RealmDisplayName.literal(realm));
        Optional.ofNullable(preparedNotMeLink).or(() -> notMeLink(delivery)).ifPresent(link -> {
            attributes.put("notMeLink", link);
            attributes.put("notMeLinkLifetimeHours", new MessageNumber(NOT_ME_LINK_LIFETIME.toHours()));
        });
        String realmName = RealmDisplayName.of(realm);
        try {
            MailTo.send(delivery.session().getProvider(EmailTemplateProvider.class).setRealm(realm)
                            .setAuthenticationSession(delivery.authSession()), delivery.user(), destination,
                    SUBJECT_KEY + wording + (codeInSubject ? ".withCode" : ""),
                    codeInSubject ? List.of(realmName, code) : List.of(realmName), TEMPLATE, attributes);
        } catch (EmailException | RuntimeException e) {
            // SMTP errors can quote the recipient; operators get the exception types only.
            throw new DeliveryFailedException("email not sent (" + causeChain(e) + ")", SendFailure.MAIL_SERVER);
        }
    }

    /**
     * The "I did not try to sign in" link, for sign-in codes only: they are mailed only after the right password,
     * so a code nobody asked for means someone knows it, and the link does what the new-device alert's "this
     * wasn't me" does (without a new second factor: an intruder stopped at the code page enrolled none). Codes that
     * confirm an address or reset a password come after no password and get none. The link is built where the login
     * is known (the request, {@link #forLater}); without one there is none. The code matters more than the link: a
     * link that cannot be built leaves the mail without it.
     */
    private Optional<String> notMeLink(Delivery delivery) {
        AuthenticationSessionModel login = delivery.authSession();
        if (!wording.isEmpty() || login == null || delivery.user() == null) {
            return Optional.empty();
        }
        try {
            String clientId = login.getClient().getClientId();
            int expires = (int) (Instant.now().getEpochSecond() + NOT_ME_LINK_LIFETIME.toSeconds());
            NotMeActionToken token = new NotMeActionToken(delivery.user().getId(), expires, clientId, false);
            return Optional.of(ActionLinks.forToken(delivery.session(), delivery.realm(), token, clientId));
        } catch (RuntimeException e) {
            LOG.warnf("OTP Guard mails a sign-in code without its 'I did not try to sign in' link (realm %s, user id "
                    + "%s): %s", delivery.realm().getName(), delivery.user().getId(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 300; t = t.getCause()) {
            if (!chain.isEmpty()) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
