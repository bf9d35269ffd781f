package dev.otpguard.exchange;

import dev.otpguard.kernel.LiteralText;
import dev.otpguard.kernel.TextDirection;
import dev.otpguard.kernel.MessageNumber;
import dev.otpguard.kernel.NoticeText;

import dev.otpguard.core.code.Challenge;
import dev.otpguard.core.code.CodePolicy;
import dev.otpguard.core.code.SendDecision;
import dev.otpguard.core.delivery.DeliveryStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the code page template shows: read-only, and free of anything secret. */
public final class CodePageBean {

    private final String channel;
    private final String maskedDestination;
    private final CodePolicy policy;
    private final Challenge state;
    private final SendDecision nextSend;
    private final CodeConversation.Mode mode;
    private final String lastSentTo;
    private final boolean checksPaused;
    private final Optional<Delivery> delivery;
    private final List<String> alternatives;
    /** Right-to-left page: values that read left to right are isolated, so they keep their order. */
    private final boolean isolate;

    /** Where the live code is: its tracker ticket, its latest status, and where the page's script asks for news. */
    public record Delivery(String ticket, DeliveryStatus status, String statusUrl) {
    }

    CodePageBean(String channel, String maskedDestination, String lastSentTo, CodePolicy policy, Challenge state,
                 SendDecision nextSend, CodeConversation.Mode mode, boolean checksPaused, Optional<Delivery> delivery,
                 List<String> alternatives, boolean isolate) {
        this.isolate = isolate;
        this.alternatives = List.copyOf(alternatives);
        this.mode = mode;
        this.delivery = delivery;
        this.channel = channel;
        this.maskedDestination = maskedDestination;
        this.lastSentTo = lastSentTo;
        this.checksPaused = checksPaused;
        this.policy = policy;
        this.state = state;
        this.nextSend = nextSend;
    }

    public String getChannel() {
        return channel;
    }

    /** Null on a password-reset page, which never shows where the code went. */
    public LiteralText getMaskedDestination() {
        return shown(NoticeText.literal(maskedDestination));
    }

    private LiteralText shown(LiteralText text) {
        return !isolate || text == null ? text : LiteralText.of(TextDirection.isolated(text.getAsString()));
    }

    /**
     * True when the last code went to another destination than this page's (the user switched address or
     * number and no code could go to the new one yet): the page must not say a code was sent here.
     */
    public boolean isSentElsewhere() {
        return lastSentTo != null;
    }

    /** Where the last code went, masked apart from {@link #getMaskedDestination()}; null unless sent elsewhere. */
    public String getLastSentTo() {
        return isolate ? TextDirection.isolated(lastSentTo) : lastSentTo;
    }

    /** True when too many wrong codes paused this user's code checks: nothing was sent, nothing can be typed. */
    public boolean isChecksPaused() {
        return checksPaused;
    }

    /** True on a password-reset page: it reads the same whether the account exists or not. */
    public boolean isReset() {
        return mode instanceof CodeConversation.Mode.Reset;
    }

    /**
     * On a password-reset page, what the user typed to name the account, shown as typed (never read as a message
     * key), without bidi or invisible characters and cut when very long; empty elsewhere.
     */
    public LiteralText getResetFor() {
        return shown(NoticeText.literal(mode instanceof CodeConversation.Mode.Reset reset ? reset.attemptedUsername()
                : ""));
    }

    public int getCodeLength() {
        return policy.length();
    }

    /** Lifetime in whole minutes, at least 1, for "valid for N minutes". */
    public MessageNumber getLifetimeMinutes() {
        return new MessageNumber(policy.lifetimeMinutes());
    }

    public boolean isCodeLive() {
        return state.hasLiveCode();
    }

    public int getAttemptsLeft() {
        return state.attemptsLeft();
    }

    public boolean isResendAllowed() {
        return nextSend.isAllowed();
    }

    public boolean isSendLimitReached() {
        return nextSend.status() == SendDecision.Status.LIMIT_REACHED;
    }

    /** Seconds until the resend button works; 0 when it works now. */
    public long getResendWaitSeconds() {
        return nextSend.status() == SendDecision.Status.COOLDOWN ? nextSend.retryAfterSeconds() : 0;
    }

    /** How long the page's status script keeps asking: the code's lifetime. */
    public long getLifetimeSeconds() {
        return policy.lifetime().toSeconds();
    }

    /** True when the page follows the delivery of its code (sign-in, phone setup, contact changes). */
    public boolean isDeliveryFollowed() {
        return delivery.isPresent();
    }

    /** The ticket the page's status script asks about; empty when the delivery is not followed. */
    public String getDeliveryTicket() {
        return delivery.map(Delivery::ticket).orElse("");
    }

    /** The latest status in its wire form ({@code sending}, {@code sent}, {@code delivered}, ...); empty if none. */
    public String getDeliveryStatus() {
        return delivery.map(d -> d.status().wire()).orElse("");
    }

    /** The status endpoint of this delivery (same origin as the page); empty when the delivery is not followed. */
    public String getDeliveryStatusUrl() {
        return delivery.map(Delivery::statusUrl).orElse("");
    }

    /** The wire forms after which nothing more is heard, for the script to stop asking. */
    public String getDeliveryLastStatuses() {
        return Arrays.stream(DeliveryStatus.values()).filter(DeliveryStatus::isLast).map(DeliveryStatus::wire)
                .collect(Collectors.joining(" "));
    }

    /** Whether more may still be heard of the delivery, so the page keeps asking. */
    public boolean isDeliveryPending() {
        return delivery.map(d -> !d.status().isLast()).orElse(false);
    }

    /** The message key of the status line for each status's wire form, so the script can switch texts. */
    public Map<String, String> getDeliveryStatusKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            keys.put(status.wire(), statusKey(status));
        }
        return keys;
    }

    private String statusKey(DeliveryStatus status) {
        return switch (status) {
            case SENDING -> "otpGuardDelivery.sending";
            // a mail server and an SMS gateway accept a message in different ways
            case SENT -> "sms".equals(channel) ? "otpGuardDelivery.sent.sms" : "otpGuardDelivery.sent.email";
            case DELIVERED -> "otpGuardDelivery.delivered";
            case NOT_SENT -> "otpGuardDelivery.not-sent";
            case UNREACHABLE -> "otpGuardDelivery.unreachable";
            case CARRIER_BLOCKED -> "otpGuardDelivery.carrier-blocked";
            case UNDELIVERED -> "otpGuardDelivery.undelivered";
        };
    }

    /** Other ways to get the code, offered as buttons: {@code call}, {@code whatsapp} (Twilio Verify); often none. */
    public List<String> getAlternatives() {
        return alternatives;
    }
}
