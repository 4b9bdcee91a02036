/** What goes to a provider and what comes back: requests, completions, failures. */
package dev.chatstream.providers.entity;
