package dev.chatstream.threads.entity;

public enum MessageRole {
    user, assistant
}
