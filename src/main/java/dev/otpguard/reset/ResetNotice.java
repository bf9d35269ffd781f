package dev.otpguard.reset;

import dev.otpguard.exchange.BackgroundNotices;
import dev.otpguard.kernel.Notifier;
import dev.otpguard.account.DeviceLabel;
import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.NoticeText;
import dev.otpguard.kernel.NoticeTime;
import dev.otpguard.kernel.RealmDisplayName;
import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.channel.SmsText;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Tells the user on their OTHER channel that a password reset was confirmed with a code: someone who took over
 * one channel (a SIM swap, a mailbox) then cannot reset the password unnoticed. The notice is composed on the
 * request and leaves after it ({@link BackgroundNotices}), so it never holds or fails the reset.
 */
final class ResetNotice {

    static final String TEMPLATE = "otp-guard-password-reset.ftl";
    static final String SUBJECT_KEY = "otpGuardResetNoticeSubject";
    static final String SMS_KEY = "otpGuardResetNoticeSms";
    private static final String WHAT = "password reset notice";

    private ResetNotice() {
    }

    /**
     * The channel the notice goes through: the one the code did not use, if the user has it.
     *
     * @param usedChannel {@code email} or {@code sms}: the channel the code went through
     */
    static Optional<String> otherChannel(UserModel user, String usedChannel) {
        if ("sms".equals(usedChannel)) {
            String email = user.getEmail();
            return email == null || email.isBlank() ? Optional.empty() : Optional.of("email");
        }
        return PhoneAttributes.verifiedNumber(user).map(number -> "sms");
    }

    /**
     * Schedules the notice through {@code via}, a channel {@link #otherChannel} gave.
     *
     * @param usedDestinationMasked where the code went, masked
     * @param outcome learns whether the notice went out
     */
    static void schedule(KeycloakSession session, RealmModel realm, UserModel user, String via,
                         String usedDestinationMasked, BackgroundNotices.Outcome outcome) {
        if ("email".equals(via)) {
            BackgroundNotices.afterCommit(session, realm, user, WHAT, null,
                    email(session, realm, user, usedDestinationMasked, user.getEmail()), outcome);
        } else {
            BackgroundNotices.afterCommit(session, realm, user, WHAT, sms(session, realm, user,
                    usedDestinationMasked, PhoneAttributes.verifiedNumber(user).orElseThrow()), null, outcome);
        }
    }

    private static Notifier.Mail email(KeycloakSession session, RealmModel realm, UserModel user, String usedMasked,
                                       String address) {
        Locale locale = session.getContext().resolveLocale(user);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("usedChannel", "sms");
        attributes.put("usedDestination", NoticeText.literal(usedMasked));
        attributes.put(RealmDisplayName.TEMPLATE_ATTRIBUTE, RealmDisplayName.literal(realm));
        attributes.put("resetTime", NoticeTime.now(locale));
        attributes.put("device", LiteralText.of(DeviceLabel.of(session)));
        attributes.put("ipAddress", LiteralText.of(session.getContext().getConnection().getRemoteAddr()));
        return new Notifier.Mail(WHAT, address, SUBJECT_KEY, List.of(RealmDisplayName.of(realm)), TEMPLATE,
                attributes);
    }

    private static Notifier.Text sms(KeycloakSession session, RealmModel realm, UserModel user, String usedMasked,
                                     String number) {
        String text = SmsText.message(session, realm, user, SMS_KEY,
                "{0}: a password reset of your account was confirmed with a code sent to {1}. Not you? Contact "
                        + "your administrator now.", RealmDisplayName.of(realm), usedMasked);
        return new Notifier.Text(WHAT, number, text);
    }
}
