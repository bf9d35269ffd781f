package dev.otpguard.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The networks an admin listed (separated by commas, spaces or new lines), and the entries that are none: a
 * condition with a wrong entry must not quietly match less than the admin meant.
 */
public record NetworkRanges(List<NetworkRange> ranges, List<String> problems) {

    /** More entries than any office or VPN list needs; a longer text is a mistake or an attack on the check. */
    public static final int MAX_RANGES = 500;
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+|##");
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x21-\\x7e]");

    public NetworkRanges {
        ranges = List.copyOf(ranges);
        problems = List.copyOf(problems);
    }

    public static NetworkRanges parse(String text) {
        List<NetworkRange> ranges = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new NetworkRanges(ranges, List.of("no network given"));
        }
        String[] entries = SEPARATORS.split(text.trim());
        if (entries.length > MAX_RANGES) {
            return new NetworkRanges(ranges, List.of("more than " + MAX_RANGES + " networks"));
        }
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            Optional<NetworkRange> range = NetworkRange.parse(entry);
            if (range.isPresent()) {
                ranges.add(range.get());
            } else {
                problems.add("'" + shown(entry) + "' is not a network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)");
            }
        }
        if (ranges.isEmpty() && problems.isEmpty()) {
            problems.add("no network given");
        }
        return new NetworkRanges(ranges, problems);
    }

    /** An admin's entry as a log line may show it: printable ASCII, cut short. */
    private static String shown(String entry) {
        String printable = NOT_PRINTABLE.matcher(entry).replaceAll("?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }

    public boolean contains(IpAddress address) {
        for (NetworkRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
