package dev.otpguard.core.delivery;

/**
 * Where a code is on its way to the user, as the code page names it. A status only moves forward: reports can
 * arrive late or twice (Twilio retries its callbacks, two nodes write), and a late "sent" must never hide a
 * "delivered" or a failure that came first.
 */
public enum DeliveryStatus {

    /** Handed to our worker; the mail server or gateway has not answered yet. */
    SENDING(0, false),
    /** The mail server or SMS gateway accepted it: on its way, not yet known to have arrived. */
    SENT(1, false),
    /** The carrier reported it delivered to the phone. */
    DELIVERED(2, true),
    /** We could not hand it over (our error, the relay or gateway refused or timed out). */
    NOT_SENT(2, true),
    /** The number cannot receive text messages (unknown, unreachable, landline): Twilio 30003, 30005, 30006. */
    UNREACHABLE(2, true),
    /** The carrier blocked it (filtering, spam rules): Twilio 30007. */
    CARRIER_BLOCKED(2, true),
    /** It could not be delivered before it expired, or the carrier gave up: Twilio 30008, {@code undelivered}. */
    UNDELIVERED(2, true);

    private final int stage;
    private final boolean last;

    DeliveryStatus(int stage, boolean last) {
        this.stage = stage;
        this.last = last;
    }

    /** Whether nothing can follow this status. */
    public boolean isLast() {
        return last;
    }

    /** Whether this status says the code failed to arrive (the page then offers what to do). */
    public boolean isFailure() {
        return last && this != DELIVERED;
    }

    /** The status after a report of {@code next}: {@code next} if it moves forward, otherwise this one. */
    public DeliveryStatus then(DeliveryStatus next) {
        return !last && next.stage > stage ? next : this;
    }

    /** The wire form, in events and the status endpoint: lower case with dashes. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
