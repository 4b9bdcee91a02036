package dev.chatstream.providers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which provider CHAT_PROVIDER and the keys select, and what a chosen provider that cannot work answers. */
class ProvidersTest {

    @Test
    void withNothingConfiguredTheBuiltinProviderAnswers() {
        assertEquals("builtin", chosen(Optional.empty()).name());
    }

    @Test
    void aChosenProviderWithoutItsKeyAnswersProviderUnavailableNamingTheKey() {
        for (var expected : List.of(List.of("openai", "OPENAI_API_KEY"), List.of("anthropic", "ANTHROPIC_API_KEY"),
                List.of("gemini", "GEMINI_API_KEY"))) {
            var provider = chosen(Optional.of(" " + expected.get(0).toUpperCase() + " "));
            assertEquals(expected.get(0), provider.name());
            var failure = failureOf(provider);
            assertEquals(FailureCode.provider_unavailable, failure.code());
            assertTrue(failure.message().contains(expected.get(1) + " is not set"), failure.message());
            assertFalse(failure.retryable());
        }
    }

    @Test
    void anUnknownProviderSaysWhichNamesExist() {
        var failure = failureOf(chosen(Optional.of("mistral")));
        assertEquals(FailureCode.provider_unavailable, failure.code());
        assertTrue(failure.message().contains("builtin, openai, anthropic, gemini"), failure.message());
    }

    @Test
    void eachProviderIsThereByNameWhateverTheDefault() {
        var providers = providers(Optional.of("openai"), Optional.of("sk-test"));
        assertEquals("openai", providers.named(null).name());
        assertEquals("openai", providers.named(" ").name());
        assertEquals("builtin", providers.named("Builtin").name());
        assertEquals("openai", providers.named("openai").name());
        var gemini = providers.named("gemini");
        assertEquals("gemini", gemini.name());
        assertTrue(failureOf(gemini).message().contains("GEMINI_API_KEY is not set"));
    }

    @Test
    void anUnknownProviderNameIsABadRequest() {
        var refused = assertThrows(ProblemException.class, () -> providers(Optional.empty(), Optional.empty()).named("mistral"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("builtin, openai, anthropic, gemini"), refused.getMessage());
    }

    private static ChatProvider chosen(Optional<String> configured) {
        return providers(configured, Optional.empty()).named(null);
    }

    private static Providers providers(Optional<String> configured, Optional<String> openAiKey) {
        var providers = new Providers(new UpstreamHttp(100, 60), configured, openAiKey, "http://unused", Optional.empty(), "http://unused",
                Optional.empty(), "http://unused", Optional.empty(), 1000, 0.7, 0);
        providers.choose();
        return providers;
    }

    private static ProviderFailure failureOf(ChatProvider provider) {
        var failures = new ArrayList<ProviderFailure>();
        provider.start(new GenerationRequest(null, List.of(), null, List.of(), null), new GenerationListener() {
            @Override
            public void onDelta(String text) {
                throw new AssertionError("no text from an unavailable provider");
            }

            @Override
            public void onComplete(Completion completion) {
                throw new AssertionError("no completion from an unavailable provider");
            }

            @Override
            public void onFailure(ProviderFailure failure) {
                failures.add(failure);
            }
        });
        assertEquals(1, failures.size());
        return failures.get(0);
    }
}
