package dev.chatstream.threads.boundary;

/**
 * The request bodies of the threads API. They carry no Bean Validation annotations: Payara's
 * OpenAPI scanner fails on them on record components (/openapi answered 500), so lengths and
 * required fields are checked by the service.
 */
public final class Requests {

    private Requests() {
    }

    public record CreateThread(String title, String workflow, String collection) {
    }

    public record RenameThread(String title) {
    }

    /** Blank and oversized content are judged by the send itself (400 and 413). */
    public record SendMessage(String content) {
    }
}
