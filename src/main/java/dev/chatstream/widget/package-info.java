/** Seed 000's surface: anonymous questions to a public collection from the embeddable widget, with its sessions. */
package dev.chatstream.widget;
