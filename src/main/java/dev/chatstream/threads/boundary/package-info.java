/** The /api/chat/threads REST resources and the transfer records they speak. */
package dev.chatstream.threads.boundary;
