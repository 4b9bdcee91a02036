/** LLM providers: langchain4j's OpenAI-compatible client, the offline builtin answerer, and how they fail. */
package dev.chatstream.providers;
