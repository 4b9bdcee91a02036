/** A widget question run through the primary pipeline, its session's thread, the per-client limit and the seed's frames. */
package dev.chatstream.widget.control;
