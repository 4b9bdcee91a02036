/** The seed's request and reply bodies. */
package dev.chatstream.quickchat.entity;
