package dev.otpguard.step;

import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.channel.PhoneNumberRules;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.contact.PhoneNumberCheck;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.ProviderIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;

/**
 * What the SMS step does with a number nobody proved to OTP Guard: one that came from a directory (LDAP, SCIM) or an
 * admin, with no {@code phone_number_verified} at all. A number OTP Guard itself marked unverified (after a "this
 * wasn't me" lockdown or an undone change: {@code phone_number_verified=false}) is never used as it is: it may be
 * an attacker's, so it goes through phone setup or counts as missing.
 */
final class UnverifiedPhone {

    static final String OPTION = "unverifiedPhone";
    static final String REFUSE = "refuse";
    static final String VERIFY_ON_FIRST_USE = "verify-on-first-use";
    static final String SETUP = "setup";

    static final Option UNVERIFIED_OPTION = Option.choice(OPTION, "Unverified phone number",
            "A number the user has but never proved, e.g. from LDAP, SCIM or an admin. refuse: as if there were "
                    + "none (see 'User without verified phone number'). verify-on-first-use: send the code to it if "
                    + "it passes the countries and number types of 'Set up phone number'; the first right code marks "
                    + "it verified. setup: send the user through phone setup with the number filled in.",
            REFUSE, List.of(REFUSE, VERIFY_ON_FIRST_USE, SETUP));

    static final OptionGroup OPTIONS = OptionGroup.of(UNVERIFIED_OPTION);

    /** Authentication-session note: the number this login sends codes to although it is not verified yet. */
    static final String NOTE = "otp-guard.sms.unverified-number";

    private static final Logger LOG = Logger.getLogger(UnverifiedPhone.class);

    private UnverifiedPhone() {
    }

    /**
     * A number the user has that nobody proved: present, and either no verified flag at all (not even "false"), or
     * a flag given for another number (the directory or an admin changed it since).
     */
    static Optional<String> provisioned(UserModel user) {
        String number = user.getFirstAttribute(PhoneAttributes.PHONE_NUMBER);
        String verified = user.getFirstAttribute(PhoneAttributes.PHONE_NUMBER_VERIFIED);
        if (number == null || number.isBlank()) {
            return Optional.empty();
        }
        boolean neverProven = verified == null
                || ("true".equals(verified) && PhoneAttributes.verifiedForAnotherNumber(user));
        return neverProven ? Optional.of(number.trim()) : Optional.empty();
    }

    /** Whether the user has a number that phone setup could prove (any unverified one, also after a lockdown). */
    static boolean hasUnverified(UserModel user) {
        String number = user.getFirstAttribute(PhoneAttributes.PHONE_NUMBER);
        return number != null && !number.isBlank() && PhoneAttributes.verifiedNumber(user).isEmpty();
    }

    /**
     * The directory's number in E.164 form when the realm's number rules (the countries and number types of
     * "Set up phone number") accept it; empty when they do not (the step then treats the user as having no number,
     * and says so in its usual event).
     */
    static Optional<String> usable(AuthenticationFlowContext context, String number) {
        List<String> problems = new ArrayList<>();
        PhoneNumberRules rules = PhoneNumberRules.ofRealm(context.getRealm(), problems);
        if (!problems.isEmpty() || rules.allowedCountries().isEmpty()) {
            LOG.warnf("OTP Guard SMS step in realm %s: an unverified number cannot be used on first use, since the "
                    + "countries of '%s' are not set or unusable (%s)", context.getRealm().getName(),
                    ProviderIds.PHONE_SETUP, problems.isEmpty() ? "no allowedCountries" : String.join("; ", problems));
            return Optional.empty();
        }
        PhoneNumberCheck.Result checked = rules.check().check(number, null);
        if (!checked.accepted()) {
            LOG.debugf("OTP Guard SMS step: an unverified number (%s) is refused: %s", MaskedDestination.phone(number),
                    checked.problem().name().toLowerCase(Locale.ROOT));
            return Optional.empty();
        }
        return Optional.of(checked.e164());
    }

    /**
     * After a right code to a number used on first use: the number is now verified, if the user still has it
     * (a directory sync may have changed it meanwhile). Only the flag is written: a directory's attribute is
     * read-only in Keycloak.
     */
    static void proven(AuthenticationFlowContext context) {
        String number = context.getAuthenticationSession().getAuthNote(NOTE);
        if (number == null) {
            return;
        }
        context.getAuthenticationSession().removeAuthNote(NOTE);
        UserModel user = context.getUser();
        Optional<String> current = provisioned(user);
        if (current.isEmpty() || !sameNumber(current.get(), number)) {
            return;
        }
        try {
            PhoneAttributes.markVerified(user);
        } catch (ModelException | ReadOnlyException e) {
            // a READ_ONLY LDAP federation refuses every attribute it does not own; the code was right all the same
            LOG.warnf("OTP Guard SMS step in realm %s: the number of user %s was proven but cannot be marked "
                    + "verified (%s); a user federation in READ_ONLY mode stores no attribute, use UNSYNCED or "
                    + "WRITABLE", context.getRealm().getName(), user.getId(), e.getMessage());
            return;
        }
        context.getEvent().clone().event(EventType.UPDATE_PROFILE).user(user)
                .detail(CodeEvents.ACTION, "phone_verified_on_first_use").detail(CodeEvents.CHANNEL, "sms")
                .detail(CodeEvents.DESTINATION, MaskedDestination.phone(number))
                .detail(Details.CONTEXT, ProviderIds.SMS_STEP).success();
    }

    /**
     * After a right code to a verified number that has no record of which number was verified (verified before
     * OTP Guard kept one): record it now, once, so a later change in a directory is not covered by the old flag.
     */
    static void bindVerified(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user.getFirstAttribute(PhoneAttributes.VERIFIED_FOR) != null
                || PhoneAttributes.verifiedNumber(user).isEmpty()) {
            return;
        }
        try {
            PhoneAttributes.markVerified(user);
        } catch (ModelException | ReadOnlyException e) {
            LOG.debugf("OTP Guard SMS step: the verified number of user %s cannot be recorded (%s)", user.getId(),
                    e.getMessage());
        }
    }

    private static boolean sameNumber(String stored, String e164) {
        return stored.replaceAll("[^0-9+]", "").equals(e164);
    }
}
