package dev.otpguard.bench;

/** What one virtual user's login looks like, per scenario of the issue (numbers as there). */
enum Scenario {
    PASSWORD("1", "password only", SecondStep.NONE),
    TOTP("2", "password + Keycloak's OTP form (TOTP)", SecondStep.TOTP),
    EMAIL("3", "password + our email code", SecondStep.EMAIL),
    SMS("4", "password + our SMS code", SecondStep.SMS),
    RETURNING_DEVICE("5", "3 behind 'Condition - new device', returning device", SecondStep.NONE),
    PASSWORD_WHILE_SMS_STALLS("6", "1 while other users' SMS stall", SecondStep.NONE),
    ONE_KNOWN_DEVICE("5a", "returning device, user with 1 known device", SecondStep.NONE),
    MANY_KNOWN_DEVICES("5b", "returning device, user with many known devices", SecondStep.NONE);

    /** What follows the password form. NONE: the password POST must end at the application. */
    enum SecondStep { NONE, TOTP, EMAIL, SMS }

    final String id;
    final String title;
    final SecondStep step;

    Scenario(String id, String title, SecondStep step) {
        this.id = id;
        this.title = title;
        this.step = step;
    }

    String label() {
        return id + " " + title;
    }
}
