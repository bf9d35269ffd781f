package dev.otpguard.bench;

import dev.otpguard.it.support.Browser;
import dev.otpguard.it.support.Login;
import dev.otpguard.it.support.Mailbox;
import dev.otpguard.it.support.Page;
import dev.otpguard.it.support.RealmSetup;
import java.time.Duration;
import java.util.Map;

/**
 * One simulated person with one browser (its own cookie jar and connections) logging in again and again, the way
 * the forms ask: GET the login page, POST username and password, POST the code when a code page comes, until
 * Keycloak redirects to the application with {@code code=}. Between logins the browser forgets Keycloak's session
 * cookies, so every login is a full one; the device cookie stays, as in a real browser.
 */
final class VirtualUser {

    /** Where the codes arrive: the GreenMail inboxes and the Twilio stand-in. */
    record Inboxes(Mailbox mail, SmsInbox sms) {
    }

    private static final Duration CODE_TIMEOUT = Duration.ofSeconds(15);
    private static final String DEVICE_COOKIE = "OTP_GUARD_DEVICE";

    private final Browser browser;
    private final Login login;
    private final Scenario.SecondStep step;
    private final BenchUser user;
    private final TotpPool pool;
    private final Inboxes inboxes;

    private VirtualUser(String baseUrl, String realm, Scenario.SecondStep step, BenchUser user, TotpPool pool,
                        Inboxes inboxes) {
        this.browser = new Browser(baseUrl).userAgent(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        this.login = new Login(browser, baseUrl, realm);
        this.step = step;
        this.user = user;
        this.pool = pool;
        this.inboxes = inboxes;
    }

    /** Always logs in as this user. */
    static VirtualUser as(String baseUrl, String realm, Scenario.SecondStep step, BenchUser user, Inboxes inboxes) {
        return new VirtualUser(baseUrl, realm, step, user, null, inboxes);
    }

    /** Logs in as the next fresh user of the pool, with that user's TOTP code. */
    static VirtualUser fromPool(String baseUrl, String realm, TotpPool pool, Inboxes inboxes) {
        return new VirtualUser(baseUrl, realm, Scenario.SecondStep.TOTP, null, pool, inboxes);
    }

    BenchUser user() {
        return user;
    }

    /** One measured login; failures are counted in the slice, never thrown. */
    void login(Slice slice) {
        TotpPool.Entry entry = pool == null ? null : pool.take(slice);
        if (pool != null && entry == null) {
            return;
        }
        try {
            run(entry == null ? user : entry.user, step, slice, entry);
        } catch (LoginFailed e) {
            slice.error(e.getMessage());
        } catch (RuntimeException e) {
            slice.error(e.getClass().getSimpleName() + ": " + shorten(String.valueOf(e.getMessage())));
        } finally {
            if (entry != null) {
                pool.giveBack(entry);
            }
        }
    }

    /** A login with an email code from a browser Keycloak has not seen: afterwards it is a known device. */
    void enrolDevice(boolean freshBrowser) {
        if (freshBrowser) {
            browser.cookies().clear();
        }
        Samples ignored = new Samples();
        run(user, Scenario.SecondStep.EMAIL, new Slice(ignored, Long.MAX_VALUE), null);
    }

    /**
     * The first half of an SMS login, for the stalled users of scenario 6: the password POST sends the SMS and so
     * waits for the stalled stand-in. What the page then says does not matter; the times show the stall happened.
     */
    void stalledLogin(Slice slice) {
        try {
            forgetSession();
            Page page = login.open();
            long start = System.nanoTime();
            browser.submit(page, "kc-form-login", Map.of("username", user.username(), "password", RealmSetup.PASSWORD));
            long end = System.nanoTime();
            slice.request(Samples.Request.PASSWORD, start, end);
            slice.login(end);
        } catch (RuntimeException e) {
            slice.error(e.getClass().getSimpleName());
        }
    }

    private void run(BenchUser who, Scenario.SecondStep second, Slice slice, TotpPool.Entry entry) {
        forgetSession();
        long start = System.nanoTime();
        Page page = login.open();
        long loaded = System.nanoTime();
        slice.request(Samples.Request.LOGIN_PAGE, start, loaded);
        expect(page.document() != null && page.document().getElementById("kc-form-login") != null,
                "login page", page);
        if (second == Scenario.SecondStep.EMAIL) {
            inboxes.mail().clear(who.email());
        } else if (second == Scenario.SecondStep.SMS) {
            inboxes.sms().clear(who.phone());
        }
        Page next = browser.submit(page, "kc-form-login",
                Map.of("username", who.username(), "password", RealmSetup.PASSWORD));
        long passed = System.nanoTime();
        slice.request(Samples.Request.PASSWORD, loaded, passed);
        Page end = switch (second) {
            case NONE -> next;
            case TOTP -> {
                expect(next.document() != null && next.document().getElementById("kc-otp-login-form") != null,
                        "OTP form after the password", next);
                String code = pool.code(entry, slice);
                yield timedCode(slice, () -> browser.submit(next, "kc-otp-login-form", Map.of("otp", code)));
            }
            case EMAIL, SMS -> {
                expect(next.isCodePage(), "code page after the password", next);
                String code = second == Scenario.SecondStep.EMAIL
                        ? inboxes.mail().takeCode(who.email(), CODE_TIMEOUT)
                        : inboxes.sms().take(who.phone(), CODE_TIMEOUT);
                if (code == null) {
                    throw new LoginFailed("no " + second.name().toLowerCase() + " code within "
                            + CODE_TIMEOUT.toSeconds() + " s");
                }
                yield timedCode(slice, () -> login.enterCode(next, code));
            }
        };
        expect(end.isRedirectToApp(), "redirect to the application", end);
        slice.login(System.nanoTime());
    }

    private Page timedCode(Slice slice, java.util.function.Supplier<Page> submit) {
        long start = System.nanoTime();
        Page page = submit.get();
        slice.request(Samples.Request.CODE, start, System.nanoTime());
        return page;
    }

    /** Keycloak's cookies go (a full login every time); the device cookie stays, as a browser keeps it. */
    private void forgetSession() {
        browser.cookies().keySet().removeIf(name -> !name.equals(DEVICE_COOKIE));
    }

    private static void expect(boolean condition, String what, Page page) {
        if (!condition) {
            throw new LoginFailed("expected " + what + ", got " + describe(page));
        }
    }

    /** A short, low-cardinality description of an unexpected page, for the error counts. */
    private static String describe(Page page) {
        if (page.document() == null) {
            return "a redirect to " + shorten(page.url().replaceAll("\\?.*", ""));
        }
        String error = page.error();
        if (!error.isBlank()) {
            return "HTTP " + page.status() + " '" + shorten(error) + "'";
        }
        String title = page.byId("kc-page-title");
        return "HTTP " + page.status() + " '" + shorten(title.isBlank() ? page.document().title() : title) + "'";
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 90 ? oneLine : oneLine.substring(0, 90) + "…";
    }

    private static final class LoginFailed extends RuntimeException {
        LoginFailed(String message) {
            super(message, null, false, false);
        }
    }
}
