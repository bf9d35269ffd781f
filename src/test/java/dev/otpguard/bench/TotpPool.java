package dev.otpguard.bench;

import dev.otpguard.it.support.RealmSetup;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Users with an authenticator app, handed out least recently used first. Keycloak refuses a TOTP code that a
 * user's credential has already accepted (until it leaves the look-around window), so a user logs in at most
 * once per 30-second step here. When every user has had the current step, a virtual user waits for the next step;
 * the wait is reported, since it would lower scenario 2's throughput (make the pool larger then).
 */
final class TotpPool {

    static final class Entry {
        final BenchUser user;
        private long lastStep = -1;
        private String lastCode = "";

        Entry(BenchUser user) {
            this.user = user;
        }
    }

    /** The users' stored secret, used by Keycloak as it is (no secretEncoding in the credential). */
    private final Totp totp = new Totp(RealmSetup.TOTP_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private final LinkedBlockingDeque<Entry> idle = new LinkedBlockingDeque<>();

    TotpPool(List<BenchUser> users) {
        users.forEach(u -> idle.add(new Entry(u)));
    }

    int size() {
        return idle.size();
    }

    /** A user who has not logged in during the current step, or null when the slice ends first. */
    Entry take(Slice slice) {
        while (slice.running()) {
            Entry entry = idle.pollFirst();
            if (entry == null) {
                pause(slice, 5);
                continue;
            }
            long step = Totp.step(System.currentTimeMillis());
            if (entry.lastStep < step) {
                return entry;
            }
            idle.offerFirst(entry);
            pause(slice, Math.max(1, (step + 1) * Totp.STEP_SECONDS * 1000 - System.currentTimeMillis()));
        }
        return null;
    }

    /** The code the user's app shows now; never the one the user's credential accepted last. */
    String code(Entry entry, Slice slice) {
        while (true) {
            long step = Totp.step(System.currentTimeMillis());
            String code = totp.code(step);
            if (!code.equals(entry.lastCode)) {
                entry.lastStep = step;
                entry.lastCode = code;
                return code;
            }
            pause(slice, (step + 1) * Totp.STEP_SECONDS * 1000 - System.currentTimeMillis() + 1);
        }
    }

    void giveBack(Entry entry) {
        idle.offerLast(entry);
    }

    private static void pause(Slice slice, long millis) {
        long waitUntilEnd = Math.max(1, (slice.endNanos() - System.nanoTime()) / 1_000_000);
        long wait = Math.min(millis, waitUntilEnd);
        slice.totpWait(wait);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
