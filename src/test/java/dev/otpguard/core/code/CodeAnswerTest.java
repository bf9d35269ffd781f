package dev.otpguard.core.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.core.code.CodeAnswer.Argument;
import dev.otpguard.core.code.CodeAnswer.Flow;
import dev.otpguard.core.code.CodeAnswer.Report;
import dev.otpguard.core.code.OneTimeCodes.Verification.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodeAnswerTest {

    @Test
    void theRightCodePassesTheStepAndIsReported() {
        assertThat(CodeAnswer.to(Outcome.ACCEPTED, null))
                .isEqualTo(new CodeAnswer(Flow.ACCEPTED, null, Argument.NONE, Report.VERIFIED, false));
    }

    @Test
    void onlyAWrongGuessCountsAndTellsTheTriesLeft() {
        assertThat(CodeAnswer.to(Outcome.WRONG, null)).isEqualTo(new CodeAnswer(Flow.WRONG_GUESS,
                "otpGuardWrongCode", Argument.ATTEMPTS_LEFT, Report.WRONG_CODE, true));
        assertThat(CodeAnswer.to(Outcome.LOCKED, null)).isEqualTo(new CodeAnswer(Flow.WRONG_GUESS,
                "otpGuardCodeAttemptsExhausted", Argument.NONE, Report.CODE_LOCKED, true));
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"DEAD", "EXPIRED", "NO_CODE", "WRONG_LENGTH", "MALFORMED"})
    void whatIsNoGuessShowsThePageAgainAndCountsNothing(Outcome outcome) {
        CodeAnswer answer = CodeAnswer.to(outcome, CodeInput.Problem.EMPTY);
        assertThat(answer.flow()).isEqualTo(Flow.SHOW_AGAIN);
        assertThat(answer.countsAsWrong()).isFalse();
        assertThat(answer.messageKey()).isNotBlank();
    }

    @Test
    void anAlreadyDeadCodeSaysSoWithoutANewEvent() {
        assertThat(CodeAnswer.to(Outcome.DEAD, null).messageKey()).isEqualTo("otpGuardCodeAttemptsExhausted");
        assertThat(CodeAnswer.to(Outcome.DEAD, null).report()).isEqualTo(Report.NONE);
        assertThat(CodeAnswer.to(Outcome.EXPIRED, null).report()).isEqualTo(Report.EXPIRED);
    }

    @Test
    void inputThatIsNoCodeSaysWhatIsWrongWithIt() {
        assertThat(CodeAnswer.to(Outcome.MALFORMED, CodeInput.Problem.EMPTY).messageKey())
                .isEqualTo("otpGuardCodeMissing");
        assertThat(CodeAnswer.to(Outcome.MALFORMED, CodeInput.Problem.NON_ASCII_DIGITS).messageKey())
                .isEqualTo("otpGuardCodeAsciiDigits");
        assertThat(CodeAnswer.to(Outcome.MALFORMED, CodeInput.Problem.TOO_LONG).messageKey())
                .isEqualTo("otpGuardCodeInvalid");
        assertThat(CodeAnswer.to(Outcome.MALFORMED, CodeInput.Problem.NOT_DIGITS).messageKey())
                .isEqualTo("otpGuardCodeInvalid");
        assertThat(CodeAnswer.to(Outcome.WRONG_LENGTH, null).argument()).isEqualTo(Argument.CODE_LENGTH);
    }
}
