package dev.otpguard.contact;

import dev.otpguard.exchange.BackgroundNotices;
import dev.otpguard.kernel.Notifier;
import dev.otpguard.kernel.ActionLinks;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.account.DeviceLabel;
import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.NoticeText;
import dev.otpguard.kernel.NoticeTime;
import dev.otpguard.kernel.RealmDisplayName;
import dev.otpguard.channel.SmsText;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Tells the OLD contact that a contact changed: by email for an email change, by SMS to the old number and by
 * email for a phone change. When the user made the change, the notice carries a single-use link that undoes it
 * and locks the account down; a change by an administrator or a directory carries none, since undoing it
 * would hand the account to whoever still holds the old contact. The notice is composed on the request (the link,
 * device and IP belong to it) and leaves after it ({@link BackgroundNotices}): sending never holds or fails the
 * caller, which learns through an {@link BackgroundNotices.Outcome} whether anyone was told.
 */
final class ContactChangeNotice {

    static final String TEMPLATE = "otp-guard-contact-changed.ftl";
    private static final String SMS_WITH_LINK = "otpGuardContactChangedSms";
    private static final String SMS_WITHOUT_LINK = "otpGuardContactChangedSmsNoLink";

    /** Who made a change, which decides whether the notice may offer to undo it. */
    enum Source {
        USER, ADMIN, OTHER;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A change to tell the old contact about. Its SMS notice goes by the server's default sender: the listener that
     * sees changes made elsewhere has no action configuration to take a sender from, and the action's sender may
     * be Twilio Verify, which sends only its own code messages.
     */
    /** @param oldValueVerified whether the old value was proven before the change; null when not known */
    record Change(ContactKind kind, String oldValue, String newValue, Source source, Duration linkLifetime,
                  String clientId, Boolean oldValueVerified) {
    }

    private ContactChangeNotice() {
    }

    /** Schedules the notice; {@code outcome} learns whether at least one of its text and mail went out. */
    static void schedule(KeycloakSession session, RealmModel realm, UserModel user, Change change,
                         BackgroundNotices.Outcome outcome) {
        String link = change.source() == Source.USER ? revertLink(session, realm, user, change) : null;
        Notifier.Text text = change.kind() == ContactKind.PHONE ? sms(session, realm, user, change, link) : null;
        String mailTo = change.kind() == ContactKind.EMAIL ? change.oldValue() : user.getEmail();
        Notifier.Mail mail = mailTo != null && !mailTo.isBlank() ? email(session, realm, user, change, link, mailTo)
                : null;
        BackgroundNotices.afterCommit(session, realm, user, change.kind().id() + " change notice", text, mail,
                outcome);
    }

    private static String revertLink(KeycloakSession session, RealmModel realm, UserModel user, Change change) {
        int expires = (int) (Instant.now().getEpochSecond() + change.linkLifetime().toSeconds());
        RevertContactActionToken token = new RevertContactActionToken(user.getId(), expires, change.clientId(),
                change.kind(), change.oldValue(), change.kind().mask(change.newValue()), change.oldValueVerified());
        return ActionLinks.forToken(session, realm, token, change.clientId());
    }

    private static Notifier.Mail email(KeycloakSession session, RealmModel realm, UserModel user, Change change,
                                       String link, String address) {
        Locale locale = session.getContext().resolveLocale(user);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("contactKind", change.kind().id());
        // both values on one line: masked apart, so that two alike addresses do not read as one
        MaskedDestination.Pair masks = change.kind().maskApart(change.oldValue(), change.newValue());
        attributes.put("previousContact", NoticeText.literal(masks.first()));
        attributes.put("newContact", NoticeText.literal(masks.second()));
        attributes.put(RealmDisplayName.TEMPLATE_ATTRIBUTE, RealmDisplayName.literal(realm));
        attributes.put("changeTime", NoticeTime.now(locale));
        attributes.put("changeSource", change.source().id());
        if (change.source() == Source.USER) {
            attributes.put("device", LiteralText.of(DeviceLabel.of(session)));
            attributes.put("ipAddress", LiteralText.of(session.getContext().getConnection().getRemoteAddr()));
        }
        if (link != null) {
            attributes.put("revertLink", link);
            attributes.put("linkLifetimeDays", new MessageNumber(Math.max(1, change.linkLifetime().toDays())));
        }
        return new Notifier.Mail(change.kind().id() + " change notice", address,
                "otpGuardContactChangedSubject." + change.kind().id(), List.of(RealmDisplayName.of(realm)), TEMPLATE,
                attributes);
    }

    private static Notifier.Text sms(KeycloakSession session, RealmModel realm, UserModel user, Change change,
                                     String link) {
        String realmName = RealmDisplayName.of(realm);
        String masked = change.kind().mask(change.newValue());
        String text = link == null
                ? SmsText.message(session, realm, user, SMS_WITHOUT_LINK,
                        "{0}: the phone number of your account was changed to {1}.", realmName, masked)
                : SmsText.message(session, realm, user, SMS_WITH_LINK,
                        "{0}: the phone number of your account was changed to {1}. Not you? {2}", realmName, masked,
                        link);
        // with no sender for free text (Twilio Verify) the email notice still goes out
        return new Notifier.Text("phone change notice", change.oldValue(), text);
    }
}
