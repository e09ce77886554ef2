package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            // IPv4 networks
            "10.0.0.0/8,         10.0.0.0,           true",
            "10.0.0.0/8,         10.255.255.255,     true",
            "10.0.0.0/8,         11.0.0.0,           false",
            "10.0.0.0/8,         9.255.255.255,      false",
            "172.16.0.0/12,      172.31.255.255,     true",
            "172.16.0.0/12,      172.32.0.0,         false",
            "10.0.0.2/31,        10.0.0.3,           true",
            "10.0.0.2/31,        10.0.0.4,           false",
            "192.168.1.7/32,     192.168.1.7,        true",
            "192.168.1.7/32,     192.168.1.8,        false",
            "192.168.1.7,        192.168.1.7,        true",
            "192.168.1.7,        192.168.1.6,        false",
            "0.0.0.0/0,          1.2.3.4,            true",
            "0.0.0.0/0,          255.255.255.255,    true",
            // IPv6 networks
            "2001:db8::/32,      2001:db8:ffff::1,   true",
            "2001:db8::/32,      2001:db9::,         false",
            "2001:db8::1,        2001:db8::1,        true",
            "2001:db8::1/128,    2001:db8::2,        false",
            "fe80::/10,          febf::1,            true",
            "fe80::/10,          fec0::1,            false",
            "::/0,               ::1,                true",
            // families never match each other
            "0.0.0.0/0,          ::1,                false",
            "0.0.0.0/0,          2001:db8::1,        false",
            "::/0,               1.2.3.4,            false",
            "::/0,               ::ffff:1.2.3.4,     false",
            // IPv4-mapped IPv6 is IPv4, on either side
            "10.0.0.0/8,         ::ffff:10.1.2.3,    true",
            "10.0.0.0/8,         ::ffff:11.1.2.3,    false",
            "::ffff:10.0.0.0/104, 10.1.2.3,          true",
            "::ffff:10.0.0.0/104, 11.1.2.3,          false",
            "::ffff:192.0.2.1,   192.0.2.1,          true",
            // IPv4-compatible (deprecated) is plain IPv6, not IPv4
            "::1.2.3.4,          1.2.3.4,            false",
    })
    void contains(String cidr, String address, boolean expected) throws UnknownHostException {
        // getByName on a literal does not resolve anything
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void contains_mappedInet6AddressObject_isMatchedAsIpv4() throws UnknownHostException {
        // InetAddress.getByName turns a mapped literal into an Inet4Address; build the Inet6Address by hand
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        Inet6Address address = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(Cidr.parse("10.0.0.0/8").contains(address)).isTrue();
        assertThat(Cidr.parse("192.168.0.0/16").contains(address)).isFalse();
        assertThat(Cidr.parse("::/0").contains(address)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.0.0.0/8,                 10.0.0.0/8",
            "192.168.1.7,                192.168.1.7/32",
            "0.0.0.0/0,                  0.0.0.0/0",
            "::,                         ::/128",
            "::/0,                       ::/0",
            "::1,                        ::1/128",
            "2001:DB8:0:0:0:0:0:0/32,    2001:db8::/32",
            "2001:0db8::0001,            2001:db8::1/128",
            "2001:db8:0:1:0:0:0:0/64,    2001:db8:0:1::/64",
            "fe80:0:0:1:0:0:0:1,         fe80:0:0:1::1/128",
            "1:0:0:2:0:0:3:4,            1::2:0:0:3:4/128",
            "1:0:0:2:0:0:0:4,            1:0:0:2::4/128",
            "1:2:3:4:5:6:7:0,            1:2:3:4:5:6:7:0/128",
            "1:2:3:4:5:6:7::,            1:2:3:4:5:6:7:0/128",
            "::ffff:1.2.3.4,             1.2.3.4/32",
            "::ffff:10.0.0.0/104,        10.0.0.0/8",
            "::ffff:0:0/96,              0.0.0.0/0",
            "::1.2.3.4,                  ::102:304/128",
            "64:ff9b::192.0.2.33,        64:ff9b::c000:221/128",
    })
    void toString_isCanonical(String text, String canonical) {
        Cidr cidr = Cidr.parse(text);
        assertThat(cidr).hasToString(canonical);
        assertThat(Cidr.parse(canonical)).isEqualTo(cidr).hasSameHashCodeAs(cidr);
    }

    @ParameterizedTest(name = "[{0}]: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                    | an IPv4 or IPv6 address, optionally with /prefix",
            "10.0.0                | an IPv4 or IPv6 address, optionally with /prefix",
            "10.0.0.0.0            | an IPv4 or IPv6 address, optionally with /prefix",
            "256.0.0.0             | an IPv4 or IPv6 address, optionally with /prefix",
            "010.0.0.1             | an IPv4 or IPv6 address, optionally with /prefix",
            "' 10.0.0.0/8'         | an IPv4 or IPv6 address, optionally with /prefix",
            "1::2::3               | an IPv4 or IPv6 address, optionally with /prefix",
            ":::                   | an IPv4 or IPv6 address, optionally with /prefix",
            ":1::                  | an IPv4 or IPv6 address, optionally with /prefix",
            "1::2:                 | an IPv4 or IPv6 address, optionally with /prefix",
            "1:2:3:4:5:6:7:8:9     | an IPv4 or IPv6 address, optionally with /prefix",
            "1:2:3:4:5:6:7         | an IPv4 or IPv6 address, optionally with /prefix",
            "1:2:3:4:5:6:7:8::     | an IPv4 or IPv6 address, optionally with /prefix",
            "12345::               | an IPv4 or IPv6 address, optionally with /prefix",
            "gggg::                | an IPv4 or IPv6 address, optionally with /prefix",
            "1.2.3.4::             | an IPv4 or IPv6 address, optionally with /prefix",
            "::1.2.3               | an IPv4 or IPv6 address, optionally with /prefix",
            "[::1]                 | an IPv4 or IPv6 address, optionally with /prefix",
            "*                     | an IPv4 or IPv6 address, optionally with /prefix",
            "fe80::1%eth0          | an IP address without a zone id",
            "localhost             | an IP address, not a host name",
            "proxy.example.com     | an IP address, not a host name",
            "10.0.0.0/33           | a prefix length 0..32 for IPv4",
            "10.0.0.0/             | a prefix length 0..32 for IPv4",
            "10.0.0.0/-1           | a prefix length 0..32 for IPv4",
            "10.0.0.0/08           | a prefix length 0..32 for IPv4",
            "10.0.0.0/8/8          | a prefix length 0..32 for IPv4",
            "10.0.0.0/ 8           | a prefix length 0..32 for IPv4",
            "::/129                | a prefix length 0..128 for IPv6",
            "10.0.0.1/8            | no host bits set, like 10.0.0.0/8",
            "192.168.1.10/24       | no host bits set, like 192.168.1.0/24",
            "2001:db8::1/32        | no host bits set, like 2001:db8::/32",
            "::ffff:0.0.0.0/80     | no host bits set, like ::/80",
    })
    void parse_rejects(String text, String expected) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text))
                .withMessage("Invalid CIDR '" + text + "': expected " + expected);
    }

    @Test
    void address_keepsTheFamily() {
        assertThat(Cidr.parse("10.0.0.0/8").address()).isInstanceOf(Inet4Address.class).hasToString("/10.0.0.0");
        assertThat(Cidr.parse("2001:db8::/32").address()).isInstanceOf(Inet6Address.class);
        assertThat(Cidr.parse("::/0").address()).isInstanceOf(Inet6Address.class);
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").isIpv4()).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").prefixLength()).isEqualTo(32);
    }
}
