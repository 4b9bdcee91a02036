package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import java.util.List;

/** A reader of a run's events: an SSE client, or a request waiting for the whole answer. */
public interface Subscriber {

    /** Hands over one event; false when the reader is gone and should be dropped. */
    boolean deliver(Frame frame);

    /**
     * How many consecutive events this reader takes in one {@link #deliver(List)}: more than one
     * only for a reader that writes them all at once, so that a reader dropped while a write was
     * in flight gets nothing after that write.
     */
    default int batch() {
        return 1;
    }

    /** Hands over consecutive events at once (at most {@link #batch()}): a reader behind catches up in one write. */
    default boolean deliver(List<Frame> frames) {
        for (Frame frame : frames) {
            if (!deliver(frame)) {
                return false;
            }
        }
        return true;
    }

    /** Keeps an idle connection alive (and reveals a closed one); false when the reader is gone. */
    boolean ping();

    /** The run has ended: release the reader. */
    void close();
}
