/** The web UI's pages (served from the WAR's webapp folder) and the headers they are served with. */
package dev.chatstream.ui;
