package dev.otpguard.core.device;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rules for a user's known devices: a device stays known while it keeps being used (sliding window), and a user
 * keeps at most a fixed number of them, the least recently used going first.
 */
public final class KnownDevices {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);
    public static final int DEFAULT_CAP = 20;

    private final Duration maxAge;
    private final int cap;

    public KnownDevices(Duration maxAge, int cap) {
        if (maxAge.isNegative() || maxAge.isZero() || cap < 1) {
            throw new IllegalArgumentException("max age and cap must be positive");
        }
        this.maxAge = maxAge;
        this.cap = cap;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The device with this id hash, if the user has it and it was used within the window. */
    public Optional<KnownDevice> find(List<KnownDevice> devices, String idHash, long now) {
        return devices.stream().filter(d -> d.idHash().equals(idHash)).filter(d -> !isStale(d, now)).findFirst();
    }

    /** Devices to forget before one more is added: the stale ones, then the least recently used above the cap. */
    public List<KnownDevice> toForgetBeforeAdding(List<KnownDevice> devices, long now) {
        List<KnownDevice> forget = new ArrayList<>(devices.stream().filter(d -> isStale(d, now)).toList());
        List<KnownDevice> fresh = new ArrayList<>(devices.stream().filter(d -> !isStale(d, now))
                .sorted(Comparator.comparingLong(KnownDevice::lastSeen)).toList());
        while (fresh.size() > cap - 1) {
            forget.add(fresh.remove(0));
        }
        return forget;
    }

    private boolean isStale(KnownDevice device, long now) {
        return now - device.lastSeen() > maxAge.toMillis();
    }
}
