package dev.otpguard.core.network;

import java.util.Optional;

/**
 * One network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address (a /32 or /128).
 * Bits past the prefix are ignored when matching, so {@code 10.1.2.3/8} means {@code 10.0.0.0/8}; the text keeps
 * what the admin typed, for messages.
 */
public record NetworkRange(String text, IpAddress network, int prefixLength) {

    public static Optional<NetworkRange> parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        Optional<IpAddress> address = IpAddress.parse(slash < 0 ? value : value.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int max = address.get().isIpv4() ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String bits = value.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || (bits.length() > 1 && bits.charAt(0) == '0')
                    || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(bits);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        return Optional.of(new NetworkRange(value, address.get(), prefix));
    }

    /** Whether {@code address} is in this network; an IPv4 address is never in an IPv6 network, nor the reverse. */
    public boolean contains(IpAddress address) {
        byte[] net = network.bytes();
        byte[] candidate = address.bytes();
        if (net.length != candidate.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != candidate[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (net[full] & mask) == (candidate[full] & mask);
    }
}
