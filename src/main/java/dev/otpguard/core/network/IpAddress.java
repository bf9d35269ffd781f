package dev.otpguard.core.network;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address read from text that must be a literal: IPv4 in dotted-decimal form (four numbers 0-255, no
 * leading zeros, no shorthand such as {@code 10.1} or hex parts, which some parsers read as other addresses) or
 * IPv6 in RFC 4291 text form (with {@code ::} and a trailing IPv4 part). No name is ever resolved. An IPv4-mapped
 * IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4 address it carries, as a dual-stack server reports one.
 */
public final class IpAddress {

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** 4 bytes for IPv4, 16 for IPv6. */
    byte[] bytes() {
        return bytes.clone();
    }

    public boolean isIpv4() {
        return bytes.length == 4;
    }

    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 45) {
            return Optional.empty();
        }
        byte[] parsed = value.indexOf(':') >= 0 ? ipv6(value) : ipv4(value);
        if (parsed == null) {
            return Optional.empty();
        }
        if (parsed.length == 16 && isIpv4Mapped(parsed)) {
            parsed = Arrays.copyOfRange(parsed, 12, 16);
        }
        return Optional.of(new IpAddress(parsed));
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int number = 0;
            for (char c : part.toCharArray()) {
                if (c < '0' || c > '9') {
                    return null;
                }
                number = number * 10 + (c - '0');
            }
            if (number > 255) {
                return null;
            }
            out[i] = (byte) number;
        }
        return out;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /**
     * The 16-bit groups of one side of {@code ::}; an IPv4 part may end the text ({@code lastSide}), as two groups.
     */
    private static int[] groups(String side, boolean lastSide) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && lastSide && part.indexOf('.') >= 0) {
                byte[] v4 = ipv4(part);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int group = 0;
            for (char c : part.toCharArray()) {
                int digit = Character.digit(c, 16);
                if (digit < 0 || c > 'f') {
                    return null;
                }
                group = group * 16 + digit;
            }
            out[n++] = group;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
