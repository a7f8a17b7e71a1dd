package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 6: an IPv6 client is keyed by its prefix (/64 unless configured), since one subscriber gets at least a
 * /64 and picks addresses in it freely; IPv4 clients by their whole address.
 */
class Ipv6PrefixKeyTest {

    private final AddressKeys slash64 = new AddressKeys(64);

    @Test
    void everyAddressOfOneSlash64IsOneKey() {
        String key = slash64.of("2001:db8:1:2::1");
        assertEquals(key, slash64.of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals(key, slash64.of("2001:0DB8:0001:0002:0:0:0:abcd"), "whatever way the address is written");
        assertEquals(key, slash64.of("[2001:db8:1:2::7]"));
        assertNotEquals(key, slash64.of("2001:db8:1:3::1"), "the neighbouring /64 is another client");
        assertEquals("ip:2001:db8:1:2:0:0:0:0/64", key);
    }

    @Test
    void aClientRotatingThroughItsSlash64CannotMakeMoreThanOneKey() {
        SplittableRandom random = new SplittableRandom(6);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(slash64.of(String.format("2001:db8:aa:bb:%x:%x:%x:%x", random.nextInt(0x10000),
                    random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000))));
        }
        assertEquals(1, keys.size(), "100,000 addresses of one /64: one budget, one limiter entry");
    }

    @Test
    void thePrefixLengthIsConfigurable() {
        AddressKeys slash56 = new AddressKeys(56);
        assertEquals(slash56.of("2001:db8:0:100::1"), slash56.of("2001:db8:0:1ff:1:2:3:4"));
        assertNotEquals(slash56.of("2001:db8:0:100::1"), slash56.of("2001:db8:0:200::1"));
        AddressKeys whole = new AddressKeys(128);
        assertNotEquals(whole.of("2001:db8::1"), whole.of("2001:db8::2"));
        assertThrows(IllegalArgumentException.class, () -> new AddressKeys(0));
        assertThrows(IllegalArgumentException.class, () -> new AddressKeys(129));
    }

    @Test
    void ipv4ClientsKeepTheirWholeAddress() {
        assertEquals("ip:203.0.113.7", slash64.of("203.0.113.7"));
        assertNotEquals(slash64.of("203.0.113.7"), slash64.of("203.0.113.8"));
        assertEquals("ip:203.0.113.7", slash64.of("::ffff:203.0.113.7"), "an IPv4-mapped IPv6 address is the IPv4 client");
    }
}
