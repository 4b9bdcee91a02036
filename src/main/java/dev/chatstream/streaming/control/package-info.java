/** Starting, relaying, timing out and finishing runs, apart from any one HTTP connection. */
package dev.chatstream.streaming.control;
