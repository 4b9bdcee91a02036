package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;

/** A reader of a run's events: an SSE client, or a request waiting for the whole answer. */
public interface Subscriber {

    /** Hands over one event; false when the reader is gone and should be dropped. */
    boolean deliver(Frame frame);

    /** Keeps an idle connection alive (and reveals a closed one); false when the reader is gone. */
    boolean ping();

    /** The run has ended: release the reader. */
    void close();
}
