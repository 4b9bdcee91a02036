/** Parsing, chunking, embedding, indexing and searching documents, with every filter inside the query. */
package dev.chatstream.knowledge.control;
