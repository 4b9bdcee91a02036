/** The /api/kb REST resources. */
package dev.chatstream.knowledge.boundary;
