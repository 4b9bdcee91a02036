/** Runs: one generation each, its event log, and the SSE streams that read it. */
package dev.chatstream.streaming;
