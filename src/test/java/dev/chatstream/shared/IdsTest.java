package dev.chatstream.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = Ids.next(millis);
        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "RFC 9562's variant");
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        assertEquals(id, UUID.fromString(id.toString()));
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsText() {
        String earlier = Ids.next(1_796_000_000_123L).toString();
        String later = Ids.next(1_796_000_000_124L).toString();
        assertTrue(earlier.compareTo(later) < 0, earlier + " before " + later);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        var seen = new HashSet<UUID>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Ids.next(1_796_000_000_123L)));
        }
        assertNotEquals(Ids.next(), Ids.next());
    }
}
