/** The widget's endpoints: /api/chat/stream and /api/chat-history/{sessionId}, open to any site. */
package dev.chatstream.widget.boundary;
