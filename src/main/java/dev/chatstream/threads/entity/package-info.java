/** The stored thread and message, and the enums that describe them. */
package dev.chatstream.threads.entity;
