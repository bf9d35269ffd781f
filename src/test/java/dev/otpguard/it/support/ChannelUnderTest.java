package dev.otpguard.it.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The code channels the shared rule suite runs over: where a test user's code arrives and how the page names
 * the destination. Email codes land in GreenMail; SMS codes go through twilio-java to the Twilio stand-in.
 */
public enum ChannelUnderTest {
    EMAIL("otp-guard-email") {
        @Override
        public String awaitCode(TestEnvironment.Env env, TestUser user, int n) {
            return env.mailbox.awaitCode(user.email(), n);
        }

        @Override
        public int sent(TestEnvironment.Env env, TestUser user) {
            return env.mailbox.messagesTo(user.email()).size();
        }

        @Override
        public String masked(TestUser user) {
            return user.email().charAt(0) + "***@e***.test";
        }
    },
    SMS("otp-guard-sms") {
        @Override
        public String awaitCode(TestEnvironment.Env env, TestUser user, int n) {
            return env.twilio.awaitCode(user.phone(), n);
        }

        @Override
        public int sent(TestEnvironment.Env env, TestUser user) {
            return env.twilio.messagesTo(user.phone()).size();
        }

        @Override
        public String masked(TestUser user) {
            return "…" + user.phone().substring(user.phone().length() - 2);
        }
    };

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String stepId;

    ChannelUnderTest(String stepId) {
        this.stepId = stepId;
    }

    public String stepId() {
        return stepId;
    }

    /** The code in the n-th message (1-based) to this user on this channel. */
    public abstract String awaitCode(TestEnvironment.Env env, TestUser user, int n);

    /** How many messages this user got on this channel. */
    public abstract int sent(TestEnvironment.Env env, TestUser user);

    /** How the page shows this user's destination. */
    public abstract String masked(TestUser user);

    /** A fresh user with a unique address and a unique verified German mobile number. */
    public static TestUser newUser(String prefix) {
        int n = NEXT.incrementAndGet();
        long unique = (System.nanoTime() / 1000 + n) % 100_000_000L;
        String name = prefix + n + "-" + Long.toString(unique, 36);
        return new TestUser(name, name + "@example.test", String.format("+49151%08d", unique));
    }

    /** A test user: login name, email address and verified phone number. */
    public record TestUser(String username, String email, String phone) {
    }
}
