package dev.chatstream.tasks.control;

/**
 * Splits a streaming answer into the text a reader sees and its structured tail, the
 * {@code ```json} block the task asks for at the end. Text goes out as it arrives, except a
 * suffix that may be the start of the marker, which waits for the next piece: the marker may be
 * split across deltas. Not thread-safe: one per stream, fed in order.
 */
final class TailSplitter {

    static final String MARKER = "```json";

    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder tail = new StringBuilder();
    private boolean inTail;

    /** Takes the next piece of the answer; returns the text that may be shown now (perhaps empty). */
    String accept(String delta) {
        if (inTail) {
            tail.append(delta);
            return "";
        }
        pending.append(delta);
        int marker = pending.indexOf(MARKER);
        if (marker >= 0) {
            inTail = true;
            tail.append(pending, marker + MARKER.length(), pending.length());
            String shown = pending.substring(0, marker);
            pending.setLength(0);
            return shown;
        }
        int keep = heldBack();
        String shown = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return shown;
    }

    /** At the end: what was held back when it never became the marker. */
    String finish() {
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    /** The tail's JSON text, without the marker and the closing fence; empty when the answer had none. */
    String tail() {
        String json = tail.toString().strip();
        return json.endsWith("```") ? json.substring(0, json.length() - 3).strip() : json;
    }

    /** The whole answer split at once: its visible text (trailing blanks dropped) and its tail. */
    static String[] split(String answer) {
        var splitter = new TailSplitter();
        String text = splitter.accept(answer) + splitter.finish();
        return new String[] {text.stripTrailing(), splitter.tail()};
    }

    /** The longest end of the pending text that the marker starts with. */
    private int heldBack() {
        for (int length = Math.min(MARKER.length() - 1, pending.length()); length > 0; length--) {
            if (pending.substring(pending.length() - length).equals(MARKER.substring(0, length))) {
                return length;
            }
        }
        return 0;
    }
}
