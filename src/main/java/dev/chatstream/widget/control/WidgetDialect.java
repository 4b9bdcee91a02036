package dev.chatstream.widget.control;

import dev.chatstream.platform.Json;
import dev.chatstream.shared.CitationView;
import dev.chatstream.streaming.control.SseDialect;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000's frames, one {@code data:} line each: {@code status} (searching, then the sources
 * found), {@code content} per delta, {@code citations} after the text, {@code done}; a failure
 * is {@code error} then {@code done}. One per reader: it holds the citations until the answer is complete.
 */
final class WidgetDialect implements SseDialect {

    static final String SEARCHING = "Searching for relevant information...";

    private List<CitationView> citations = List.of();
    private boolean failed;

    @Override
    public byte[] render(Frame frame) {
        var event = frame.event();
        if (event instanceof StreamEvent.Connected) {
            return SseDialect.dataFrames(status(SEARCHING));
        }
        if (event instanceof StreamEvent.Citations found && !found.citations().isEmpty()) {
            citations = found.citations();
            return SseDialect.dataFrames(status("Found " + citations.size() + " relevant sources. Generating answer..."));
        }
        if (event instanceof StreamEvent.AiDelta delta) {
            return SseDialect.deltaFrame("{\"type\":\"content\",\"data\":", delta.content(), "}");
        }
        if (event instanceof StreamEvent.Error error) {
            failed = true;
            return SseDialect.dataFrames(error(error.message()));
        }
        if (event instanceof StreamEvent.Done done) {
            var last = new ArrayList<JsonObject>();
            if (done.success()) {
                var sources = Json.JSON_P.createArrayBuilder();
                for (var citation : citations) {
                    var source = Json.JSON_P.createObjectBuilder().add("title", citation.title());
                    if (citation.url() == null) {
                        source.addNull("url");
                    } else {
                        source.add("url", citation.url());
                    }
                    sources.add(source.add("snippet", citation.snippet()).add("score", citation.score()));
                }
                last.add(object("citations").add("data", sources).build());
            } else if (!failed) {
                last.add(error("The answer was " + done.status()));
            }
            last.add(object("done").build());
            return SseDialect.dataFrames(last);
        }
        return null;
    }

    private static JsonObject status(String message) {
        return object("status").add("message", message).build();
    }

    private static JsonObject error(String message) {
        return object("error").add("message", message).build();
    }

    private static JsonObjectBuilder object(String type) {
        return Json.JSON_P.createObjectBuilder().add("type", type);
    }
}
