/** RFC 9457 problem details: every failure a client sees, produced in one place. */
package dev.chatstream.problems;
