package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.chatstream.problems.control.ProblemException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The providers by name (builtin, openai, gemini, anthropic) and the default one: CHAT_PROVIDER,
 * or openai when OPENAI_API_KEY is set, else builtin. A provider that is named but cannot work
 * (its key is not set) answers every call with provider_unavailable, so that a send still stores
 * the user's message and ends its stream properly.
 */
@ApplicationScoped
public class Providers {

    private static final Logger LOG = Logger.getLogger(Providers.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;
    private final UpstreamHttp http;
    private final Optional<String> configuredProvider;
    private final Optional<String> openAiKey;
    private final String openAiBaseUrl;
    private final Optional<String> anthropicKey;
    private final String anthropicBaseUrl;
    private final Optional<String> geminiKey;
    private final String geminiBaseUrl;
    private final Optional<String> model;
    private final int maxTokens;
    private final double temperature;
    private final long builtinWordDelayMillis;

    @Inject
    public Providers(UpstreamHttp http,
                     @ConfigProperty(name = "CHAT_PROVIDER") Optional<String> configuredProvider,
                     @ConfigProperty(name = "OPENAI_API_KEY") Optional<String> openAiKey,
                     @ConfigProperty(name = "OPENAI_BASE_URL") String openAiBaseUrl,
                     @ConfigProperty(name = "ANTHROPIC_API_KEY") Optional<String> anthropicKey,
                     @ConfigProperty(name = "ANTHROPIC_BASE_URL") String anthropicBaseUrl,
                     @ConfigProperty(name = "GEMINI_API_KEY") Optional<String> geminiKey,
                     @ConfigProperty(name = "GEMINI_BASE_URL") String geminiBaseUrl,
                     @ConfigProperty(name = "AI_MODEL") Optional<String> model,
                     @ConfigProperty(name = "AI_MAX_TOKENS") int maxTokens,
                     @ConfigProperty(name = "AI_TEMPERATURE") double temperature,
                     @ConfigProperty(name = "CHAT_BUILTIN_WORD_DELAY_MILLIS") long builtinWordDelayMillis) {
        this.http = http;
        this.configuredProvider = configuredProvider;
        this.openAiKey = openAiKey;
        this.openAiBaseUrl = openAiBaseUrl;
        this.anthropicKey = anthropicKey;
        this.anthropicBaseUrl = anthropicBaseUrl;
        this.geminiKey = geminiKey;
        this.geminiBaseUrl = geminiBaseUrl;
        this.model = model;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.builtinWordDelayMillis = builtinWordDelayMillis;
    }

    protected Providers() {
        this(null, Optional.empty(), Optional.empty(), null, Optional.empty(), null, Optional.empty(), null, Optional.empty(), 0, 0, 0);
    }

    private Map<String, ChatProvider> byName;
    private ChatProvider provider;

    @PostConstruct
    void choose() {
        // AI_MODEL names the default provider's model; the others answer with their usual one
        String name = configuredProvider.filter(value -> !value.isBlank())
                .map(Providers::normalised)
                .orElse(openAiKey.filter(key -> !key.isBlank()).isPresent() ? "openai" : "builtin");
        Function<String, String> modelOf = providerName -> providerName.equals(name) ? model.orElse(null) : null;
        var providers = new LinkedHashMap<String, ChatProvider>();
        providers.put("builtin", new BuiltinProvider(scheduler, builtinWordDelayMillis));
        providers.put("openai", withKey("openai", "OPENAI_API_KEY", openAiKey,
                key -> LangChainProvider.openAi(http, openAiBaseUrl, key, modelOf.apply("openai"), maxTokens, temperature)));
        providers.put("anthropic", withKey("anthropic", "ANTHROPIC_API_KEY", anthropicKey,
                key -> LangChainProvider.anthropic(http, anthropicBaseUrl, key, modelOf.apply("anthropic"), maxTokens, temperature)));
        providers.put("gemini", withKey("gemini", "GEMINI_API_KEY", geminiKey,
                key -> LangChainProvider.gemini(http, geminiBaseUrl, key, modelOf.apply("gemini"), maxTokens, temperature)));
        byName = Map.copyOf(providers);
        provider = providers.getOrDefault(name,
                new Unavailable(name, "CHAT_PROVIDER names no known provider (" + String.join(", ", providers.keySet()) + ")"));
        LOG.info(() -> "Chat provider: " + provider.name() + " (model " + provider.model() + ")");
    }

    /** The provider called {@code name}; null or blank names the default. An unknown name is a 400. */
    public ChatProvider named(String name) {
        if (name == null || name.isBlank()) {
            return provider;
        }
        var named = byName.get(normalised(name));
        if (named == null) {
            throw ProblemException.badRequest("Unknown provider: use one of builtin, openai, anthropic, gemini");
        }
        return named;
    }

    private static String normalised(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** The provider when its key is set, else one that answers provider_unavailable saying which key is missing. */
    private static ChatProvider withKey(String name, String keyName, Optional<String> key, Function<String, ChatProvider> provider) {
        return key.filter(value -> !value.isBlank()).map(provider).orElseGet(() -> new Unavailable(name, keyName + " is not set"));
    }

    /** A configured provider that cannot answer: every call fails with provider_unavailable. */
    private record Unavailable(String name, String reason) implements ChatProvider {

        @Override
        public String model() {
            return "none";
        }

        @Override
        public UpstreamCall start(GenerationRequest request, GenerationListener listener) {
            listener.onFailure(ProviderFailure.of(FailureCode.provider_unavailable,
                    "No LLM provider is available: " + reason, false));
            return () -> { };
        }
    }
}
