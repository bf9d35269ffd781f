package dev.otpguard.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.it.corpus.Corpus.Case;
import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Element;

/**
 * The page groups whose cases are signed values the server handed out: the device cookie read by "Condition -
 * new device", and the links of the "this wasn't me" and undo emails. Their realms sign with a key the test
 * knows ({@link RealmSetup#fixedSigningKey()}), so a case can also be a token the server could have made, to
 * reach the checks behind the signature.
 */
final class LinkGroups {

    static final String DEVICE_COOKIE = "OTP_GUARD_DEVICE";

    private LinkGroups() {
    }

    /** Signs in on this browser with the email code; returns the device cookie the browser got. */
    private static String signIn(PageGroup group, Browser browser, TestUser user) {
        Login login = group.login(browser);
        int n = group.env.mailbox.messagesTo(user.email()).size() + 1;
        Page page = login.passwordStep(user.username());
        assertThat(page.isCodePage()).as(page.text()).isTrue();
        assertThat(login.enterCode(page, group.env.mailbox.awaitCode(user.email(), n)).isRedirectToApp()).isTrue();
        return browser.cookies().get(DEVICE_COOKIE);
    }

    /**
     * OTP_GUARD_DEVICE: whatever is wrong with it, the browser is a new device (checklist E3): the code page, no
     * error. Each case is a login of its own, in a browser of its own.
     */
    static final class DeviceCookie extends PageGroup {
        private RealmSetup setup;
        private TestUser victim;
        private String genuine;
        private String others;
        private Login login;
        private int codeNumber;

        DeviceCookie(Env env) {
            super(env);
        }

        @Override
        void setUp() {
            // every case ends in a login, and so in one more known device: the cap must not forget the genuine one
            setup = corpusRealm(env).placement(Placement.NEW_DEVICE).fixedSigningKey()
                    .deviceConfig("alert", "false").deviceConfig("maxDevices", "100");
            create(setup);
            victim = ChannelUnderTest.newUser("corpus-device");
            String victimId = user(victim.username(), victim.email(), null);
            TestUser other = ChannelUnderTest.newUser("corpus-device-other");
            String otherId = user(other.username(), other.email(), null);
            genuine = signIn(this, env.browser(), victim);
            others = signIn(this, env.browser(), other);
            vars.put("masked", ChannelUnderTest.EMAIL.masked(victim));
            vars.put("victim-id", victimId);
            vars.put("other-user-id", otherId);
            vars.put("unknown-user-id", UUID.randomUUID().toString());

            // controls, so that "new device" below means the cookie was refused and not that cookies never work:
            // the genuine cookie is known, and so is the same token signed here with the realm's key
            assertThat(Jwt.parse(genuine).header.path("kid").asText()).isEqualTo(RealmSetup.FIXED_KEY_ID);
            assertThat(asksForCode(genuine)).as("the genuine cookie is a known device").isFalse();
            String resigned = Transform.apply("~sign", genuine, setup.fixedSigningSecret(), vars);
            assertThat(resigned).isNotEqualTo(genuine);
            assertThat(asksForCode(resigned)).as("a cookie signed here with the realm's key is known").isFalse();
        }

        private boolean asksForCode(String cookie) {
            Browser browser = env.browser();
            browser.cookies().put(DEVICE_COOKIE, cookie);
            return login(browser).passwordStep(victim.username()).isCodePage();
        }

        @Override
        Page run(Case c) {
            if (!c.part().equals("cookie")) {
                throw new IllegalArgumentException("the device-cookie group only has cookie cases: " + c.id());
            }
            Browser browser = env.browser();
            if (!c.absent()) {
                byte[] key = setup.fixedSigningSecret();
                String value = c.value().equals("~other-user") ? others
                        : c.value().startsWith("~") ? Transform.apply(c.value(), genuine, key, vars)
                        : fill(c.decoded());
                browser.cookies().put(c.target(), value);
            }
            login = login(browser);
            // codes leave after the request: once this page's code has left, and every earlier case's did, the
            // inbox holds them all in order, and this case's code is the last
            Page page = login.awaitSend(login.passwordStep(victim.username()));
            codeNumber = env.mailbox.messagesTo(victim.email()).size();
            return page;
        }

        /** Each case is a login of its own; at the end of a chain, its code must sign the user in. */
        @Override
        void stillUsable(Case c, Page result) {
            if (chainEnds(c)) {
                String after = afterChain();
                Page done = login.enterCode(result, env.mailbox.awaitCode(victim.email(), codeNumber));
                assertThat(done.isRedirectToApp()).as("the right code must sign in " + after + ": " + done.text())
                        .isTrue();
            }
        }
    }

    /**
     * A link from an email that secures the account: the "this wasn't me" link of a new-device alert, or the undo
     * link of a contact-change notice. Afterwards nothing has happened to the account, and the genuine link still
     * shows its confirmation page.
     */
    abstract static class ActionLink extends PageGroup {
        RealmSetup setup;
        TestUser victim;
        String link;
        String confirmKey;
        Object[] confirmArgs = new Object[0];

        ActionLink(Env env) {
            super(env);
        }

        /** The account is as it was: no lockdown, contact unchanged. */
        abstract void untouched();

        void control() {
            Page confirm = env.browser().get(link);
            assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
            String want = new java.text.MessageFormat(Expectation.Messages.ours().getProperty(confirmKey),
                    java.util.Locale.ENGLISH).format(confirmArgs);
            assertThat(confirm.text()).contains(want);
            assertThat(proceed(confirm)).isNotNull();
        }

