package dev.chatstream.providers.entity;

/** One earlier message of the conversation as the model sees it. */
public record ChatTurn(Speaker speaker, String content) {

    public enum Speaker { user, assistant }
}
