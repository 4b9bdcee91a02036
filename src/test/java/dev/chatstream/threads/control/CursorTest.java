package dev.chatstream.threads.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.problems.control.ProblemException;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsItsSortKey() {
        var cursor = new Cursor(1_764_000_000_123L, "2f1c:with:colons");
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void malformedCursorsAreBadRequests() {
        for (String text : new String[] {"!!!", "bm8tY29sb24", "YWJjOmRlZg"}) {
            var problem = assertThrows(ProblemException.class, () -> Cursor.decode(text).secondAsInt());
            assertEquals(400, problem.status(), text);
        }
    }

    @Test
    void limitsDefaultAndCap() {
        assertEquals(20, Cursor.limit(null, 20, 100));
        assertEquals(100, Cursor.limit(500, 20, 100));
        assertEquals(7, Cursor.limit(7, 20, 100));
        assertEquals(400, assertThrows(ProblemException.class, () -> Cursor.limit(0, 20, 100)).status());
    }
}
