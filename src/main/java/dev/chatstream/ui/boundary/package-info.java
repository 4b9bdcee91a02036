/** The pages' Content-Security-Policy and the cross-origin rules of the assets the widget loads. */
package dev.chatstream.ui.boundary;
