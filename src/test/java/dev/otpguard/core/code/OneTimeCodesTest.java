package dev.otpguard.core.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.core.code.OneTimeCodes.Verification.Outcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {

    private final MutableClock clock = new MutableClock();
    private final OneTimeCodes codes = new OneTimeCodes(CodePolicy.DEFAULT, "login-email", clock, new SecureRandom());
    private final TakenSlots slots = new TakenSlots();

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
        var first = codes.verify(issued.delivered(), CodeInput.parse(issued.code()), slots);
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(codes.verify(first.next(), CodeInput.parse(issued.code()), slots).outcome()).isEqualTo(Outcome.NO_CODE);
    }

    @Test
    void wrongCodesUseUpAttemptsUntilTheCodeIsDead() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        Challenge state = issued.delivered();
        String wrong = issued.code().equals("000000") ? "111111" : "000000";
        for (int left = 4; left >= 1; left--) {
            var result = codes.verify(state, CodeInput.parse(wrong), slots);
            assertThat(result.outcome()).isEqualTo(Outcome.WRONG);
            assertThat(result.next().attemptsLeft()).isEqualTo(left);
            state = result.next();
        }
        var last = codes.verify(state, CodeInput.parse(wrong), slots);
        assertThat(last.outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(codes.verify(last.next(), CodeInput.parse(issued.code()), slots).outcome()).isEqualTo(Outcome.DEAD);
    }

    @Test
    void aDecoyCheckNeverAcceptsEvenTheIssuedCodeButCountsAttemptsLikeARealOne() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        Challenge state = issued.delivered();
        var right = codes.verifyDecoy(state, CodeInput.parse(issued.code()), slots, false);
        assertThat(right.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(right.next().attemptsLeft()).isEqualTo(4);
        assertThat(codes.verifyDecoy(state, CodeInput.parse("12345"), slots, false).outcome())
                .isEqualTo(Outcome.WRONG_LENGTH);
        assertThat(codes.verifyDecoy(state, CodeInput.parse("12345678"), slots, true).outcome()).isEqualTo(Outcome.WRONG);
        assertThat(codes.verifyDecoy(state, CodeInput.parse(""), slots, false).outcome()).isEqualTo(Outcome.MALFORMED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(codes.verifyDecoy(state, CodeInput.parse(issued.code()), slots, false).outcome())
                .isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void aCodeExpiresAtTheEndOfItsLifetime() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        clock.advance(Duration.ofMinutes(5));
        var result = codes.verify(issued.delivered(), CodeInput.parse(issued.code()), slots);
        assertThat(result.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(result.next().hasCode()).isFalse();
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        OneTimeCodes.Issued first = codes.issue(Challenge.NONE);
        OneTimeCodes.Issued second = codes.issue(first.delivered());
        if (!first.code().equals(second.code())) {
            assertThat(codes.verify(second.delivered(), CodeInput.parse(first.code()), slots).outcome())
                    .isEqualTo(Outcome.WRONG);
        }
        assertThat(codes.verify(second.delivered(), CodeInput.parse(second.code()), slots).outcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aCodeIssuedForOnePurposeNeverVerifiesForAnother() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        OneTimeCodes enrolment = new OneTimeCodes(CodePolicy.DEFAULT, "enrol-phone", clock, new SecureRandom());
        assertThat(enrolment.verify(issued.delivered(), CodeInput.parse(issued.code()), slots).outcome())
                .isEqualTo(Outcome.WRONG);
    }

    @Test
    void malformedInputAndWrongLengthUseNoAttempt() {
        Challenge state = codes.issue(Challenge.NONE).delivered();
        assertThat(codes.verify(state, CodeInput.parse("abc"), slots).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(codes.verify(state, CodeInput.parse("123"), slots).outcome()).isEqualTo(Outcome.WRONG_LENGTH);
        assertThat(codes.verify(state, CodeInput.parse("123"), slots).next().attemptsLeft()).isEqualTo(5);
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

    @Test
    void checksThatReadTheSameStateEachTakeATryOfTheirOwn() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        Challenge readByAll = issued.delivered();
        String wrong = issued.code().equals("000000") ? "111111" : "000000";
        // five requests of one login read the stored state at the same moment, before any writes it back
        for (int left = 4; left >= 1; left--) {
            var result = codes.verify(readByAll, CodeInput.parse(wrong), slots);
            assertThat(result.outcome()).isEqualTo(Outcome.WRONG);
            assertThat(result.next().attemptsLeft()).isEqualTo(left);
        }
        assertThat(codes.verify(readByAll, CodeInput.parse(wrong), slots).outcome()).isEqualTo(Outcome.LOCKED);
        var sixth = codes.verify(readByAll, CodeInput.parse(issued.code()), slots);
        assertThat(sixth.outcome()).as("no try left, even for the right code").isEqualTo(Outcome.DEAD);
        assertThat(sixth.next().attemptsLeft()).isZero();
        assertThat(slots.taken).hasSize(5);
    }

    @Test
    void aStateThatLagsBehindStillFindsTheNextFreeTry() {
        OneTimeCodes.Issued issued = codes.issue(Challenge.NONE);
        String wrong = issued.code().equals("000000") ? "111111" : "000000";
        Challenge fresh = issued.delivered();
        Challenge afterTwo = codes.verify(codes.verify(fresh, CodeInput.parse(wrong), slots).next(),
                CodeInput.parse(wrong), slots).next();
        assertThat(afterTwo.attemptsLeft()).isEqualTo(3);
        // a later write of an older state put "5 left" back: the slots still know two tries are gone
        assertThat(codes.verify(fresh, CodeInput.parse(wrong), slots).next().attemptsLeft()).isEqualTo(2);
    }

    @Test
    void inputThatIsNoGuessTakesNoTry() {
        Challenge state = codes.issue(Challenge.NONE).delivered();
        codes.verify(state, CodeInput.parse("abc"), slots);
        codes.verify(state, CodeInput.parse("123"), slots);
        codes.verify(state, CodeInput.parse(""), slots);
        assertThat(slots.taken).isEmpty();
    }

    @Test
    void aServiceThatCannotJudgeTheCodeGivesTheTryBack() {
        Challenge state = codes.issue(Challenge.NONE).delivered();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codes.verifyRemotely(state,
                CodeInput.parse("123456"), slots, digits -> {
                    throw new OneTimeCodes.RemoteCheck.UnavailableException("down");
                })).isInstanceOf(OneTimeCodes.RemoteCheck.UnavailableException.class);
        assertThat(slots.taken).isEmpty();
    }

    @Test
    void aNewCodeHasTriesOfItsOwn() {
        OneTimeCodes.Issued first = codes.issue(Challenge.NONE);
        String wrong = first.code().equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            codes.verify(first.delivered(), CodeInput.parse(wrong), slots);
        }
        OneTimeCodes.Issued second = codes.issue(first.delivered());
        assertThat(codes.verify(second.delivered(), CodeInput.parse(second.code()), slots).outcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    /** The shared store as one map: a slot is taken once. */
    static final class TakenSlots implements AttemptSlots {
        final java.util.Set<String> taken = new java.util.HashSet<>();

        @Override
        public boolean claim(String codeId, int attempt, Duration lifespan) {
            assertThat(lifespan).isPositive();
            return taken.add(codeId + ":" + attempt);
        }

        @Override
        public void release(String codeId, int attempt) {
            taken.remove(codeId + ":" + attempt);
        }
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
