package dev.otpguard.sms.twilio;

import dev.otpguard.core.delivery.DeliveryStatus;
import java.util.Optional;
import java.util.Set;

/**
 * What a Twilio status callback ({@code MessageStatus}, {@code ErrorCode}) says about a message, in the words the
 * code page uses. Twilio's error codes reach events and logs only from a fixed set, so a forged or new code cannot
 * grow what dashboards count.
 */
public final class TwilioMessageStatus {

    /** The detail for an error code outside {@link #KNOWN_ERRORS}. */
    public static final String OTHER_ERROR = "other";

    /** 30003 unreachable, 30005 unknown number, 30006 landline: the number cannot receive SMS. */
    private static final Set<String> NUMBER_ERRORS = Set.of("30003", "30005", "30006");
    private static final String CARRIER_BLOCKED = "30007";
    private static final String CARRIER_GAVE_UP = "30008";
    private static final Set<String> KNOWN_ERRORS = Set.of("30003", "30005", "30006", "30007", "30008");

    /** Statuses Twilio sends that say nothing the page shows (we neither schedule nor receive messages). */
    private static final Set<String> SILENT = Set.of("scheduled", "canceled", "receiving", "received",
            "partially_delivered");

    private TwilioMessageStatus() {
    }

    /**
     * The delivery status for a callback, or empty for a status that changes nothing on the page.
     *
     * @throws IllegalArgumentException when {@code messageStatus} is not one Twilio sends
     */
    public static Optional<DeliveryStatus> of(String messageStatus, String errorCode) {
        if (messageStatus == null) {
            throw new IllegalArgumentException("no MessageStatus");
        }
        return switch (messageStatus) {
            case "queued", "accepted", "sending", "sent" -> Optional.of(DeliveryStatus.SENT);
            // WhatsApp's "read" comes after "delivered"
            case "delivered", "read" -> Optional.of(DeliveryStatus.DELIVERED);
            case "undelivered" -> Optional.of(failure(errorCode, DeliveryStatus.UNDELIVERED));
            case "failed" -> Optional.of(failure(errorCode, DeliveryStatus.NOT_SENT));
            default -> {
                if (SILENT.contains(messageStatus)) {
                    yield Optional.empty();
                }
                throw new IllegalArgumentException("not a Twilio message status");
            }
        };
    }

    /** The error code as events and logs may carry it: a known code itself, any other {@value #OTHER_ERROR}; null for none. */
    public static String boundedErrorCode(String errorCode) {
        if (errorCode == null || errorCode.isBlank()) {
            return null;
        }
        return KNOWN_ERRORS.contains(errorCode) ? errorCode : OTHER_ERROR;
    }

    private static DeliveryStatus failure(String errorCode, DeliveryStatus otherwise) {
        if (errorCode != null && NUMBER_ERRORS.contains(errorCode)) {
            return DeliveryStatus.UNREACHABLE;
        }
        if (CARRIER_BLOCKED.equals(errorCode)) {
            return DeliveryStatus.CARRIER_BLOCKED;
        }
        if (CARRIER_GAVE_UP.equals(errorCode)) {
            return DeliveryStatus.UNDELIVERED;
        }
        return otherwise;
    }
}
