package dev.otpguard.phone;

import dev.otpguard.kernel.CodeMetrics;
import dev.otpguard.account.UserProfileDeclaration;
import dev.otpguard.core.contact.PhoneNumberCheck;

import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeConversation;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.exchange.PendingContact;
import dev.otpguard.kernel.Misconfiguration;
import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.channel.SmsChannel;
import dev.otpguard.channel.SmsText;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * "Set up phone number": the user enters a number, it is checked and normalized to E.164, a code goes to it by
 * SMS, and only when that code comes back is the number stored as verified.
 */
public final class PhoneSetupRequiredAction implements RequiredActionProvider {

    public static final String TEMPLATE = "otp-guard-phone-setup.ftl";
    static final String FIELD_PHONE = "phone";
    static final String FIELD_COUNTRY = "country";
    private static final String PURPOSE = "enrol-sms";
    private static final String PENDING_NUMBER = "otp-guard." + PURPOSE + ".number";

    private final SecureRandom random;
    private final Clock clock;

    PhoneSetupRequiredAction(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        PhoneSetupConfig config = config(context);
        if (config == null) {
            return;
        }
        PendingContact loop = loop(context, config);
        if (!loop.isPending() && PhoneAttributes.verifiedNumber(context.getUser()).isPresent()) {
            // replacing a verified number is a contact change: that needs "Update phone number (confirmed)",
            // which proves the current number and tells it, so this action must not become a way around it
            context.success();
            return;
        }
        loop.challenge();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        PhoneSetupConfig config = config(context);
        if (config == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("skip") && config.allowSkip()) {
            context.success();
            return;
        }
        loop(context, config).process(form);
    }

    private PendingContact loop(RequiredActionContext context, PhoneSetupConfig config) {
        return new PendingContact(context, PENDING_NUMBER, new PendingContact.Rules() {
            @Override
            public String valueField() {
                return FIELD_PHONE;
            }

            @Override
            public Response entryPage() {
                return numberForm(context, config, null).createForm(TEMPLATE);
            }

            @Override
            public PendingContact.Entry read(MultivaluedMap<String, String> form) {
                String country = form.getFirst(FIELD_COUNTRY);
                PhoneNumberCheck.Result result = new PhoneNumberCheck(config.allowedCountries(),
                        config.allowedTypes()).check(form.getFirst(FIELD_PHONE), country);
                if (!result.accepted()) {
                    return PendingContact.Entry.refused(numberForm(context, config, country)
                            .addError(new FormMessage(FIELD_PHONE, result.problem().messageKey()))
                            .createForm(TEMPLATE));
                }
                return PendingContact.Entry.accepted(result.e164());
            }

            @Override
            public CodeConversation proof(String number) {
                return conversation(context, config, number);
            }

            @Override
            public void proven(String number) {
                PhoneAttributes.setVerified(context.getUser(), number);
                UserProfileDeclaration.declarePhoneAttributes(context.getSession());
                context.getEvent().clone().event(EventType.UPDATE_PROFILE).user(context.getUser())
                        .detail(CodeEvents.ACTION, "phone_setup").detail(CodeEvents.CHANNEL, "sms")
                        .detail(CodeEvents.DESTINATION, MaskedDestination.phone(number))
                        .detail(Details.CONTEXT, "otp-guard-phone-setup").success();
                context.success();
            }
        });
    }

    private CodeConversation conversation(RequiredActionContext context, PhoneSetupConfig config, String number) {
        SmsChannel channel = new SmsChannel(context.getSession(), config.smsSender(), false, SmsText.CONFIRM_KEY);
        // the number is part of the purpose: a code sent to one number never confirms another
        OneTimeCodes codes = new OneTimeCodes(config.codes(), PURPOSE + ":" + number, clock, random);
        return new CodeConversation(channel, codes, new ChallengeStore(context.getAuthenticationSession(), PURPOSE),
                new CodeEvents(context.getEvent(), context.getUser(), "sms", channel.mask(number),
                        CodeMetrics.global().scope(context.getRealm(), "sms", CodeMetrics.Purpose.ENROLMENT)),
                new CodeChannel.Delivery(context.getSession(), context.getRealm(), context.getUser(),
                        context.getAuthenticationSession()),
                number, () -> context.form().setAttribute("otpGuardChangeContact", "otpGuardChangeNumber"));
    }

    /**
     * The number form. At first it holds the number the user already has but never proved (from a directory, an
     * admin, or marked unverified by OTP Guard), with its country chosen, so the user only confirms it.
     */
    private LoginFormsProvider numberForm(RequiredActionContext context, PhoneSetupConfig config, String country) {
        String prefill = null;
        String selected = country;
        if (country == null) {
            UserModel user = context.getUser();
            String number = user.getFirstAttribute(PhoneAttributes.PHONE_NUMBER);
            boolean verified = PhoneAttributes.verifiedNumber(user).isPresent();
            if (number != null && !number.isBlank() && !verified && number.length() <= 64) {
                prefill = number.trim();
                PhoneNumberCheck.Result known = new PhoneNumberCheck(config.allowedCountries(), config.allowedTypes())
                        .check(prefill, null);
                selected = known.accepted() ? known.region() : null;
            }
        }
        return context.form().setAttribute("otpGuardPhone", new PhoneSetupBean(config, selected,
                context.getSession().getContext().resolveLocale(context.getUser()), prefill));
    }

    private PhoneSetupConfig config(RequiredActionContext context) {
        PhoneSetupConfig.Parsed parsed = PhoneSetupConfig.from(
                context.getConfig() == null ? null : context.getConfig().getConfig());
        if (!parsed.isValid()) {
            Misconfiguration.stop(context, "phone setup", parsed.problems());
            return null;
        }
        return parsed.config();
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void close() {
    }
}
