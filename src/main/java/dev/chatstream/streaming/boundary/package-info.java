/** The streaming and non-streaming send endpoints and the SSE response headers. */
package dev.chatstream.streaming.boundary;
