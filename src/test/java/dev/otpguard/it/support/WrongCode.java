package dev.otpguard.it.support;

/** A code of the same length that is certainly wrong: the right one with its last digit changed. */
public final class WrongCode {

    private WrongCode() {
    }

    public static String besides(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
