package dev.chatstream.threads.control;

import java.util.List;

/** One page of a listing and the cursor to the next, null at the end. */
public record Page<T>(List<T> items, String nextCursor) {
}
