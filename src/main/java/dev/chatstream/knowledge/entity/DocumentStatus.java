package dev.chatstream.knowledge.entity;

/** Lower-case: the contract's wire values. */
public enum DocumentStatus {
    pending, indexed, failed
}
