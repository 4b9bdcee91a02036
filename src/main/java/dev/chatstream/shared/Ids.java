package dev.chatstream.shared;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Identifiers of stored rows: UUIDs of version 7 (RFC 9562), the creation millisecond followed by
 * 74 random bits. Rows created together sit side by side in the primary key's B-tree, so a commit
 * that writes the rows of the streams running now touches a few pages instead of one page per
 * row, as random (version 4) ids did: on H2 every commit rewrites each page it changed.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next() {
        return next(System.currentTimeMillis()).toString();
    }

    static UUID next(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = epochMillis << 16 | 0x7000L | (random[0] & 0x0FL) << 8 | random[1] & 0xFFL;
        long low = 0x8000_0000_0000_0000L | (random[2] & 0x3FL) << 56;
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }
}
