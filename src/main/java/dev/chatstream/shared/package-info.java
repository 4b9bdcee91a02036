/** Value types every capability speaks in (who owns what, token usage, a citation); depends on nothing. */
package dev.chatstream.shared;
