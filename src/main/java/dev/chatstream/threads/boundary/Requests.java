package dev.chatstream.threads.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request bodies of the threads API. */
public final class Requests {

    private Requests() {
    }

    public record CreateThread(@Size(max = 500) String title, String workflow, @Size(max = 200) String collection) {
    }

    public record RenameThread(@NotNull @Size(max = 500) String title) {
    }

    /** Blank and oversized content are judged by the send itself (400 and 413). */
    public record SendMessage(String content) {
    }
}
