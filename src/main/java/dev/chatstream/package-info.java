/** chatstream: a streaming chat backend for Jakarta EE, one package per capability. */
package dev.chatstream;
