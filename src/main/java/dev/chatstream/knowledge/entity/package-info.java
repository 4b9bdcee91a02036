/** Stored collections, documents and chunks, and the records search and answers speak. */
package dev.chatstream.knowledge.entity;