        static String proceed(Page page) {
            Element a = page.document() == null ? null : page.document().selectFirst("a[href*=action-token]");
            return a == null ? null : a.absUrl("href");
        }

        private String token(Case c, String genuineKey) {
            return c.value().startsWith("~") ? Transform.apply(c.value(), genuineKey, setup.fixedSigningSecret(), vars)
                    : fill(c.decoded());
        }

        @Override
        Page run(Case c) {
            Browser browser = env.browser();
            String key = param(link, "key");
            switch (c.part()) {
                case "token" -> {
                    return browser.get(withParam(link, "key", c.absent() ? null : token(c, key)));
                }
                case "token-confirmed" -> {
                    Page first = browser.get(withParam(link, "key", token(c, key)));
                    String next = proceed(first);
                    return next == null ? first : browser.get(next);
                }
                case "link-query" -> {
                    return browser.get(withParam(link, c.target(), c.absent() ? null : fill(c.decoded())));
                }
                case "link-method" -> {
                    byte[] body = c.absent() ? null : fill(c.decoded()).getBytes(StandardCharsets.UTF_8);
                    return browser.send(c.target(), link, body == null ? null : FORM, body);
                }
                case "confirm-link" -> {
                    String next = proceed(browser.get(link));
                    assertThat(next).isNotNull();
                    if (c.value().equals("~other-browser")) {
                        return env.browser().get(next);
                    }
                    return browser.get(withParam(next, "key", token(c, param(next, "key"))));
                }
                default -> throw new IllegalArgumentException(c.page() + " has no part " + c.part());
            }
        }

        /** Whatever a case did, the account stays as it was (a lockdown cannot be undone, so checking once per
         * chain catches any case of the chain), and the genuine link still shows its confirmation. */
        @Override
        void stillUsable(Case c, Page result) {
            if (chainEnds(c)) {
                String after = afterChain();
                try {
                    untouched();
                    control();
                } catch (AssertionError e) {
                    throw new AssertionError(after + ": " + e.getMessage(), e);
                }
            }
        }

        JsonNode stored() {
            return env.admin.get("/admin/realms/" + realm + "/users/" + vars.get("victim-id"));
        }

        void assertNoLockdown() {
            JsonNode user = stored();
            assertThat(user.path("requiredActions").toString()).as("the case must not lock the account down")
                    .doesNotContain("UPDATE_PASSWORD");
        }
    }

    /** "This wasn't me" from the new-device alert (action token otp-guard-not-me). */
    static final class NotMe extends ActionLink {
        NotMe(Env env) {
            super(env);
        }

        @Override
        void setUp() {
            setup = corpusRealm(env).placement(Placement.NEW_DEVICE).fixedSigningKey()
                    .deviceConfig("alertFirstLogin", "true");
            create(setup);
            victim = ChannelUnderTest.newUser("corpus-notme");
            user(victim.username(), victim.email(), null);
            Browser browser = env.browser();
            Login login = login(browser);
            Page page = login.passwordStep(victim.username());
            assertThat(login.enterCode(page, env.mailbox.awaitCode(victim.email(), 1)).isRedirectToApp()).isTrue();
            link = linkIn(env.mailbox.awaitMessage(victim.email(), 2));
            confirmKey = "otpGuardNotMeConfirm";
            vars.put("unknown-user-id", UUID.randomUUID().toString());
            vars.put("victim-id", env.admin.userId(realm, victim.username()));
            assertThat(Jwt.parse(param(link, "key")).header.path("kid").asText()).isEqualTo(RealmSetup.FIXED_KEY_ID);
            control();
        }

        @Override
        void untouched() {
            assertNoLockdown();
            assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + vars.get("victim-id") + "/sessions"))
                    .as("the user's session was not ended").isNotEmpty();
        }
    }

    /** The undo link of a contact-change notice (action token otp-guard-revert-contact). */
    static final class RevertContact extends ActionLink {
        private String newEmail;

        RevertContact(Env env) {
            super(env);
        }

        @Override
        void setUp() {
            setup = corpusRealm(env).placement(Placement.PASSWORD_ONLY).fixedSigningKey()
                    .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false"));
            create(setup);
            victim = ChannelUnderTest.newUser("corpus-revert");
            user(victim.username(), victim.email(), null);
            Login login = login(env.browser());
            Page form = FormGroups.startAction(this, login, victim.username(), "otp-guard-update-email");
            newEmail = FormGroups.newAddress("corpus-moved");
            Page codePage = login.browser().submit(form, "otp-guard-email-form", Map.of("email", newEmail));
            Page done = login.enterCode(codePage, env.mailbox.awaitCode(newEmail, 1));
            assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
            link = linkIn(env.mailbox.awaitMessage(victim.email(), 1));
            confirmKey = "otpGuardRevertConfirm.email";
            confirmArgs = new Object[] {MaskedDestination.email(newEmail)};
            vars.put("masked-new", MaskedDestination.email(newEmail));
            vars.put("unknown-user-id", UUID.randomUUID().toString());
            vars.put("victim-id", env.admin.userId(realm, victim.username()));
            control();
        }

        @Override
        void untouched() {
            assertNoLockdown();
            assertThat(stored().get("email").asText()).as("the change was not undone").isEqualTo(newEmail);
        }
    }

    static String linkIn(jakarta.mail.internet.MimeMessage message) {
        return Mailbox.textOf(message).lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
    }
}
