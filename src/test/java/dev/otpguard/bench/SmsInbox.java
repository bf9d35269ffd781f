package dev.otpguard.bench;

import dev.otpguard.it.support.TwilioStandIn;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The latest SMS code per phone number, filled by the Twilio stand-in as each message arrives. */
final class SmsInbox {

    private final Map<String, String> latest = new ConcurrentHashMap<>();

    SmsInbox(TwilioStandIn twilio) {
        twilio.onMessage(form -> {
            String code = TwilioStandIn.codeIn(form.get("Body"));
            if (form.get("To") != null && code != null) {
                latest.put(form.get("To"), code);
            }
        });
    }

    void clear(String number) {
        latest.remove(number);
    }

    /** Waits for a code to {@code number} and takes it; null when none came within the timeout. */
    String take(String number, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String code = latest.remove(number);
            if (code != null || System.nanoTime() > deadline) {
                return code;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
