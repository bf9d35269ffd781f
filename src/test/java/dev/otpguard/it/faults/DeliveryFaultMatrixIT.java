package dev.otpguard.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.FakeSmtpServer;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import dev.otpguard.it.support.TwilioStandIn;
import dev.otpguard.it.support.UserEvents;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The delivery fault matrix (issue "Abuse resistance", proof 2; checklist D2, D3, G4): every way the mail server
 * or Twilio can fail, each on the channel it belongs to, each in its own realm, through the real login.
 *
 * <p>For every cell: the code page ends with the exact English message and never a 5xx, and offers a new code at
 * once; the request that asks for a code answers before the fault could have held it (codes leave after the
 * request), and the page shows the failure within the configured timeout plus a margin, and not before a stalling
 * fault's timeout cut it off;
 * every user action makes exactly one attempt at the failing service (no automatic retry); after the fault is
 * lifted "Send a new code" delivers exactly one code, a code that went to the failing service does not work, and
 * the delivered one completes the login (the authentication session survived the fault).
 *
 * <p>Some cells repeat single checks of {@code SmsDeliveryIT}, {@code EmailStepIT} and {@code NewDeviceIT}; the
 * matrix runs them all itself so that the whole table is proven in one place. Each run writes the observed table
 * to {@code target/fault-matrix.txt}.
 */
@ExtendWith(TestEnvironment.class)
class DeliveryFaultMatrixIT {

    /** Keycloak's SMTP timeouts in the test realms (realm smtpServer keys; Keycloak's default is 10 s each). */
    static final int SMTP_TIMEOUT_MILLIS = 2000;
    static final Duration SMTP_READ = Duration.ofMillis(SMTP_TIMEOUT_MILLIS);
    static final Duration SMTP_CONNECT = Duration.ofMillis(SMTP_TIMEOUT_MILLIS);
    /** The longest a send may hold the request by configuration: connecting, then one silent read. */
    static final Duration SMTP_LIMIT = Duration.ofMillis(2L * SMTP_TIMEOUT_MILLIS);
    static final Duration TWILIO_READ = Duration.ofMillis(TwilioStandIn.READ_TIMEOUT_MILLIS);
    /** The longest a Twilio call may hold the request: its connect and read timeouts together. */
    static final Duration TWILIO_LIMIT = Duration.ofMillis(
            TwilioStandIn.CONNECT_TIMEOUT_MILLIS + TwilioStandIn.READ_TIMEOUT_MILLIS);
    /**
     * How much longer than its limit a failing request may take: rendering, password hashing, a busy CI host.
     * Limit plus margin (8 s) stays below what a broken cut-off would show: Keycloak's default SMTP timeout (10 s),
     * or the 30 s stall.
     */
    static final Duration MARGIN = Duration.ofSeconds(4);
    /** How long a stalled Twilio would take to answer: far beyond the read timeout. */
    static final Duration TWILIO_STALL_FOR = Duration.ofSeconds(30);

    static final String EMAIL_FAILED = "We could not send the code. Please try again in a moment.";
    static final String SMS_FAILED = "We could not send the SMS. Please try again in a moment, or try another way to sign in.";
    static final String SMS_INVALID_NUMBER =
            "Your phone number cannot receive our SMS. Try another way to sign in, or contact your administrator.";
    static final String SMS_NOT_CONFIGURED =
            "Sending SMS is not set up on this server. Try another way to sign in, or contact your administrator.";
    static final String NO_CODE = "There is no valid code for this sign-in. Request a new code.";
    static final String RETRY_OFFERED = "Did not get a code? You can request a new one.";

