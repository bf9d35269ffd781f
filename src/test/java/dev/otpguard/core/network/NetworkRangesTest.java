package dev.otpguard.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkRangesTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow(() -> new AssertionError("not an address: " + text));
    }

    private static boolean in(String ranges, String address) {
        NetworkRanges parsed = NetworkRanges.parse(ranges);
        assertThat(parsed.problems()).as(ranges).isEmpty();
        return parsed.contains(ip(address));
    }

    @Test
    void ipv4RangesMatchTheirAddressesOnly() {
        assertThat(in("10.0.0.0/8", "10.255.1.2")).isTrue();
        assertThat(in("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(in("192.168.1.0/24", "192.168.1.255")).isTrue();
        assertThat(in("192.168.1.0/24", "192.168.2.0")).isFalse();
        assertThat(in("172.16.0.0/12", "172.31.255.255")).isTrue();
        assertThat(in("172.16.0.0/12", "172.32.0.0")).isFalse();
        assertThat(in("203.0.113.7", "203.0.113.7")).as("a single address").isTrue();
        assertThat(in("203.0.113.7", "203.0.113.8")).isFalse();
        assertThat(in("0.0.0.0/0", "198.51.100.1")).as("everything IPv4").isTrue();
        assertThat(in("10.1.2.3/8", "10.200.0.1")).as("host bits are ignored").isTrue();
    }

    @Test
    void ipv6RangesMatchInEveryTextForm() {
        assertThat(in("2001:db8::/32", "2001:db8:ffff::1")).isTrue();
        assertThat(in("2001:db8::/32", "2001:db9::1")).isFalse();
        assertThat(in("2001:DB8::/32", "2001:0db8:0000:0000:0000:0000:0000:0001")).isTrue();
        assertThat(in("fe80::/10", "febf::1")).isTrue();
        assertThat(in("fe80::/10", "fec0::1")).isFalse();
        assertThat(in("::1", "0:0:0:0:0:0:0:1")).as("loopback, as Keycloak reports it").isTrue();
        assertThat(in("[2001:db8::1]", "2001:db8::1")).isTrue();
        assertThat(in("2001:db8::/48", "2001:db8:0:1::1")).isTrue();
        assertThat(in("2001:db8::/48", "2001:db8:1::1")).isFalse();
        assertThat(in("2001:db8::/47", "2001:db8:1::1")).isTrue();
        assertThat(in("64:ff9b::/96", "64:ff9b::192.0.2.1")).as("embedded IPv4 text").isTrue();
    }

    @Test
    void familiesDoNotMixButAMappedAddressIsItsIpv4Address() {
        assertThat(in("::/0", "10.0.0.1")).isFalse();
        assertThat(in("0.0.0.0/0", "2001:db8::1")).isFalse();
        assertThat(in("10.0.0.0/8", "::ffff:10.1.1.1")).as("a dual-stack server's IPv4 client").isTrue();
    }

    @Test
    void severalRangesInAnySeparation() {
        NetworkRanges ranges = NetworkRanges.parse(" 10.0.0.0/8, 192.168.0.0/16\n2001:db8::/32##172.16.0.0/12 ");
        assertThat(ranges.problems()).isEmpty();
        assertThat(ranges.ranges()).hasSize(4);
        assertThat(ranges.contains(ip("172.20.0.1"))).isTrue();
        assertThat(ranges.contains(ip("8.8.8.8"))).isFalse();
    }

    @Test
    void badEntriesAreNamedAndNeverResolved() {
        for (String bad : new String[] {"10.0.0.0/33", "10.0.0/8", "10.1", "256.0.0.1", "010.0.0.1", "0x7f.0.0.1",
                "1.2.3.4/-1", "1.2.3.4/08", "2001:db8::/129", "2001:db8:::1", "1::2::3", "12345::", "::g",
                "localhost", "example.com", "fe80::1%eth0", "1.2.3.4/", "/8", "\u0661.2.3.4", "\uff11.2.3.4",
                "2001:db8::\uff41", "1.2.3.4.5"}) {
            NetworkRanges parsed = NetworkRanges.parse("10.0.0.0/8, " + bad);
            assertThat(parsed.problems()).as(bad).hasSize(1);
            assertThat(parsed.problems().get(0)).as(bad).contains("is not a network");
            assertThat(parsed.ranges()).hasSize(1);
        }
        assertThat(NetworkRanges.parse("").problems()).containsExactly("no network given");
        assertThat(NetworkRanges.parse(null).problems()).containsExactly("no network given");
        assertThat(NetworkRanges.parse(" , ").problems()).containsExactly("no network given");
        assertThat(NetworkRanges.parse("10.0.0.1,".repeat(501)).problems()).containsExactly("more than 500 networks");
    }

    @Test
    void aProblemShowsOnlyPrintableAsciiAndAShortPiece() {
        String problem = NetworkRanges.parse("evil\u001b[31m\u00e9" + "x".repeat(200)).problems().get(0);
        assertThat(problem).doesNotContain("\u001b").doesNotContain("\u00e9").hasSizeLessThan(160);
    }

    @Test
    void clientAddressesAreLiteralsOnly() {
        assertThat(IpAddress.parse("example.com")).isEmpty();
        assertThat(IpAddress.parse("")).isEmpty();
        assertThat(IpAddress.parse(null)).isEmpty();
        assertThat(IpAddress.parse("1.2.3.4, 5.6.7.8")).isEmpty();
        assertThat(IpAddress.parse(" 192.0.2.1 ")).contains(ip("192.0.2.1"));
        assertThat(ip("::ffff:192.0.2.1")).isEqualTo(ip("192.0.2.1"));
    }
}
