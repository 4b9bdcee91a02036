/** Choosing, calling and cancelling providers; the HTTP client their streams run on. */
package dev.chatstream.providers.control;
