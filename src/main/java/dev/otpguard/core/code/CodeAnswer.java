package dev.otpguard.core.code;

import dev.otpguard.core.code.OneTimeCodes.Verification.Outcome;

/**
 * How the code page answers one checked code: the table from a {@link Outcome} (and, for input that is no code,
 * its {@link CodeInput.Problem}) to what the flow does, which message the page shows, what is reported and
 * whether the try counts toward the hourly wrong-code limit and Keycloak's brute-force detector. Kept apart from
 * the page so every row is unit-tested.
 *
 * @param flow         what the authentication flow does next
 * @param messageKey   the page's message; null when the code is accepted
 * @param argument     what the message's {0} is
 * @param report       the event to emit
 * @param countsAsWrong a guess that was wrong: counted across logins and reported to the brute-force detector
 */
public record CodeAnswer(Flow flow, String messageKey, Argument argument, Report report, boolean countsAsWrong) {

    /** What the authentication flow does next. */
    public enum Flow {
        /** the code was right: the step succeeds */
        ACCEPTED,
        /** a wrong guess: the page again, reported to the flow as a failure */
        WRONG_GUESS,
        /** the page again with a message; nothing was guessed */
        SHOW_AGAIN
    }

    /** What fills the message's placeholder. */
    public enum Argument { NONE, ATTEMPTS_LEFT, CODE_LENGTH }

    /** The event the answer emits. */
    public enum Report { NONE, VERIFIED, WRONG_CODE, CODE_LOCKED, EXPIRED }

    public static CodeAnswer to(Outcome outcome, CodeInput.Problem problem) {
        return switch (outcome) {
            case ACCEPTED -> new CodeAnswer(Flow.ACCEPTED, null, Argument.NONE, Report.VERIFIED, false);
            case WRONG -> new CodeAnswer(Flow.WRONG_GUESS, "otpGuardWrongCode", Argument.ATTEMPTS_LEFT,
                    Report.WRONG_CODE, true);
            case LOCKED -> new CodeAnswer(Flow.WRONG_GUESS, "otpGuardCodeAttemptsExhausted", Argument.NONE,
                    Report.CODE_LOCKED, true);
            case DEAD -> shown("otpGuardCodeAttemptsExhausted", Argument.NONE, Report.NONE);
            case EXPIRED -> shown("otpGuardCodeExpired", Argument.NONE, Report.EXPIRED);
            case NO_CODE -> shown("otpGuardNoCode", Argument.NONE, Report.NONE);
            case WRONG_LENGTH -> shown("otpGuardCodeLength", Argument.CODE_LENGTH, Report.NONE);
            case MALFORMED -> shown(malformed(problem), Argument.CODE_LENGTH, Report.NONE);
        };
    }

    private static CodeAnswer shown(String messageKey, Argument argument, Report report) {
        return new CodeAnswer(Flow.SHOW_AGAIN, messageKey, argument, report, false);
    }

    private static String malformed(CodeInput.Problem problem) {
        if (problem == null) {
            return "otpGuardCodeInvalid";
        }
        return switch (problem) {
            case EMPTY -> "otpGuardCodeMissing";
            case NON_ASCII_DIGITS -> "otpGuardCodeAsciiDigits";
            case TOO_LONG, NOT_DIGITS -> "otpGuardCodeInvalid";
        };
    }
}
