package dev.otpguard.reset;

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
 * one channel (a SIM swap, a mailbox) then cannot reset the password unnoticed. Sending never fails the reset.
 */
final class ResetNotice {

    static final String TEMPLATE = "otp-guard-password-reset.ftl";
    static final String SUBJECT_KEY = "otpGuardResetNoticeSubject";
    static final String SMS_KEY = "otpGuardResetNoticeSms";

    private ResetNotice() {
    }

    /**
     * @param usedChannel {@code email} or {@code sms}: the channel the code went through
     * @param usedDestinationMasked where that code went, masked
     * @return the channel the notice went through, if any
     */
    static Optional<String> send(KeycloakSession session, RealmModel realm, UserModel user, String usedChannel,
                                 String usedDestinationMasked) {
        if ("sms".equals(usedChannel)) {
            String email = user.getEmail();
            return email != null && !email.isBlank() && sendEmail(session, realm, user, usedDestinationMasked, email)
                    ? Optional.of("email") : Optional.empty();
        }
        Optional<String> phone = PhoneAttributes.verifiedNumber(user);
        return phone.isPresent() && sendSms(session, realm, user, usedDestinationMasked, phone.get())
                ? Optional.of("sms") : Optional.empty();
    }

    private static boolean sendEmail(KeycloakSession session, RealmModel realm, UserModel user, String usedMasked,
                                     String address) {
        Locale locale = session.getContext().resolveLocale(user);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("usedChannel", "sms");
        attributes.put("usedDestination", NoticeText.literal(usedMasked));
        attributes.put(RealmDisplayName.TEMPLATE_ATTRIBUTE, RealmDisplayName.literal(realm));
        attributes.put("resetTime", NoticeTime.now(locale));
        attributes.put("device", LiteralText.of(DeviceLabel.of(session)));
        attributes.put("ipAddress", LiteralText.of(session.getContext().getConnection().getRemoteAddr()));
        return new Notifier(session, realm, user).mail(new Notifier.Mail("password reset notice", address,
                SUBJECT_KEY, List.of(RealmDisplayName.of(realm)), TEMPLATE, attributes));
    }

    private static boolean sendSms(KeycloakSession session, RealmModel realm, UserModel user, String usedMasked,
                                   String number) {
        String text = SmsText.message(session, realm, user, SMS_KEY,
                "{0}: a password reset of your account was confirmed with a code sent to {1}. Not you? Contact "
                        + "your administrator now.", RealmDisplayName.of(realm), usedMasked);
        return new Notifier(session, realm, user).text(new Notifier.Text("password reset notice", number, text));
    }
}