    /** One row of the matrix: a fault, the channel it hits, what the user must see, and how to cause it. */
    enum Fault {
        SMTP_REFUSES_CONNECTIONS(ChannelUnderTest.EMAIL, EMAIL_FAILED, SMTP_LIMIT, null,
                "nothing listens on the realm's SMTP port (connection refused)") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new SmtpInjection(env, null, KeycloakServer.freePort());
            }
        },
        SMTP_CONNECT_TIMES_OUT(ChannelUnderTest.EMAIL, EMAIL_FAILED, SMTP_LIMIT, SMTP_CONNECT,
                "connection attempts to the SMTP port are dropped (connect timeout)") {
            @Override
            Injection inject(Env env, TestUser user) {
                return SmtpInjection.fake(env, FakeSmtpServer.Behaviour.UNREACHABLE);
            }
        },
        SMTP_REJECTS_RECIPIENT(ChannelUnderTest.EMAIL, EMAIL_FAILED, SMTP_LIMIT, null,
                "SMTP answers RCPT TO with 550") {
            @Override
            Injection inject(Env env, TestUser user) {
                return SmtpInjection.fake(env, FakeSmtpServer.Behaviour.REJECT_RECIPIENT);
            }
        },
        SMTP_REJECTS_MESSAGE(ChannelUnderTest.EMAIL, EMAIL_FAILED, SMTP_LIMIT, null,
                "SMTP takes the message, then answers 554") {
            @Override
            Injection inject(Env env, TestUser user) {
                return SmtpInjection.fake(env, FakeSmtpServer.Behaviour.REJECT_DATA);
            }
        },
        SMTP_SILENT(ChannelUnderTest.EMAIL, EMAIL_FAILED, SMTP_LIMIT, SMTP_READ,
                "SMTP accepts the connection and never greets") {
            @Override
            Injection inject(Env env, TestUser user) {
                return SmtpInjection.fake(env, FakeSmtpServer.Behaviour.SILENT);
            }
        },
        SMTP_SILENT_AFTER_MESSAGE(ChannelUnderTest.EMAIL, EMAIL_FAILED, SMTP_LIMIT, SMTP_READ,
                "SMTP takes the message and never answers") {
            @Override
            Injection inject(Env env, TestUser user) {
                return SmtpInjection.fake(env, FakeSmtpServer.Behaviour.SILENT_AFTER_DATA);
            }
        },
        TWILIO_400_NUMBER(ChannelUnderTest.SMS, SMS_INVALID_NUMBER, TWILIO_LIMIT, null,
                "Twilio answers 400, error 21211 (number cannot get SMS)") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.failFor(user.phone(), 400, 21211));
            }
        },
        TWILIO_401(ChannelUnderTest.SMS, SMS_NOT_CONFIGURED, TWILIO_LIMIT, null,
                "Twilio answers 401, error 20003 (credentials)") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.failFor(user.phone(), 401, 20003));
            }
        },
        TWILIO_429(ChannelUnderTest.SMS, SMS_FAILED, TWILIO_LIMIT, null,
                "Twilio answers 429, error 20429 (too many requests)") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.failFor(user.phone(), 429, 20429));
            }
        },
        TWILIO_500(ChannelUnderTest.SMS, SMS_FAILED, TWILIO_LIMIT, null,
                "Twilio answers 500, error 20500") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.failFor(user.phone(), 500, 20500));
            }
        },
        TWILIO_STALL(ChannelUnderTest.SMS, SMS_FAILED, TWILIO_LIMIT, TWILIO_READ,
                "Twilio would answer only after 30 s (beyond the read timeout)") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.stallFor(user.phone(), TWILIO_STALL_FOR));
            }
        },
        TWILIO_STALLS_BODY(ChannelUnderTest.SMS, SMS_FAILED, TWILIO_LIMIT, TWILIO_READ,
                "Twilio sends its headers at once, then drips the body over 30 s") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.stallBodyFor(user.phone(), TWILIO_STALL_FOR));
            }
        },
        TWILIO_CONNECTION_RESET(ChannelUnderTest.SMS, SMS_FAILED, TWILIO_LIMIT, null,
                "Twilio resets the connection before answering") {
            @Override
            Injection inject(Env env, TestUser user) {
                return new TwilioInjection(env, user, () -> env.twilio.dropFor(user.phone()));
            }
        };

        final ChannelUnderTest channel;
        final String message;
        /** The longest the configured timeouts let a send hold the request. */
        final Duration limit;
        /** For faults that stall: the timeout that must cut them off (so the request lasts at least this). */
        final Duration cutOffBy;
        final String description;

        Fault(ChannelUnderTest channel, String message, Duration limit, Duration cutOffBy, String description) {
            this.channel = channel;
            this.message = message;
            this.limit = limit;
            this.cutOffBy = cutOffBy;
            this.description = description;
        }

        /** Sets the fault up for this user; the realm is created afterwards, with {@link Injection#smtpPort()}. */
        abstract Injection inject(Env env, TestUser user);
    }

    /** A fault in place, until {@link #lift} removes it. */
    interface Injection extends AutoCloseable {
        /** Where the realm's SMTP points while the fault is on. */
        int smtpPort();

        /** Attempts the failing service saw; empty when it cannot see them (nothing listens). */
        OptionalInt attempts();

        /** Codes that reached the failing service inside failed attempts. */
        List<String> carriedCodes();

        /** Removes the fault: the realm's next send goes through. */
        void lift(String realm, RealmSetup setup);

        /** Messages that really reached the user (GreenMail, or Twilio requests that Twilio accepted). */
        int delivered();

        @Override
        void close();
    }

    /** The realm's mail server fails; lifting points the realm at GreenMail, as an admin fixing the settings would. */
    static final class SmtpInjection implements Injection {
        private final Env env;
        private final FakeSmtpServer fake;
        private final int port;
        private TestUser user;

        SmtpInjection(Env env, FakeSmtpServer fake, int port) {
            this.env = env;
            this.fake = fake;
            this.port = port;
        }

        static SmtpInjection fake(Env env, FakeSmtpServer.Behaviour behaviour) {
            FakeSmtpServer fake = new FakeSmtpServer(behaviour);
            return new SmtpInjection(env, fake, fake.port());
        }

        SmtpInjection forUser(TestUser user) {
            this.user = user;
            return this;
        }

        @Override
        public int smtpPort() {
            return port;
        }

        @Override
        public OptionalInt attempts() {
            // one connection per attempt; where a message was started, one MAIL FROM per connection too
            if (fake == null || fake.behaviour() == FakeSmtpServer.Behaviour.UNREACHABLE) {
                return OptionalInt.empty();
            }
            assertThat(fake.transactions()).as("mail transactions per connection").isLessThanOrEqualTo(fake.connections());
            return OptionalInt.of(fake.connections());
        }

        @Override
        public List<String> carriedCodes() {
            List<String> codes = new ArrayList<>();
            if (fake != null) {
                for (String raw : fake.messages()) {
                    try {
                        String code = Mailbox.codeIn(new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
                        env.mailbox.remember(code);
                        codes.add(code);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return codes;
        }

        @Override
        public void lift(String realm, RealmSetup setup) {
            var response = env.admin.put("/admin/realms/" + realm,
                    Map.of("smtpServer", setup.smtpServer(env.mailbox.port())));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        }

        @Override
        public int delivered() {
            return env.mailbox.messagesTo(user.email()).size();
        }

        @Override
        public void close() {
            if (fake != null) {
                fake.close();
            }
        }
    }

    /** Twilio fails for this user's number only; lifting removes the stub, so Twilio accepts again. */
    static final class TwilioInjection implements Injection {
        private final Env env;
        private final TestUser user;
        private final StubMapping stub;
        /** Requests Twilio got while the fault was on; -1 until it is lifted. */
        private int beforeLift = -1;

        TwilioInjection(Env env, TestUser user, Supplier<StubMapping> fault) {
            this.env = env;
            this.user = user;
            this.stub = fault.get();
        }

        private int requests() {
            return env.twilio.messagesTo(user.phone()).size();
        }

        @Override
        public int smtpPort() {
            return env.mailbox.port();
        }

        @Override
        public OptionalInt attempts() {
            return OptionalInt.of(beforeLift < 0 ? requests() : beforeLift);
        }

        @Override
        public List<String> carriedCodes() {
            List<String> codes = new ArrayList<>();
            int failed = attempts().getAsInt();
            for (int n = 1; n <= failed; n++) {
                codes.add(env.twilio.awaitCode(user.phone(), n));
            }
            return codes;
        }

        @Override
        public void lift(String realm, RealmSetup setup) {
            beforeLift = requests();
            env.twilio.remove(stub);
        }

        @Override
        public int delivered() {
            return requests() - beforeLift;
        }

        @Override
        public void close() {
            env.twilio.remove(stub);
        }
    }

    private static Path matrixFile() {
        return Path.of(System.getProperty("otpguard.project.dir", "."), "target", "fault-matrix.txt");
    }

    @BeforeAll
    static void startTheTable() throws Exception {
        Files.createDirectories(matrixFile().getParent());
        Files.writeString(matrixFile(), "| fault | channel | message on the page | page answered (first send / resend) "
                + "| failure shown (first send / resend) | attempts per user action | after the fault is lifted |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void aDeliveryFaultEndsInAClearMessageHoldsNoThreadSendsOnceAndLeavesTheLoginIntact(Fault fault, Env env)
            throws Exception {
        ChannelUnderTest channel = fault.channel;
        TestUser user = ChannelUnderTest.newUser("fault");
        Duration bound = fault.limit.plus(MARGIN);

        try (Injection injection = fault.inject(env, user)) {
            if (injection instanceof SmtpInjection smtp) {
                smtp.forUser(user);
            }
            RealmSetup setup = RealmSetup.realm(env).step(channel.stepId()).smtpPort(injection.smtpPort())
                    .smtpSetting("timeout", Integer.toString(SMTP_TIMEOUT_MILLIS))
                    .smtpSetting("connectionTimeout", Integer.toString(SMTP_TIMEOUT_MILLIS))
                    .smtpSetting("writeTimeout", Integer.toString(SMTP_TIMEOUT_MILLIS));
            String realm = setup.create(env);
            env.admin.createUser(realm, user.username(), user.email(), user.phone(), null, RealmSetup.PASSWORD);
            Login login = new Login(env, realm);
            Page loginPage = login.open();

            // 1. the first send, right after the password, fails
            long started = System.nanoTime();
            Page sending = login.browser().submit(loginPage, "kc-form-login",
                    Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
            Duration firstAnswer = Duration.ofNanos(System.nanoTime() - started);
            assertNotHeld(fault, sending, firstAnswer, "password POST");
            Page failed = login.awaitSend(sending);
            Duration firstSend = Duration.ofNanos(System.nanoTime() - started);
            assertFailedPage(fault, failed, user);
            assertFailureShownWithin(fault, firstSend, bound, "first send");
            assertAttempts(env, realm, user, injection, 1);

            // 2. "send a new code" while the fault lasts: one more attempt, the same clear page, no cooldown
            started = System.nanoTime();
            Page resending = login.resend(failed);
            Duration resendAnswer = Duration.ofNanos(System.nanoTime() - started);
            assertNotHeld(fault, resending, resendAnswer, "resend POST");
            Page failedAgain = login.awaitSend(resending);
            Duration resend = Duration.ofNanos(System.nanoTime() - started);
            assertFailedPage(fault, failedAgain, user);
            assertFailureShownWithin(fault, resend, bound, "resend under the fault");
            assertAttempts(env, realm, user, injection, 2);
            List<String> carried = injection.carriedCodes();
            Page beforeLift = failedAgain;
            if (!carried.isEmpty()) {
                // a code that reached the failing service (Twilio may still deliver it, a mail server may have
                // queued it) does not sign in: the page said it was not sent
                beforeLift = login.enterCode(failedAgain, carried.get(carried.size() - 1));
                assertThat(beforeLift.isRedirectToApp()).as("a code whose delivery failed signs in").isFalse();
                assertThat(beforeLift.status()).isEqualTo(200);
                assertThat(beforeLift.error()).isEqualTo(NO_CODE);
            }

            // 3. the fault is lifted: the same login gets exactly one new code, and only that code completes it
            injection.lift(realm, setup);
            Page resent = login.resend(beforeLift);
            assertThat(resent.status()).isEqualTo(200);
            assertThat(resent.text()).doesNotContain(fault.message);
            assertThat(resent.info()).isEqualTo("A new code goes to " + channel.masked(user)
                    + ". Earlier codes no longer work.");
            String code = channel.awaitCode(env, user, channel == ChannelUnderTest.SMS ? 3 : 1);
            Page current = resent;
            for (String old : carried) {
                if (!old.equals(code)) {
                    current = login.enterCode(current, old);
                    assertThat(current.isRedirectToApp()).as("a code whose delivery failed signs in").isFalse();
                    assertThat(current.status()).isEqualTo(200);
                    assertThat(current.error()).startsWith("Wrong code.");
                }
            }
            Page done = login.enterCode(current, code);
            assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
            JsonNode idToken = login.exchange(done);
            assertThat(idToken.path("preferred_username").asText()).isEqualTo(user.username());

            // nothing was sent twice, not even late: three user actions, three attempts, one delivery
            int delivered = injection.delivered();
            assertThat(delivered).as("codes delivered after the fault was lifted").isEqualTo(1);
            assertThat(channel.sent(env, user)).as("messages on the channel")
                    .isEqualTo(channel == ChannelUnderTest.SMS ? 3 : 1);
            assertAttempts(env, realm, user, injection, 2);
            List<JsonNode> events = UserEvents.of(env, realm, user.username());
            assertThat(count(events, "SEND_VERIFY_EMAIL", null)).as("successful sends").isEqualTo(1);

            record(fault, firstAnswer, resendAnswer, firstSend, resend, injection, delivered);
        }
    }

    private static void assertFailedPage(Fault fault, Page page, TestUser user) {
        // exact English text of the message key (messages_en.properties), as a user reads it
        assertThat(page.status()).as("HTTP status of the failed send").isEqualTo(200);
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(page.error()).isEqualTo(fault.message);
        // the page never claims a code was sent, and offers a new one at once (checklist D3)
        assertThat(page.byId("otp-guard-destination")).doesNotContain("We sent").doesNotContain("goes to");
        assertThat(page.byId("otp-guard-resend-hint")).isEqualTo(RETRY_OFFERED);
        // no provider text, stack trace or raw destination on the page (checklist G4)
        assertThat(page.body()).doesNotContain("Exception").doesNotContain("twilio.com")
                .doesNotContain("Recipient address rejected").doesNotContain("Message refused")
                .doesNotContain("timed out").doesNotContain("refused").doesNotContain(user.phone())
                .doesNotContain(user.email());
    }

    /**
     * The request that asked for the code answered with the code page saying "sending", before the fault could have
     * held it: a stalling fault holds a send until its timeout, and the answer came sooner (checklist D2).
     */
    private static void assertNotHeld(Fault fault, Page page, Duration took, String what) {
        assertThat(page.status()).as("HTTP status of the " + what).isEqualTo(200);
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(page.document().getElementById("otp-guard-delivery").attr("data-status"))
                .as("the page right after the " + what).isEqualTo("sending");
        Duration heldBy = fault.cutOffBy == null ? fault.limit : fault.cutOffBy;
        assertThat(took).as(what + " took " + took.toMillis() + " ms: the send held it").isLessThan(heldBy.minusMillis(200));
    }

    /** The page showed the failure within the configured timeouts plus a margin, and not before they cut it off. */
    private static void assertFailureShownWithin(Fault fault, Duration took, Duration bound, String what) {
        assertThat(took).as(what + " failure shown after " + took.toMillis() + " ms; bound " + bound.toMillis()
                + " ms").isLessThan(bound);
        if (fault.cutOffBy != null) {
            // proves the fault really held the send until a timeout cut it off
            assertThat(took).as(what + " ended before the timeout, so the fault did not stall it")
                    .isGreaterThanOrEqualTo(fault.cutOffBy.minusMillis(200));
        }
    }

    /** Exactly {@code n} attempts so far: one per user action, at the failing service and in the events. */
    private static void assertAttempts(Env env, String realm, TestUser user, Injection injection, int n) {
        OptionalInt seen = injection.attempts();
        if (seen.isPresent()) {
            assertThat(seen.getAsInt()).as("attempts at the failing service").isEqualTo(n);
        }
        List<JsonNode> events = UserEvents.of(env, realm, user.username());
        assertThat(count(events, "SEND_VERIFY_EMAIL_ERROR", "otp_send_failed")).as("failed-send events").isEqualTo(n);
    }

    private static long count(List<JsonNode> events, String type, String error) {
        return events.stream().filter(e -> type.equals(e.path("type").asText()))
                .filter(e -> error == null ? !e.has("error") : error.equals(e.path("error").asText()))
                .count();
    }

    private static synchronized void record(Fault fault, Duration firstAnswer, Duration resendAnswer, Duration first,
                                            Duration resend, Injection injection, int delivered)
            throws java.io.IOException {
        String attempts = injection.attempts().isPresent()
                ? "1 + 1 (" + injection.attempts().getAsInt() + " seen by the server)" : "1 + 1 (events; the server cannot see them)";
        Files.writeString(matrixFile(), "| " + fault.description + " | " + fault.channel + " | " + fault.message
                + " | " + firstAnswer.toMillis() + " ms / " + resendAnswer.toMillis() + " ms | " + first.toMillis()
                + " ms / " + resend.toMillis() + " ms (bound "
                + fault.limit.plus(MARGIN).toMillis() + " ms) | " + attempts + " | " + delivered
                + " code delivered, login completed |\n", StandardOpenOption.APPEND);
    }
}
