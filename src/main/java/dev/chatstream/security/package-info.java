/** Who is calling: MP-JWT bearer tokens, the user they name, and the dev key for newcomers. */
package dev.chatstream.security;
