package dev.chatstream.quickchat.control;

import dev.chatstream.platform.Json;
import dev.chatstream.streaming.control.SseDialect;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;

/**
 * Seed 001's frames: {@code {"chunk":"…","done":false}} per delta, then {@code {"chunk":"","done":true}};
 * a run that fails or is cancelled ends with {@code {"error":"…","done":true}} instead. One per reader.
 */
final class ChunkDialect implements SseDialect {

    private boolean ended;

    @Override
    public byte[] render(Frame frame) {
        if (ended) {
            return null;
        }
        var event = frame.event();
        if (event instanceof StreamEvent.AiDelta delta) {
            return SseDialect.deltaFrame("{\"chunk\":", delta.content(), ",\"done\":false}");
        }
        if (event instanceof StreamEvent.Error error) {
            return end(error.message());
        }
        if (event instanceof StreamEvent.Done done) {
            if (!done.success()) {
                return end("The answer ended " + done.status());
            }
            ended = true;
            return SseDialect.dataFrames(Json.JSON_P.createObjectBuilder().add("chunk", "").add("done", true).build());
        }
        return null;
    }

    private byte[] end(String message) {
        ended = true;
        return SseDialect.dataFrames(Json.JSON_P.createObjectBuilder().add("error", message).add("done", true).build());
    }
}
