package dev.chatstream.security.control;

import dev.chatstream.threads.entity.Owner;

/**
 * The authenticated caller as the token describes them.
 *
 * @param clearance the highest security level of knowledge they may read
 */
public record Caller(Owner owner, int clearance, boolean admin) {
}
