/** Owning, paging and changing threads and messages. */
package dev.chatstream.threads.control;
