package dev.chatstream.providers.control;

/** A generation in flight; cancel stops it at once, with no callback after. */
@FunctionalInterface
public interface UpstreamCall {

    void cancel();
}
