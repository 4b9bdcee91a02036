/** The filter that lets only token holders into the API. */
package dev.chatstream.security.boundary;
