/** Loading and validating definitions, and cutting answers after a step's number of sentences. */
package dev.chatstream.workflows.control;
