package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.ProviderFailure;

/** Receives a generation as it happens. After onComplete or onFailure nothing more arrives. */
public interface GenerationListener {

    void onDelta(String text);

    void onComplete(Completion completion);

    void onFailure(ProviderFailure failure);
}
