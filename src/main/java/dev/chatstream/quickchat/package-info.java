/** Seed 001's surface: one input, one streamed answer, from any configured provider, stored as a thread of its own. */
package dev.chatstream.quickchat;
