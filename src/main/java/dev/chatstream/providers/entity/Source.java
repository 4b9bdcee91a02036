package dev.chatstream.providers.entity;

/** A retrieved passage given to the model, to be cited as [index]. */
public record Source(int index, String title, String text) {
}
