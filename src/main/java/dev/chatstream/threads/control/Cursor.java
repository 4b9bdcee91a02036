package dev.chatstream.threads.control;

import dev.chatstream.problems.control.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An opaque paging cursor: a sort key of two parts, base64url-encoded. */
record Cursor(long first, String second) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((first + ":" + second).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("Malformed cursor");
        }
    }

    int secondAsInt() {
        try {
            return Integer.parseInt(second);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Malformed cursor");
        }
    }

    /** The page size asked for, defaulted and capped. */
    static int limit(Integer requested, int defaultLimit, int max) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1) {
            throw ProblemException.badRequest("limit must be at least 1");
        }
        return Math.min(requested, max);
    }
}
