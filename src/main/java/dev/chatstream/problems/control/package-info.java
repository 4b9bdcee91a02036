/** The exception that carries a problem from anywhere in the code to its mapper. */
package dev.chatstream.problems.control;
