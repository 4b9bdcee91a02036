/** Value types every capability speaks in (who owns what, token usage, a citation) and the ids of stored rows; depends on nothing. */
package dev.chatstream.shared;
