/** Seeds 002/004's AI tasks on an issue (refine, estimate, break down), streamed or whole, validated, kept per user. */
package dev.chatstream.tasks;
