package dev.chatstream.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whose address a limit counts: X-Forwarded-For only through trusted proxies, and only its untrusted right end. */
class ClientAddressesTest {

    private final ClientAddresses none = new ClientAddresses(Optional.empty());
    private final ClientAddresses behindProxies = new ClientAddresses(Optional.of("10.0.0.0/8, 192.168.1.5,2001:db8::/32"));

    @Test
    void withoutTrustedProxiesTheSocketIsTheClientWhateverTheHeaderSays() {
        assertEquals("10.1.2.3", none.of("10.1.2.3", "203.0.113.9"));
        assertEquals("203.0.113.9", behindProxies.of("203.0.113.9", "198.51.100.1"), "a client that is not a proxy cannot forward");
    }

    @Test
    void throughTrustedProxiesTheRightMostUntrustedAddressIsTheClient() {
        assertEquals("203.0.113.9", behindProxies.of("10.1.2.3", "203.0.113.9"));
        assertEquals("203.0.113.9", behindProxies.of("192.168.1.5", "198.51.100.66, 203.0.113.9, 10.4.4.4"),
                "what the client claimed (left) does not count; the proxies' own hops are skipped");
        assertEquals("2001:db9::1", behindProxies.of("2001:db8::7", "2001:db9::1"));
        assertEquals("10.1.2.3", behindProxies.of("10.1.2.3", null));
        assertEquals("10.1.2.3", behindProxies.of("10.1.2.3", "10.9.9.9, 10.8.8.8"), "only proxies: the socket's");
        assertEquals("unknown-host", behindProxies.of("10.1.2.3", "unknown-host"), "not an address: kept as the key it is");
    }

    @Test
    void aSettingThatIsNoAddressStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(Optional.of("proxy.example.com")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(Optional.of("10.0.0.0/33")));
    }
}
