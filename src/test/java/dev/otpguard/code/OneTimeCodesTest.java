package dev.otpguard.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.code.OneTimeCodes.Verification.Outcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {

    private final MutableClock clock = new MutableClock();
    private final OneTimeCodes codes = new OneTimeCodes(CodePolicy.DEFAULT, "login-email", clock, new SecureRandom());

    @Test
    void aCodeHasThePolicysLengthOfAsciiDigitsAndIsStoredOnlyAsASaltedHash() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        assertThat(issued.code()).matches("[0-9]{6}");
        Challenge stored = issued.delivered();
        assertThat(stored.toFields().values()).noneMatch(v -> v.contains(issued.code()));
        assertThat(stored.toString()).doesNotContain(issued.code());
        assertThat(issued.toString()).doesNotContain(issued.code());
        OneTimeCodes.Issued again = codes.issue(Challenge.NONE);
        assertThat(again.delivered().salt()).isNotEqualTo(stored.salt());
    }

    @Test
    void theRightCodeIsAcceptedOnceAndThenGone() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        var first = codes.verify(issued.delivered(), CodeInput.parse(issued.code()));
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(codes.verify(first.next(), CodeInput.parse(issued.code())).outcome()).isEqualTo(Outcome.NO_CODE);
    }

    @Test
    void wrongCodesUseUpAttemptsUntilTheCodeIsDead() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        Challenge state = issued.delivered();
        String wrong = issued.code().equals("000000") ? "111111" : "000000";
        for (int left = 4; left >= 1; left--) {
            var result = codes.verify(state, CodeInput.parse(wrong));
            assertThat(result.outcome()).isEqualTo(Outcome.WRONG);
            assertThat(result.next().attemptsLeft()).isEqualTo(left);
            state = result.next();
        }
        var last = codes.verify(state, CodeInput.parse(wrong));
        assertThat(last.outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(codes.verify(last.next(), CodeInput.parse(issued.code())).outcome()).isEqualTo(Outcome.DEAD);
    }

    @Test
    void aDecoyCheckNeverAcceptsEvenTheIssuedCodeButCountsAttemptsLikeARealOne() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        Challenge state = issued.delivered();
        var right = codes.verifyDecoy(state, CodeInput.parse(issued.code()), false);
        assertThat(right.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(right.next().attemptsLeft()).isEqualTo(4);
        assertThat(codes.verifyDecoy(state, CodeInput.parse("12345"), false).outcome())
                .isEqualTo(Outcome.WRONG_LENGTH);
        assertThat(codes.verifyDecoy(state, CodeInput.parse("12345678"), true).outcome()).isEqualTo(Outcome.WRONG);
        assertThat(codes.verifyDecoy(state, CodeInput.parse(""), false).outcome()).isEqualTo(Outcome.MALFORMED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(codes.verifyDecoy(state, CodeInput.parse(issued.code()), false).outcome())
                .isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void aCodeExpiresAtTheEndOfItsLifetime() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        clock.advance(Duration.ofMinutes(5));
        var result = codes.verify(issued.delivered(), CodeInput.parse(issued.code()));
        assertThat(result.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(result.next().hasCode()).isFalse();
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        OneTimeCodes.Issued first = codes.issue(Challenge.NONE);
        OneTimeCodes.Issued second = codes.issue(first.delivered());
        if (!first.code().equals(second.code())) {
            assertThat(codes.verify(second.delivered(), CodeInput.parse(first.code())).outcome())
                    .isEqualTo(Outcome.WRONG);
        }
        assertThat(codes.verify(second.delivered(), CodeInput.parse(second.code())).outcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aCodeIssuedForOnePurposeNeverVerifiesForAnother() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        OneTimeCodes enrolment = new OneTimeCodes(CodePolicy.DEFAULT, "enrol-phone", clock, new SecureRandom());
        assertThat(enrolment.verify(issued.delivered(), CodeInput.parse(issued.code())).outcome())
                .isEqualTo(Outcome.WRONG);
    }

    @Test
    void malformedInputAndWrongLengthUseNoAttempt() {
        Challenge state = codes.issue(Challenge.NONE).delivered();
        assertThat(codes.verify(state, CodeInput.parse("abc")).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(codes.verify(state, CodeInput.parse("123")).outcome()).isEqualTo(Outcome.WRONG_LENGTH);
        assertThat(codes.verify(state, CodeInput.parse("123")).next().attemptsLeft()).isEqualTo(5);
    }

    @Test
    void resendsWaitForAGrowingCooldownAndStopAtTheSendLimit() {
        Challenge state = Challenge.NONE;
        assertThat(codes.maySend(state).isAllowed()).isTrue();
        state = codes.issue(state).delivered();
        SendDecision early = codes.maySend(state);
        assertThat(early.status()).isEqualTo(SendDecision.Status.COOLDOWN);
        assertThat(early.retryAfterSeconds()).isEqualTo(30);
        clock.advance(Duration.ofSeconds(30));
        assertThat(codes.maySend(state).isAllowed()).isTrue();
        state = codes.issue(state).delivered();
        assertThat(codes.maySend(state).retryAfterSeconds()).isEqualTo(60);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(15));
            state = codes.issue(state).delivered();
        }
        clock.advance(Duration.ofHours(1));
        assertThat(codes.maySend(state).status()).isEqualTo(SendDecision.Status.LIMIT_REACHED);
    }

    @Test
    void aFailedDeliveryCountsAsASendButAllowsAnImmediateRetry() {
        Challenge failed = codes.issue(Challenge.NONE).undelivered();
        assertThat(failed.hasCode()).isFalse();
        assertThat(failed.sends()).isEqualTo(1);
        assertThat(codes.maySend(failed).isAllowed()).isTrue();
    }

    @Test
    void storedFieldsRoundTrip() {
        Challenge state = codes.issue(Challenge.NONE).delivered();
        assertThat(Challenge.fromFields(state.toFields())).contains(state);
        assertThat(Challenge.fromFields(java.util.Map.of())).isEmpty();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
