/** A quick chat run through the primary API's pipeline, its chunk frames, and the demo stream. */
package dev.chatstream.quickchat.control;
