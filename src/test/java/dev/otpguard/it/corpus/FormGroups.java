package dev.otpguard.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpguard.core.contact.MaskedDestination;
import dev.otpguard.it.corpus.Corpus.Case;
import dev.otpguard.it.support.ChannelUnderTest;
import dev.otpguard.it.support.ChannelUnderTest.TestUser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup.Placement;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page groups whose cases are form submissions: the code pages, phone setup and the contact-change forms.
 * A chain of cases shares one login: each case is sent from the page the previous one left, the session must
 * come back to the same page after it, and at the end of the chain the proof runs.
 */
final class FormGroups {

    static final String CODE_FORM = "otp-guard-code-form";
    static final String PHONE_FORM = "otp-guard-phone-form";
    static final String EMAIL_FORM = "otp-guard-email-form";
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private FormGroups() {
    }

    /** A fresh valid German mobile number, never used before in this run. */
    static String newNumber() {
        return ChannelUnderTest.newUser("n").phone();
    }

    static String newAddress(String prefix) {
        return prefix + UNIQUE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36)
                + "@example.test";
    }

    /** Signs in (password only) and starts a required action the way an application does, with kc_action. */
    static Page startAction(PageGroup group, Login login, String username, String action) {
        assertThat(login.passwordStep(username).isRedirectToApp()).isTrue();
        return login.browser().get(Login.authUrl(group.env.baseUrl(), group.realm) + "&kc_action=" + action);
    }

    /**
     * A page with a code form. The proof at the end of a chain: the code sent when the chain began still does
     * its job, so no case used it up, replaced it or lost the session.
     */
    abstract static class CodePage extends PageGroup {
        Login login;
        Page page;
        String code;
        private Page before;

        CodePage(Env env) {
            super(env);
        }

        /** Starts a session at the code page: sets {@link #login}, {@link #page} and {@link #code}. */
        abstract void start();

        /** Enters the right code on the page; asserts the step is done. */
        abstract void finish(Page page);

        /** A wrong but well-formed code uses up a try: such a case gets a login of its own. */
        static boolean usesATry(Case c) {
            return c.expect().startsWith("error=otpGuardWrongCode");
        }

        @Override
        Page run(Case c) {
            if (page != null && usesATry(c)) {
                prove();
            }
            if (page == null) {
                start();
            }
            before = page;
            return sendFormCase(login.browser(), page, CODE_FORM, Map.of("code", ""), Map.of("code", ""), c);
        }

        @Override
        void stillUsable(Case c, Page result) {
            page = resume(login, before, result, CODE_FORM);
            if (chainEnds(c) || usesATry(c)) {
                prove();
            }
        }

        /** The right code, sent when the chain began, still completes the step. */
        private void prove() {
            String after = afterChain();
            Page current = page;
            page = null;
            try {
                finish(current);
            } catch (AssertionError e) {
                throw new AssertionError("the right code no longer works " + after + ": " + e.getMessage(), e);
            }
        }

        @Override
        void reset() {
            super.reset();
            page = null;
        }
    }

    /** The code page of a login step (otp-guard-email or otp-guard-sms). */
    static final class CodeStep extends CodePage {
        private final ChannelUnderTest channel;
        private TestUser user;

        CodeStep(Env env, ChannelUnderTest channel) {
            super(env);
            this.channel = channel;
        }

        @Override
        void setUp() {
            // a long cooldown: every resend in the corpus is refused the same way, and no case sends a code
            create(corpusRealm(env).step(channel.stepId()).config("resendCooldownSeconds", "600")
                    .config("maxAttempts", "10"));
            user = ChannelUnderTest.newUser("corpus-" + channel.name().toLowerCase());
            user(user.username(), user.email(), user.phone());
            vars.put("masked", channel.masked(user));
        }

        @Override
        void start() {
            login = login(env.browser());
            int n = channel.sent(env, user) + 1;
            page = login.passwordStep(user.username());
            assertThat(page.isCodePage()).as(page.text()).isTrue();
            code = channel.awaitCode(env, user, n);
            vars.put("right", code);
        }

        @Override
        void finish(Page current) {
            Page done = login.enterCode(current, code);
            assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
        }
    }

    /** The code page of "Update email (confirmed)" for the new address; the right code completes the change. */
    static final class UpdateEmailCode extends CodePage {
        private TestUser mover;
        private String moverId;
        private String address;

        UpdateEmailCode(Env env) {
            super(env);
        }

        @Override
        void setUp() {
            create(corpusRealm(env).placement(Placement.PASSWORD_ONLY)
                    .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false")));
            mover = ChannelUnderTest.newUser("corpus-confirm");
            moverId = user(mover.username(), mover.email(), null);
        }

        @Override
        void start() {
            login = login(env.browser());
            Page form = startAction(this, login, mover.username(), "otp-guard-update-email");
            address = newAddress("corpus-confirm");
            page = login.browser().submit(form, EMAIL_FORM, Map.of("email", address));
            assertThat(page.isCodePage()).as(page.text()).isTrue();
            code = env.mailbox.awaitCode(address, 1);
            vars.put("right", code);
            vars.put("masked", MaskedDestination.email(address));
        }

        @Override
        void finish(Page current) {
            Page done = login.enterCode(current, code);
            assertThat(done.isRedirectToApp()).as(done.text()).isTrue();
            assertThat(done.url()).contains("kc_action_status=success");
            assertThat(env.admin.get("/admin/realms/" + realm + "/users/" + moverId).get("email").asText())
                    .isEqualTo(address);
        }
    }

    /**
     * A form where the user types a new contact (phone setup, email change, phone change). The proof at the end of
     * a chain: a valid value still gets a code. A case whose value is taken (a number in Arabic-Indic digits is
     * still a number) ends its chain: the code page it reached is the proof.
     */
    abstract static class ContactForm extends PageGroup {
        private final String formId;
        Login login;
        private Page page;
        private Page before;

        ContactForm(Env env, String formId) {
            super(env);
            this.formId = formId;
        }

        /** A new login at the form. */
        abstract Page start();

        /** The fields a person sends, except the one a case changes. */
        abstract Map<String, String> base();

        /** The fields sent when a case changes the URL, method or a cookie: they earn a known message. */
        abstract Map<String, String> neutral();

        /** A value that must be accepted. */
        abstract Map<String, String> valid();

        @Override
        Page run(Case c) {
            if (page == null) {
                chain.clear();
                page = start();
            }
            before = page;
            Page result = sendFormCase(login.browser(), page, formId, base(), neutral(), c);
            // a value that was taken gets a code, which leaves after the request: the case's answer is what the page
            // says once it knows whether the code left
            return result.isCodePage() ? login.awaitSend(result) : result;
        }

        @Override
        void stillUsable(Case c, Page result) {
            if (result.isCodePage()) {
                // the value was taken and a code sent (or tried): the session went on to the code page
                String after = afterChain();
                page = null;
                if (!result.document().select("#input-error-code, .pf-v5-c-alert.pf-m-danger").isEmpty()) {
                    // a failed send: "use a different one" leads back, and a valid value gets a code
                    Page form = login.browser().submit(result, "otp-guard-change-form", Map.of());
                    Page next = login.browser().submit(form, formId, valid());
                    assertThat(next.isCodePage()).as("a valid value must get a code " + after + ": " + next.text())
                            .isTrue();
                }
                return;
            }
            page = resume(login, before, result, formId);
            if (chainEnds(c)) {
                String after = afterChain();
                Page next = login.browser().submit(page, formId, valid());
                page = null;
                assertThat(next.isCodePage()).as("a valid value must still get a code " + after + ": " + next.text())
                        .isTrue();
            }
        }

        @Override
        void reset() {
            super.reset();
            page = null;
        }
    }

    /** "Set up phone number", reached by a user without a phone at the SMS step; allowed countries DE, AT. */
    static final class PhoneSetup extends ContactForm {
        private TestUser user;

        PhoneSetup(Env env) {
            super(env, PHONE_FORM);
        }

        @Override
        void setUp() {
            create(corpusRealm(env).step("otp-guard-sms").config("missingPhone", "setup")
                    .phoneSetup(Map.of("allowedCountries", "DE,AT")));
            user = ChannelUnderTest.newUser("corpus-phone");
            user(user.username(), user.email(), null);
        }

        @Override
        Page start() {
            login = login(env.browser());
            return login.passwordStep(user.username());
        }

        @Override
        Map<String, String> base() {
            return Map.of("country", "DE", "phone", "0151 " + newNumber().substring(6));
        }

        @Override
        Map<String, String> neutral() {
            return Map.of("country", "DE", "phone", "");
        }

        @Override
        Map<String, String> valid() {
            return Map.of("country", "DE", "phone", newNumber());
        }
    }

    /** "Update email (confirmed)", the entry form, started with kc_action after a sign-in. */
    static final class UpdateEmail extends ContactForm {
        private TestUser mover;

        UpdateEmail(Env env) {
            super(env, EMAIL_FORM);
        }

        @Override
        void setUp() {
            create(corpusRealm(env).placement(Placement.PASSWORD_ONLY)
                    .requiredAction("otp-guard-update-email", Map.of("confirmCurrent", "false")));
            TestUser owner = ChannelUnderTest.newUser("corpus-owner");
            user(owner.username(), owner.email(), null);
            mover = ChannelUnderTest.newUser("corpus-mover");
            user(mover.username(), mover.email(), null);
            vars.put("other-email", owner.email());
            vars.put("other-email-upper", owner.email().toUpperCase(java.util.Locale.ROOT));
            // the same address to the eye, with a Cyrillic "е" in the domain: another address, not the owner's
            vars.put("other-email-homoglyph", owner.email().replace("@example", "@\u0435xample"));
            vars.put("own-email", mover.email());
        }

        @Override
        Page start() {
            login = login(env.browser());
            return startAction(this, login, mover.username(), "otp-guard-update-email");
        }

        @Override
        Map<String, String> base() {
            return Map.of("email", "");
        }

        @Override
        Map<String, String> neutral() {
            return Map.of("email", "");
        }

        @Override
        Map<String, String> valid() {
            return Map.of("email", newAddress("corpus-new"));
        }
    }

    /** "Update phone number (confirmed)", the entry form; allowed countries DE, AT. */
    static final class UpdatePhone extends ContactForm {
        private TestUser mover;

        UpdatePhone(Env env) {
            super(env, PHONE_FORM);
        }

        @Override
        void setUp() {
            create(corpusRealm(env).placement(Placement.PASSWORD_ONLY).requiredAction("otp-guard-update-phone",
                    Map.of("allowedCountries", "DE,AT", "confirmCurrent", "false")));
            TestUser holder = ChannelUnderTest.newUser("corpus-holder");
            user(holder.username(), holder.email(), holder.phone());
            mover = ChannelUnderTest.newUser("corpus-phonemover");
            user(mover.username(), mover.email(), mover.phone());
            vars.put("other-phone", holder.phone());
            vars.put("other-phone-national", "0" + holder.phone().substring(3));
            vars.put("own-phone", mover.phone());
        }

        @Override
        Page start() {
            login = login(env.browser());
            return startAction(this, login, mover.username(), "otp-guard-update-phone");
        }

        @Override
        Map<String, String> base() {
            return Map.of("country", "DE", "phone", "0151 " + newNumber().substring(6));
        }

        @Override
        Map<String, String> neutral() {
            return Map.of("country", "DE", "phone", "");
        }

        @Override
        Map<String, String> valid() {
            return Map.of("country", "DE", "phone", newNumber());
        }
    }
}
