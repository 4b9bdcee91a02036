package dev.chatstream.threads.entity;

/** Lower-case names because they are the contract's wire values. */
public enum MessageStatus {
    completed, streaming, failed, cancelled, interrupted
}
