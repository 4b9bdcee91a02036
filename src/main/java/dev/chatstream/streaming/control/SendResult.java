package dev.chatstream.streaming.control;

import dev.chatstream.threads.entity.MessageView;

/** A non-streaming send's answer, as the contract shapes it. */
public record SendResult(String response, MessageView message, MessageView userMessage) {
}
