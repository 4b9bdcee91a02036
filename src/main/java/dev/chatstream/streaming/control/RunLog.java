package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's exact event log, kept compactly for replay: a delta is an offset into the answer's
 * text plus its timestamp (8 bytes), rendered again when a reader asks for it; other events are
 * kept as records. So a retained run costs about its text, not its frames. The latest frame is
 * kept rendered, because most readers read exactly that one.
 */
final class RunLog {

    private final String runId;
    private final String messageId;
    private final long baseMillis;
    /** Per event (index seq - 1): a delta's end offset in the text, or -(index into others) - 1. */
    private int[] ends = new int[64];
    /** Per event: milliseconds after {@link #baseMillis}. */
    private int[] millis = new int[64];
    private final List<StreamEvent> others = new ArrayList<>();
    private StringBuilder text = new StringBuilder();
    /** The whole text once sealed: the builder is dropped and the closing event shares this string. */
    private String sealed;
    private int size;
    /** Where the answer ends when it ends before the streamed text does (a sentence limit); -1 otherwise. */
    private int answerEnd = -1;
    private Frame latest;

    RunLog(String runId, String messageId, Instant base) {
        this.runId = runId;
        this.messageId = messageId;
        this.baseMillis = base.toEpochMilli();
    }

    /** Appends an event other than a delta; returns it as it goes out. */
    synchronized Frame append(StreamEvent event, Instant at) {
        if (event instanceof StreamEvent.AiDelta delta) {
            return appendDelta(delta.content(), at);
        }
        others.add(event);
        return record(-others.size(), at, event);
    }

    /** Appends a piece of the answer; the text grows by it. */
    synchronized Frame appendDelta(String delta, Instant at) {
        text.append(delta);
        return record(text.length(), at, new StreamEvent.AiDelta(messageId, delta));
    }

    private Frame record(int end, Instant at, StreamEvent event) {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, Math.max(16, size * 2));
            millis = Arrays.copyOf(millis, ends.length);
        }
        ends[size] = end;
        millis[size] = (int) (at.toEpochMilli() - baseMillis);
        size++;
        latest = EventJson.frame(runId, size, event, at);
        return latest;
    }

    /** Event {@code seq} as it went out, byte for byte. */
    synchronized Frame frame(long seq) {
        if (seq < 1 || seq > size) {
            throw new IllegalArgumentException("No event " + seq + " in run " + runId);
        }
        if (latest != null && latest.seq() == seq) {
            return latest;
        }
        int index = (int) seq - 1;
        Instant at = Instant.ofEpochMilli(baseMillis + millis[index]);
        int end = ends[index];
        if (end < 0) {
            return EventJson.frame(runId, seq, others.get(-end - 1), at);
        }
        int start = 0;
        for (int i = index - 1; i >= 0; i--) {
            if (ends[i] >= 0) {
                start = ends[i];
                break;
            }
        }
        // from the builder itself: text() would copy the whole answer for every frame replayed
        String delta = sealed != null ? sealed.substring(start, end) : text.substring(start, end);
        return EventJson.frame(runId, seq, new StreamEvent.AiDelta(messageId, delta), at);
    }

    synchronized long lastSeq() {
        return size;
    }

    synchronized String text() {
        return sealed != null ? sealed : text.toString();
    }

    synchronized int textLength() {
        return sealed != null ? sealed.length() : text.length();
    }

    /** The answer ends at {@code length}, although the deltas went on a little (see {@link SentenceLimit}). */
    synchronized void cutAt(int length) {
        answerEnd = length;
    }

    /**
     * No more deltas: the text becomes one string and the answer, returned for the closing event
     * to share, is that string (or, when cut, the part of it that is the answer).
     */
    synchronized String seal() {
        if (sealed == null) {
            sealed = text.toString();
            text = null;
        }
        return answer();
    }

    /** The answer so far: the text, less what a cut took off. */
    synchronized String answer() {
        String all = text();
        return answerEnd < 0 || answerEnd >= all.length() ? all : all.substring(0, answerEnd);
    }

    /** The run has ended: the arrays shrink to what they hold, for the retention. */
    synchronized void trim() {
        ends = Arrays.copyOf(ends, size);
        millis = Arrays.copyOf(millis, size);
    }
}
