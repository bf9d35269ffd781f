package dev.otpguard.phone;

import dev.otpguard.account.UserProfileDeclaration;
import dev.otpguard.core.contact.PhoneNumberCheck;

import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.core.code.OneTimeCodes;
import dev.otpguard.exchange.ChallengeStore;
import dev.otpguard.exchange.CodeChannel;
import dev.otpguard.exchange.CodeConversation;
import dev.otpguard.exchange.CodeEvents;
import dev.otpguard.kernel.Misconfiguration;
import dev.otpguard.account.PhoneAttributes;
import dev.otpguard.channel.SmsChannel;
import dev.otpguard.channel.SmsText;
import jakarta.ws.rs.core.MultivaluedMap;
import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

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
        String pending = context.getAuthenticationSession().getAuthNote(PENDING_NUMBER);
        if (pending == null && PhoneAttributes.verifiedNumber(context.getUser()).isPresent()) {
            // replacing a verified number is a contact change: that needs "Update phone number (confirmed)",
            // which proves the current number and tells it, so this action must not become a way around it
            context.success();
            return;
        }
        if (pending != null) {
            CodeConversation conversation = conversation(context, config, pending);
            context.challenge(conversation.started() ? conversation.show() : conversation.sendFirst());
            return;
        }
        context.challenge(numberForm(context, config, null).createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        PhoneSetupConfig config = config(context);
        if (config == null) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String pending = authSession.getAuthNote(PENDING_NUMBER);

        if (form.containsKey("skip") && config.allowSkip()) {
            context.success();
            return;
        }
        if (form.containsKey("change") && pending != null) {
            // the send history stays, so switching numbers cannot reset the send limit
            authSession.removeAuthNote(PENDING_NUMBER);
            context.challenge(numberForm(context, config, null).createForm(TEMPLATE));
            return;
        }
        if (pending == null || form.containsKey(FIELD_PHONE)) {
            enterNumber(context, config, form);
            return;
        }
        CodeConversation conversation = conversation(context, config, pending);
        if (form.containsKey(CodeConversation.FIELD_RESEND)) {
            context.challenge(conversation.resend());
            return;
        }
        if (conversation.verify(form.getFirst(CodeConversation.FIELD_CODE)) == CodeConversation.Result.ACCEPTED) {
            PhoneAttributes.setVerified(context.getUser(), pending);
            UserProfileDeclaration.declarePhoneAttributes(context.getSession());
            authSession.removeAuthNote(PENDING_NUMBER);
            context.getEvent().clone().event(EventType.UPDATE_PROFILE).user(context.getUser())
                    .detail(CodeEvents.ACTION, "phone_setup").detail(CodeEvents.CHANNEL, "sms")
                    .detail(CodeEvents.DESTINATION, MaskedDestination.phone(pending))
                    .detail(Details.CONTEXT, "otp-guard-phone-setup").success();
            context.success();
            return;
        }
        context.challenge(conversation.page());
    }

    private void enterNumber(RequiredActionContext context, PhoneSetupConfig config,
                             MultivaluedMap<String, String> form) {
        String typed = form.getFirst(FIELD_PHONE);
        String country = form.getFirst(FIELD_COUNTRY);
        PhoneNumberCheck.Result result = new PhoneNumberCheck(config.allowedCountries(), config.allowedTypes())
                .check(typed, country);
        if (!result.accepted()) {
            context.challenge(numberForm(context, config, country)
                    .addError(new FormMessage(FIELD_PHONE, result.problem().messageKey()))
                    .createForm(TEMPLATE));
            return;
        }
        CodeConversation conversation = conversation(context, config, result.e164());
        context.getAuthenticationSession().setAuthNote(PENDING_NUMBER, result.e164());
        context.challenge(conversation.started() ? conversation.resend() : conversation.sendFirst());
    }

    private CodeConversation conversation(RequiredActionContext context, PhoneSetupConfig config, String number) {
        SmsChannel channel = new SmsChannel(context.getSession(), config.smsSender(), false, SmsText.CONFIRM_KEY);
        // the number is part of the purpose: a code sent to one number never confirms another
        OneTimeCodes codes = new OneTimeCodes(config.codes(), PURPOSE + ":" + number, clock, random);
        return new CodeConversation(channel, codes, new ChallengeStore(context.getAuthenticationSession(), PURPOSE),
                new CodeEvents(context.getEvent(), context.getUser(), "sms", channel.mask(number)),
                new CodeChannel.Delivery(context.getSession(), context.getRealm(), context.getUser(),
                        context.getAuthenticationSession()),
                number, () -> context.form().setAttribute("otpGuardChangeContact", "otpGuardChangeNumber"));
    }

    private LoginFormsProvider numberForm(RequiredActionContext context, PhoneSetupConfig config, String country) {
        return context.form().setAttribute("otpGuardPhone", new PhoneSetupBean(config, country,
                context.getSession().getContext().resolveLocale(context.getUser())));
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
