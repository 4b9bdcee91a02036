/** Tokens verified once and the callers they name, and the generated development key and token. */
package dev.chatstream.security.control;
