/** Workflows: guided steps a thread follows, each with its own instructions and limits. */
package dev.chatstream.workflows;
