package dev.otpguard.exchange;

import dev.otpguard.core.delivery.DeliveryStatus;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Where one code is on its way, in Keycloak's single-use-object store so that a report written on one node (our
 * worker, a Twilio callback) shows on the page another node renders. A send is named by a random ticket that only
 * its login knows; nothing here holds the destination or the code.
 *
 * <p>Reports only move forward ({@link DeliveryStatus#then}), and the first last word wins: it is claimed with the
 * store's atomic put-if-absent, so a late or repeated callback cannot overwrite "delivered" with "sent" or one
 * failure with another.
 */
public final class DeliveryTracker {

    /** How long after the code's own lifetime a report still counts: carriers report expiry late. */
    public static final Duration GRACE = Duration.ofMinutes(10);

    /** How long a report is kept: the longest code lifetime plus the grace. */
    private static final Duration REPORT_LIFESPAN = Duration.ofMinutes(10).plus(GRACE);

    private static final String PREFIX = "otp-guard:delivery:";
    private static final String MESSAGE_PREFIX = "otp-guard:delivery-message:";
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern DETAIL = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    /** Our own message keys only (a worker's, never request input), so the page can name why a send failed. */
    private static final Pattern MESSAGE_KEY = Pattern.compile("otpGuard[A-Za-z.-]{1,48}");
    private static final String STATUS = "status";
    private static final String DETAIL_NOTE = "detail";
    private static final String CHANNEL = "channel";
    private static final String USER = "user";
    private static final String MESSAGE = "message";

    /**
     * One send's latest word.
     *
     * @param detail a bounded error code (e.g. {@code 30007}), or null
     * @param messageKey for a send that did not leave, the message key that tells the user why; else null
     */
    public record Report(String channelId, DeliveryStatus status, String detail, String messageKey) {
        public Report(String channelId, DeliveryStatus status, String detail) {
            this(channelId, status, detail, null);
        }
    }

    private final SingleUseObjectProvider store;
    private final String realmId;

    /**
     * @param realmId the realm the sends belong to: every key names it, so a ticket or message id is only ever found
     *                through its own realm (the store is one key space for all realms)
     */
    public DeliveryTracker(KeycloakSession session, String realmId) {
        this.store = session.singleUseObjects();
        this.realmId = java.util.Objects.requireNonNull(realmId, "realmId");
    }

    /** A new ticket: 128 random bits from Keycloak's secret generator, URL-safe. */
    public static String newTicket() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SecretGenerator.getInstance().randomBytes(16));
    }

    /** Whether {@code value} has the shape of a ticket (a forged or huge one is refused before any lookup). */
    public static boolean isTicket(String value) {
        return value != null && TICKET.matcher(value).matches();
    }

    /** Records a send as started: {@link DeliveryStatus#SENDING} until a report comes. */
    public void started(String ticket, String channelId, Duration codeLifetime) {
        store.put(key(ticket), lifespan(codeLifetime), Map.of(CHANNEL, channelId,
                STATUS, DeliveryStatus.SENDING.name()));
    }

    /**
     * Records what became of the send. A report that does not move it forward is dropped; so is any report for an
     * unknown or expired ticket.
     *
     * @return whether the report changed what the page shows
     */
    public boolean report(String ticket, DeliveryStatus status, String detail) {
        return report(ticket, status, detail, null);
    }

    /**
     * Records what became of the send, with the message key that tells the user why it did not leave (one of our
     * own keys, or it is not kept).
     */
    public boolean report(String ticket, DeliveryStatus status, String detail, String messageKey) {
        if (!isTicket(ticket) || status == DeliveryStatus.SENDING) {
            return false;
        }
        Optional<Report> current = read(ticket);
        if (current.isEmpty() || current.get().status().then(status) == current.get().status()) {
            return false;
        }
        Map<String, String> notes = new HashMap<>();
        notes.put(CHANNEL, current.get().channelId());
        notes.put(STATUS, status.name());
        if (detail != null && DETAIL.matcher(detail).matches()) {
            notes.put(DETAIL_NOTE, detail);
        }
        if (messageKey != null && MESSAGE_KEY.matcher(messageKey).matches()) {
            notes.put(MESSAGE, messageKey);
        }
        long lifespan = REPORT_LIFESPAN.toSeconds();
        if (status.isLast()) {
            // the first last word wins, on every node
            if (!store.putIfAbsent(key(ticket) + ":last-claim", lifespan)) {
                return false;
            }
            store.put(key(ticket) + ":last", lifespan, notes);
            return true;
        }
        store.put(key(ticket) + ":sent", lifespan, notes);
        return true;
    }

    /** The send's latest word, or empty for an unknown or expired ticket. */
    public Optional<Report> read(String ticket) {
        if (!isTicket(ticket)) {
            return Optional.empty();
        }
        for (String suffix : new String[] {":last", ":sent", ""}) {
            Map<String, String> notes = store.get(key(ticket) + suffix);
            if (notes != null && notes.get(STATUS) != null) {
                try {
                    return Optional.of(new Report(notes.get(CHANNEL), DeliveryStatus.valueOf(notes.get(STATUS)),
                            notes.get(DETAIL_NOTE), notes.get(MESSAGE)));
                } catch (IllegalArgumentException olderVersion) {
                    // a status this version does not know: read the earlier word
                }
            }
        }
        return Optional.empty();
    }

    /** Remembers which ticket a provider's message id (a Twilio message SID) belongs to, for its callbacks. */
    public void linkMessage(String messageId, String ticket, Duration codeLifetime) {
        linkMessage(messageId, ticket, null, codeLifetime);
    }

    /**
     * Remembers which ticket, and whose code, a provider's message id belongs to, so that its callbacks report to
     * the ticket and their events name the user. Nothing of the destination is kept.
     *
     * @param userId the user the code is for, or null
     */
    public void linkMessage(String messageId, String ticket, String userId, Duration codeLifetime) {
        Map<String, String> notes = new HashMap<>();
        notes.put("ticket", ticket);
        if (userId != null) {
            notes.put(USER, userId);
        }
        store.put(MESSAGE_PREFIX + realmId + ":" + messageId, lifespan(codeLifetime), notes);
    }

    /** The ticket a provider's message id was sent under; empty for an id we never sent (a forged callback). */
    public Optional<String> ticketOf(String messageId) {
        return messageLink(messageId).map(MessageLink::ticket);
    }

    /** The ticket and user a provider's message id was sent for; empty for an id we never sent. */
    public Optional<MessageLink> messageLink(String messageId) {
        if (messageId == null || messageId.isBlank() || messageId.length() > 64) {
            return Optional.empty();
        }
        Map<String, String> notes = store.get(MESSAGE_PREFIX + realmId + ":" + messageId);
        return notes == null || notes.get("ticket") == null ? Optional.empty()
                : Optional.of(new MessageLink(notes.get("ticket"), notes.get(USER)));
    }

    /** What a provider's message id was sent for. @param userId null when it was not recorded */
    public record MessageLink(String ticket, String userId) {
    }

    private String key(String ticket) {
        return PREFIX + realmId + ":" + ticket;
    }

    private static long lifespan(Duration codeLifetime) {
        return codeLifetime.plus(GRACE).toSeconds();
    }
}
