package dev.chatstream.problems.control;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** An unexpected failure goes to the log under an incident id; the client is told only the id. */
public final class Incidents {

    private Incidents() {
    }

    /** Logs {@code failure} with {@code what} happened; returns the incident id to show instead. */
    public static String log(Logger log, String what, Throwable failure) {
        String incident = UUID.randomUUID().toString();
        log.log(Level.SEVERE, what + " (incident " + incident + ")", failure);
        return incident;
    }
}
