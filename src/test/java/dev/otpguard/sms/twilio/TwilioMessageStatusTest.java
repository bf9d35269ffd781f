package dev.otpguard.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpguard.core.delivery.DeliveryStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioMessageStatusTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
        "queued, -, SENT", "accepted, -, SENT", "sending, -, SENT", "sent, -, SENT",
        "delivered, -, DELIVERED", "read, -, DELIVERED",
        "undelivered, 30003, UNREACHABLE", "undelivered, 30005, UNREACHABLE", "undelivered, 30006, UNREACHABLE",
        "failed, 30003, UNREACHABLE", "failed, 30006, UNREACHABLE",
        "undelivered, 30007, CARRIER_BLOCKED", "failed, 30007, CARRIER_BLOCKED",
        "undelivered, 30008, UNDELIVERED", "failed, 30008, UNDELIVERED", "undelivered, -, UNDELIVERED",
        "undelivered, 30034, UNDELIVERED",
        "failed, -, NOT_SENT", "failed, 30001, NOT_SENT", "failed, 21610, NOT_SENT"})
    void twilioStatusesAndErrorsMapToWhatThePageSays(String status, String error, DeliveryStatus expected) {
        assertThat(TwilioMessageStatus.of(status, error)).contains(expected);
    }

    @Test
    void statusesThatSayNothingForUsChangeNothing() {
        for (String status : new String[] {"scheduled", "canceled", "receiving", "received", "partially_delivered"}) {
            assertThat(TwilioMessageStatus.of(status, null)).as(status).isEmpty();
        }
    }

    @Test
    void anythingElseIsNotATwilioStatus() {
        for (String status : new String[] {"DELIVERED", "<b>sent</b>", "", "delivered "}) {
            assertThatThrownBy(() -> TwilioMessageStatus.of(status, null)).as(status)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TwilioMessageStatus.of(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyKnownErrorCodesReachEventsAsThemselves() {
        assertThat(TwilioMessageStatus.boundedErrorCode("30007")).isEqualTo("30007");
        assertThat(TwilioMessageStatus.boundedErrorCode("30008")).isEqualTo("30008");
        assertThat(TwilioMessageStatus.boundedErrorCode("31337")).isEqualTo("other");
        assertThat(TwilioMessageStatus.boundedErrorCode("<script>")).isEqualTo("other");
        assertThat(TwilioMessageStatus.boundedErrorCode("")).isNull();
        assertThat(TwilioMessageStatus.boundedErrorCode(null)).isNull();
    }

    @Test
    void theValidityPeriodIsTheCodeLifetimeWithinTwiliosRange() {
        assertThat(TwilioSmsSender.validitySeconds(Duration.ofMinutes(5))).isEqualTo(300);
        assertThat(TwilioSmsSender.validitySeconds(Duration.ofMillis(200))).isEqualTo(1);
        assertThat(TwilioSmsSender.validitySeconds(Duration.ofHours(12))).isEqualTo(14_400);
    }
}
