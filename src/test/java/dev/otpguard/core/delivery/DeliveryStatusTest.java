package dev.otpguard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Reports arrive late, twice and from two nodes: what the page says only ever moves forward. */
class DeliveryStatusTest {

    private static final EnumSet<DeliveryStatus> LAST = EnumSet.of(DeliveryStatus.DELIVERED,
            DeliveryStatus.NOT_SENT, DeliveryStatus.UNREACHABLE, DeliveryStatus.CARRIER_BLOCKED,
            DeliveryStatus.UNDELIVERED);

    @Test
    void sendingMovesToSentAndToEveryLastWord() {
        for (DeliveryStatus next : DeliveryStatus.values()) {
            assertThat(DeliveryStatus.SENDING.then(next)).as(next.name()).isEqualTo(next);
        }
        for (DeliveryStatus last : LAST) {
            assertThat(DeliveryStatus.SENT.then(last)).isEqualTo(last);
        }
    }

    @Test
    void aLateSentOrSendingNeverHidesWhatCameAfter() {
        assertThat(DeliveryStatus.SENT.then(DeliveryStatus.SENDING)).isEqualTo(DeliveryStatus.SENT);
        assertThat(DeliveryStatus.SENT.then(DeliveryStatus.SENT)).isEqualTo(DeliveryStatus.SENT);
        for (DeliveryStatus last : LAST) {
            for (DeliveryStatus next : DeliveryStatus.values()) {
                assertThat(last.then(next)).as(last + " then " + next).isEqualTo(last);
            }
        }
    }

    @Test
    void onlyTheLastWordsAreLastAndAllButDeliveredAreFailures() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertThat(status.isLast()).as(status.name()).isEqualTo(LAST.contains(status));
            assertThat(status.isFailure()).as(status.name())
                    .isEqualTo(LAST.contains(status) && status != DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void wireFormsAreLowerCaseWithDashes() {
        assertThat(DeliveryStatus.CARRIER_BLOCKED.wire()).isEqualTo("carrier-blocked");
        assertThat(DeliveryStatus.NOT_SENT.wire()).isEqualTo("not-sent");
        assertThat(DeliveryStatus.SENDING.wire()).isEqualTo("sending");
    }
}
