/** Workflow definitions as records, read from JSON. */
package dev.chatstream.workflows.entity;
