/** The event protocol's events, one record per type under a sealed interface. */
package dev.chatstream.streaming.entity;
