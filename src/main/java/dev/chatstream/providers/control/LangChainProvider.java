package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.ChatTurn;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.chatstream.shared.Usage;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider through langchain4j's streaming chat model: OpenAI (or any server that speaks its
 * chat completions API), Anthropic or Gemini. All three go over our {@link UpstreamHttp}, so that
 * cancelling closes the connection at once, and share the relay of langchain4j's callbacks; only
 * the model each factory builds differs (langchain4j's builders have no common type).
 */
final class LangChainProvider implements ChatProvider {

    static final String OPENAI_MODEL = "gpt-4o-mini";
    static final String ANTHROPIC_MODEL = "claude-3-5-haiku-latest";
    static final String GEMINI_MODEL = "gemini-2.0-flash";

    private final String name;
    private final UpstreamHttp http;
    private final String model;
    private final int maxTokens;
    private final StreamingChatModel streamingModel;

    private LangChainProvider(String name, UpstreamHttp http, String model, int maxTokens, StreamingChatModel streamingModel) {
        this.name = name;
        this.http = http;
        this.model = model;
        this.maxTokens = maxTokens;
        this.streamingModel = streamingModel;
    }

    static LangChainProvider openAi(UpstreamHttp http, String baseUrl, String apiKey, String model, int maxTokens, double temperature) {
        String modelName = model == null ? OPENAI_MODEL : model;
        return new LangChainProvider("openai", http, modelName, maxTokens, OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(modelName)
                .temperature(temperature)
                .httpClientBuilder(http.clientBuilder())
                .build());
    }

    static LangChainProvider anthropic(UpstreamHttp http, String baseUrl, String apiKey, String model, int maxTokens, double temperature) {
        String modelName = model == null ? ANTHROPIC_MODEL : model;
        return new LangChainProvider("anthropic", http, modelName, maxTokens, AnthropicStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(modelName)
                .temperature(temperature)
                .httpClientBuilder(http.clientBuilder())
                .build());
    }

    static LangChainProvider gemini(UpstreamHttp http, String baseUrl, String apiKey, String model, int maxTokens, double temperature) {
        String modelName = model == null ? GEMINI_MODEL : model;
        return new LangChainProvider("gemini", http, modelName, maxTokens, GoogleAiGeminiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(modelName)
                .temperature(temperature)
                .httpClientBuilder(http.clientBuilder())
                .build());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public UpstreamCall start(GenerationRequest request, GenerationListener listener) {
        var handler = new Handler(listener);
        var chatRequest = ChatRequest.builder()
                .messages(messages(request))
                .maxOutputTokens(request.maxTokens() == null ? maxTokens : request.maxTokens())
                .build();
        var connection = http.newConnection();
        handler.watch(connection);
        http.call(connection, () -> {
            try {
                streamingModel.chat(chatRequest, handler);
            } catch (RuntimeException e) {
                handler.onError(e);
            }
        });
        return connection;
    }

    private static List<ChatMessage> messages(GenerationRequest request) {
        var messages = new ArrayList<ChatMessage>();
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.add(SystemMessage.from(request.systemPrompt()));
        }
        for (ChatTurn turn : request.turns()) {
            messages.add(turn.speaker() == ChatTurn.Speaker.user ? UserMessage.from(turn.content()) : AiMessage.from(turn.content()));
        }
        return messages;
    }

    /** Relays langchain4j's callbacks, ending the generation exactly once. */
    private final class Handler implements StreamingChatResponseHandler {

        private final GenerationListener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private UpstreamConnection connection;

        Handler(GenerationListener listener) {
            this.listener = listener;
        }

        void watch(UpstreamConnection connection) {
            this.connection = connection;
            connection.whenClosed(this::closed);
        }

        @Override
        public void onPartialResponse(String text) {
            if (!ended.get() && text != null && !text.isEmpty()) {
                listener.onDelta(text);
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            if (ended.compareAndSet(false, true)) {
                listener.onComplete(new Completion(usage(response.tokenUsage()),
                        response.modelName() == null ? model : response.modelName(),
                        finishReason(response.finishReason())));
            }
        }

        @Override
        public void onError(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                var seen = connection.failure();
                listener.onFailure(FailureClassifier.classify(name(), seen != null ? seen : error));
            }
        }

        /** The provider closed the stream; if it never said it was done, the answer is cut short. */
        void closed() {
            if (ended.compareAndSet(false, true)) {
                listener.onFailure(ProviderFailure.of(FailureCode.upstream_error,
                        name() + " ended the stream before finishing", true));
            }
        }
    }

    private static Usage usage(TokenUsage usage) {
        return usage == null ? Usage.of(null, null) : Usage.of(usage.inputTokenCount(), usage.outputTokenCount());
    }

    private static String finishReason(FinishReason reason) {
        return reason == null ? "stop" : reason.name().toLowerCase(Locale.ROOT);
    }
}
