package dev.otpguard.channel;

import dev.otpguard.kernel.MailTo;

import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.options.Option;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.RealmDisplayName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends codes through Keycloak's own email SPI: the realm's SMTP settings, the realm's email theme and the
 * user's locale, exactly like Keycloak's verification and reset mails.
 */
public final class EmailChannel implements CodeChannel {

    public static final String TEMPLATE = "otp-guard-email-code.ftl";
    public static final String SUBJECT_KEY = "otpGuardEmailSubject";

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

    /** A channel for sign-in codes. */
    public EmailChannel() {
        this("", false);
    }

    private EmailChannel(String wording, boolean codeInSubject) {
        this.wording = wording;
        this.codeInSubject = codeInSubject;
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
        String realmName = RealmDisplayName.of(realm);
        try {
            MailTo.send(delivery.session().getProvider(EmailTemplateProvider.class).setRealm(realm)
                            .setAuthenticationSession(delivery.authSession()), delivery.user(), destination,
                    SUBJECT_KEY + wording + (codeInSubject ? ".withCode" : ""),
                    codeInSubject ? List.of(realmName, code) : List.of(realmName), TEMPLATE, attributes);
        } catch (EmailException | RuntimeException e) {
            // SMTP errors can quote the recipient; operators get the exception types only.
            throw new DeliveryFailedException("email not sent (" + causeChain(e) + ")");
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
