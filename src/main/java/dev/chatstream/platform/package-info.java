/** Shared plumbing every capability stands on: the database, JSON and the settings. */
package dev.chatstream.platform;
