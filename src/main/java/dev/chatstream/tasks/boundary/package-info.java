/** The /api/ai endpoints: each task streamed and whole, and the kept results. */
package dev.chatstream.tasks.boundary;
