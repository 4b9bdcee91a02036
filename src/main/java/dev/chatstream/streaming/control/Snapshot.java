package dev.chatstream.streaming.control;

import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.shared.Usage;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.entity.MessageMetadata;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.MessageView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reconnect gets once a run's exact event log has expired: the stored answer as one final
 * ai_response with the whole text, then its closing events, numbered on from the reader's last id.
 */
final class Snapshot {

    private Snapshot() {
    }

    static List<Frame> of(String runId, long afterSeq, MessageView answer) {
        var events = new ArrayList<StreamEvent>();
        events.add(new StreamEvent.AiComplete(answer.id(), answer.content()));
        MessageMetadata metadata = answer.metadata();
        if (metadata != null) {
            events.add(new StreamEvent.Metadata(answer.id(), metadata.provider(), metadata.model(),
                    metadata.usage() == null ? Usage.of(null, null) : metadata.usage(),
                    metadata.ttftMs(), metadata.latencyMs(), metadata.finishReason()));
        }
        if (answer.status() == MessageStatus.failed) {
            events.add(new StreamEvent.Error(FailureCode.upstream_error.name(), "The answer failed before it was complete", true));
        }
        events.add(new StreamEvent.Done(answer.status() == MessageStatus.completed, answer.id(), answer.status().name()));
        var frames = new ArrayList<Frame>();
        long seq = afterSeq;
        Instant now = Instant.now();
        for (StreamEvent event : events) {
            seq++;
            frames.add(EventJson.frame(runId, seq, event, now));
        }
        return frames;
    }
}
