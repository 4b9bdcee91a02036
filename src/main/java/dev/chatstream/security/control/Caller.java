package dev.chatstream.security.control;

import dev.chatstream.shared.Owner;

/**
 * The authenticated caller as the token describes them.
 *
 * @param clearance the highest security level of knowledge they may read
 * @param profile   who they are, for the system prompt; its parts are null when the token lacks them
 */
public record Caller(Owner owner, int clearance, boolean admin, Profile profile) {

    public Caller(Owner owner, int clearance, boolean admin) {
        this(owner, clearance, admin, new Profile(null, null, null));
    }

    /** From the claims {@code name} (or {@code given_name}), {@code role}, {@code locale} (or {@code language}). */
    public record Profile(String name, String role, String language) {
    }
}
