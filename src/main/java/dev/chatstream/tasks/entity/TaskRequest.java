package dev.chatstream.tasks.entity;

/**
 * {@code {issueId, issueType, currentDescription, priority?, regenerate?, provider?}}: the issue a
 * task works on. The same request within an hour is answered from the kept results unless
 * {@code regenerate} is true; {@code provider} picks one by name as seed 001 does.
 */
public record TaskRequest(String issueId, String issueType, String currentDescription, String priority,
                          Boolean regenerate, String provider) {
}
