package dev.chatstream.shared;

/** The user everything belongs to: the token's organisation claim and its subject. */
public record Owner(String orgId, String userId) {
}
