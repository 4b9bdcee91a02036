/** Threads and their messages: the primary API's resources, their storage and paging. */
package dev.chatstream.threads;
