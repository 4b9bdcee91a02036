/** The caller's identity from the token, and the generated development key and token. */
package dev.chatstream.security.control;
