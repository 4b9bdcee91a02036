/** The organisation's knowledge base: collections, documents, hybrid search, and grounding answers in it. */
package dev.chatstream.knowledge;
