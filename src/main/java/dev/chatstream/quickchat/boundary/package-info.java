/** The seed's endpoints: /api/stream/chat, /api/stream/chat-get, the /api/stream/sse demo and /api/flows/ask. */
package dev.chatstream.quickchat.boundary;
