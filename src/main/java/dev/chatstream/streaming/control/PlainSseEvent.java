package dev.chatstream.streaming.control;

import jakarta.ws.rs.sse.OutboundSseEvent;

/** An event as chatstream sends them: never a reconnect delay (clients keep their own backoff). */
interface PlainSseEvent extends OutboundSseEvent {

    @Override
    default long getReconnectDelay() {
        return -1;
    }

    @Override
    default boolean isReconnectDelaySet() {
        return false;
    }
}
