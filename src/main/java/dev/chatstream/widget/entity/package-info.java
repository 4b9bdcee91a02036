/** The widget's request and history bodies, in the seed's shapes. */
package dev.chatstream.widget.entity;
